package org.pkpo.internal.math;

import org.pkpo.PkpoException;
import org.pkpo.internal.eval.LogRatios;

/** Eq. 3 from counts. */
public final class PassAtK {
    /**
     * Below this log of C(n-c, k) / C(n, k), 1 - e^x rounds to 1.0 (e^-40 is under half an ulp of 1), so the
     * remaining factors cannot change the answer.
     */
    private static final double LOG_MISS_SATURATED = -40;

    private PassAtK() {
    }

    /** The problem with (n, c, k), prefixed by {@code where}, or null when they are valid. */
    public static PkpoException check(long n, long c, int k, String where) {
        if (k < 1) {
            return new PkpoException(PkpoException.Reason.BAD_K, where + "k must be >= 1, got k=" + k);
        }
        if (n < k) {
            return new PkpoException(PkpoException.Reason.BAD_K, where + "pass@k needs n >= k, got n=" + n + ", k=" + k
                    + " (no unbiased estimate exists for n < k, Corollary 2)");
        }
        if (c < 0 || c > n) {
            return new PkpoException(PkpoException.Reason.INVALID_ARGUMENT,
                    where + "pass@k needs 0 <= c <= n, got c=" + c + ", n=" + n);
        }
        return null;
    }

    public static double of(long n, long c, int k) {
        PkpoException bad = check(n, c, k, "");
        if (bad != null) {
            throw bad;
        }
        return compute(n, c, k);
    }

    /**
     * 1 - C(n-c, k) / C(n, k). The ratio is a product of k factors, (n-c-i) / (n-i) for i < k, or equally of
     * c factors, (n-k-j) / (n-j) for j < c; the shorter one is used, so the time is O(min(k, c)) for any n
     * (n = Long.MAX_VALUE included) and stops early once the answer has rounded to 1. Each factor's log is
     * taken to a few ulps (LogRatios), the logs are summed with compensation, and expm1 finishes without
     * cancelling: the result is within a few ulps of the exact value, and +0.0 for c = 0.
     */
    public static double compute(long n, long c, int k) {
        if (c == 0) {
            return 0.0;
        }
        if (n - c < k) {
            return 1.0;
        }
        long terms = Math.min(k, c);
        long deficit = Math.max(k, c);
        double sum = 0;
        double compensation = 0;
        for (long i = 0; i < terms; i++) {
            double x = LogRatios.logOneMinus(deficit, n - i);
            double t = sum + x;
            compensation += Math.abs(sum) >= Math.abs(x) ? (sum - t) + x : (x - t) + sum;
            sum = t;
            if (sum < LOG_MISS_SATURATED) {
                return 1.0;
            }
        }
        return -Math.expm1(sum + compensation);
    }

    public static void batch(long[] n, long[] c, int k, double[] out) {
        if (n == null || c == null || out == null) {
            throw new PkpoException(PkpoException.Reason.NULL_POINTER, "n, c and out must not be null");
        }
        if (n.length != c.length || out.length != n.length) {
            throw new PkpoException(PkpoException.Reason.BUFFER_TOO_SMALL, "n, c and out must have equal lengths, got " + n.length + ", "
                    + c.length + ", " + out.length);
        }
        for (int i = 0; i < n.length; i++) {
            PkpoException bad = check(n[i], c[i], k, "problem " + i + ": ");
            if (bad != null) {
                throw bad;
            }
        }
        for (int i = 0; i < n.length; i++) {
            out[i] = compute(n[i], c[i], k);
        }
    }
}
