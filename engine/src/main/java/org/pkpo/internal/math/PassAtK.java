package org.pkpo.internal.math;

import org.pkpo.PkpoException;

/** Eq. 3 from counts. */
public final class PassAtK {
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
     * C(n-c, k) / C(n, k) = prod_{i=n-c+1}^{n} (1 - k/i). Summing log1p and finishing with expm1 keeps full
     * relative precision when pass@k is tiny, where 1 - product would cancel.
     */
    public static double compute(long n, long c, int k) {
        if (n - c < k) {
            return 1.0;
        }
        double logMiss = 0;
        for (long i = n - c + 1; i <= n; i++) {
            logMiss += Math.log1p(-(double) k / i);
        }
        return -Math.expm1(logMiss);
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
