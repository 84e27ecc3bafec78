package org.pkpo;

/** Eq. 3 from counts. */
final class PassAtK {
    private PassAtK() {
    }

    static String whyInvalid(long n, long c, int k) {
        if (k < 1) {
            return "k must be >= 1, got k=" + k;
        }
        if (n < k) {
            return "pass@k needs n >= k, got n=" + n + ", k=" + k
                    + " (no unbiased estimate exists for n < k, Corollary 2)";
        }
        if (c < 0 || c > n) {
            return "pass@k needs 0 <= c <= n, got c=" + c + ", n=" + n;
        }
        return null;
    }

    static double of(long n, long c, int k) {
        String why = whyInvalid(n, c, k);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        return compute(n, c, k);
    }

    /**
     * C(n-c, k) / C(n, k) = prod_{i=n-c+1}^{n} (1 - k/i). Summing log1p and finishing with expm1 keeps full
     * relative precision when pass@k is tiny, where 1 - product would cancel.
     */
    static double compute(long n, long c, int k) {
        if (n - c < k) {
            return 1.0;
        }
        double logMiss = 0;
        for (long i = n - c + 1; i <= n; i++) {
            logMiss += Math.log1p(-(double) k / i);
        }
        return -Math.expm1(logMiss);
    }

    static void batch(long[] n, long[] c, int k, double[] out) {
        if (n == null || c == null || out == null) {
            throw new IllegalArgumentException("n, c and out must not be null");
        }
        if (n.length != c.length || out.length != n.length) {
            throw new IllegalArgumentException("n, c and out must have equal lengths, got " + n.length + ", "
                    + c.length + ", " + out.length);
        }
        for (int i = 0; i < n.length; i++) {
            String why = whyInvalid(n[i], c[i], k);
            if (why != null) {
                throw new IllegalArgumentException("problem " + i + ": " + why);
            }
        }
        for (int i = 0; i < n.length; i++) {
            out[i] = compute(n[i], c[i], k);
        }
    }
}
