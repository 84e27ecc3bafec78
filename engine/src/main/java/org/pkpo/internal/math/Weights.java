package org.pkpo.internal.math;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The order-statistic weights w[i] = C(i, k-1) / C(n, k) for the 0-based sorted position i of a group of n.
 * They are eq. 13 normalised: rho = sum_i w[i] g_(i) (eq. 12), and w[i] (g_(i+1) - g_(i)) is the step of
 * the s recursion (eq. 47 after Pascal's rule). They depend on (n, k) only, so they are cached.
 */
public final class Weights {
    // Bounded so that a stream of ever-new (n, k) pairs cannot grow the heap without limit.
    private static final int MAX_ENTRIES = 1024;
    private static final long MAX_DOUBLES = 1L << 24;

    private static final ConcurrentHashMap<Long, double[]> CACHE = new ConcurrentHashMap<>();
    private static final AtomicLong CACHED_DOUBLES = new AtomicLong();

    private Weights() {
    }

    /** Cached weights for 1 <= k <= n; callers must not modify the array. */
    public static double[] of(int n, int k) {
        assert k >= 1 && k <= n : "k=" + k + ", n=" + n;
        Long key = ((long) n << 32) | k;
        double[] w = CACHE.get(key);
        if (w != null) {
            return w;
        }
        w = compute(n, k);
        if (CACHE.size() >= MAX_ENTRIES || CACHED_DOUBLES.get() + n > MAX_DOUBLES) {
            CACHE.clear();
            CACHED_DOUBLES.set(0);
        }
        if (CACHE.putIfAbsent(key, w) == null) {
            CACHED_DOUBLES.addAndGet(n);
        }
        return w;
    }

    /**
     * Top-down ratio recursion: w[n-1] = k/n, and w[i-1] / w[i] = C(i-1, k-1) / C(i, k-1) = (i-k+1) / i.
     * No factorials, so nothing overflows, and tiny weights underflow harmlessly to 0.
     */
    public static double[] compute(int n, int k) {
        double[] w = new double[n];
        double v = (double) k / n;
        w[n - 1] = v;
        for (int i = n - 1; i >= k; i--) {
            v = v * (i - k + 1) / i;
            w[i - 1] = v;
        }
        return w;
    }
}
