package org.pkpo.internal.kernels;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Batcher's odd-even merge sorting networks for 2..{@value #MAX_N} elements, as flat comparator tables
 * {@code (lo, hi)} pairs in layer order (comparators of one layer are independent, which gives the CPU
 * instruction-level parallelism). A network for n is the one for the next power of two with every
 * comparator that touches a position >= n dropped: padding with +infinity would make those no-ops.
 */
public final class SortingNetwork {
    public static final int MAX_N = 4096;

    // Built on first use: the table for 4096 has about 140,000 comparators.
    private static final AtomicReferenceArray<int[]> TABLES = new AtomicReferenceArray<>(MAX_N + 1);

    private SortingNetwork() {
    }

    /** Comparators for n elements: entries 2c and 2c+1 are the lower and upper position of comparator c. */
    public static int[] of(int n) {
        assert n >= 0 && n <= MAX_N : "n=" + n;
        int[] t = TABLES.get(n);
        if (t == null) {
            t = build(n);
            TABLES.compareAndSet(n, null, t);
        }
        return t;
    }

    private static int[] build(int n) {
        int p2 = 1;
        while (p2 < n) {
            p2 <<= 1;
        }
        int[] tmp = new int[64];
        int c = 0;
        // Knuth, TAOCP vol. 3, 5.3.4 (Batcher's merge exchange, layered form).
        for (int p = 1; p < p2; p <<= 1) {
            for (int k = p; k >= 1; k >>= 1) {
                for (int j = k % p; j + k < p2; j += 2 * k) {
                    for (int i = 0; i < Math.min(k, p2 - j - k); i++) {
                        int a = i + j;
                        int b = i + j + k;
                        if ((a / (2 * p)) == (b / (2 * p)) && b < n) {
                            if (c + 2 > tmp.length) {
                                tmp = Arrays.copyOf(tmp, 2 * tmp.length);
                            }
                            tmp[c++] = a;
                            tmp[c++] = b;
                        }
                    }
                }
            }
        }
        return Arrays.copyOf(tmp, c);
    }
}
