package org.pkpo.internal.kernels;

import org.pkpo.Seeds;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The 0-1 principle: a network sorts everything iff it sorts every 0-1 input (exhaustive up to 20). */
@ExtendWith(Seeds.class)
class SortingNetworkTest {
    @Test
    void sortsEveryZeroOneInputUpTo20() {
        for (int n = 0; n <= 20; n++) {
            int[] net = SortingNetwork.of(n);
            for (int bits = 0; bits < (1 << n); bits++) {
                int v = apply(net, bits);
                int ones = Integer.bitCount(bits);
                int want = ones == 0 ? 0 : ((1 << ones) - 1) << (n - ones);
                assertTrue(v == want, "n=" + n + " input " + Integer.toBinaryString(bits));
            }
        }
    }

    @Test
    void sortsRandomInputsUpToMax() {
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(7));
        int[] ns = java.util.stream.IntStream.concat(java.util.stream.IntStream.rangeClosed(21, 130),
                java.util.stream.IntStream.of(255, 256, 257, 1000, 1023, 1024, 4095, SortingNetwork.MAX_N)).toArray();
        for (int n : ns) {
            int[] net = SortingNetwork.of(n);
            for (int t = 0; t < (n > 256 ? 20 : 500); t++) {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = rnd.nextInt(t % 2 == 0 ? 4 : 1000);
                }
                for (int c = 0; c < net.length; c += 2) {
                    int lo = net[c];
                    int hi = net[c + 1];
                    assertTrue(lo < hi && hi < n);
                    if (a[lo] > a[hi]) {
                        int x = a[lo];
                        a[lo] = a[hi];
                        a[hi] = x;
                    }
                }
                for (int i = 1; i < n; i++) {
                    assertTrue(a[i - 1] <= a[i], "n=" + n);
                }
            }
        }
    }

    /** Bit i of the result is position i; 1s must end up at the top positions. */
    private static int apply(int[] net, int bits) {
        for (int c = 0; c < net.length; c += 2) {
            int lo = net[c];
            int hi = net[c + 1];
            int a = (bits >> lo) & 1;
            int b = (bits >> hi) & 1;
            if (a > b) {
                bits ^= (1 << lo) | (1 << hi);
            }
        }
        return bits;
    }
}
