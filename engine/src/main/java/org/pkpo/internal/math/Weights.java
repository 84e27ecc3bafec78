package org.pkpo.internal.math;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
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
    /**
     * Groups of up to SMALL_N rewards (every (n, k) of them: at most 2 x 64^3 / 2 doubles) keep their weights
     * here, found without boxing a Long key, so that a warm call on small groups allocates nothing.
     */
    private static final int SMALL_N = 64;
    private static final AtomicReferenceArray<double[]> SMALL = new AtomicReferenceArray<>((SMALL_N + 1) * SMALL_N * 2);
    private static final AtomicLong CACHED_DOUBLES = new AtomicLong();

    private Weights() {
    }

    /** Cached weights for 1 <= k <= n; callers must not modify the array. */
    public static double[] of(int n, int k) {
        return cached(n, k, false);
    }

    /**
     * Cached cumulative weights W[j] = w[0] + ... + w[j] = C(j+1, k) / C(n, k), for rho in gap form:
     * rho = x[n-1] - sum_j W[j] (x[j+1] - x[j]). Callers must not modify the array.
     */
    public static double[] cumulative(int n, int k) {
        return cached(n, k, true);
    }

    private static double[] cached(int n, int k, boolean cumulative) {
        assert k >= 1 && k <= n : "k=" + k + ", n=" + n;
        if (n <= SMALL_N) {
            int slot = (n * SMALL_N + (k - 1)) * 2 + (cumulative ? 1 : 0);
            double[] w = SMALL.get(slot);
            if (w == null) {
                // A racing thread may store its own, equal copy: either is fine.
                w = cumulative ? computeCumulative(n, k) : compute(n, k);
                SMALL.set(slot, w);
            }
            return w;
        }
        Long key = ((long) n << 32) | k | (cumulative ? 1L << 62 : 0);
        double[] w = CACHE.get(key);
        if (w != null) {
            return w;
        }
        w = cumulative ? computeCumulative(n, k) : compute(n, k);
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

    /** Top-down as {@link #compute}: W[n-1] = 1 and W[j-1] / W[j] = C(j, k) / C(j+1, k) = (j+1-k) / (j+1). */
    public static double[] computeCumulative(int n, int k) {
        double[] c = new double[n];
        double v = 1;
        c[n - 1] = v;
        for (int j = n - 1; j >= k; j--) {
            v = v * (j + 1 - k) / (j + 1);
            c[j - 1] = v;
        }
        return c;
    }
}
