package org.pkpo;

/**
 * The exact transforms of one group whose rewards are already sorted ascending: the reference that every
 * kernel must match. All arithmetic is double precision; O(n) after the sort.
 *
 * <p>Every recursion below steps by a multiple of a difference of neighbouring sorted rewards, so tied
 * rewards get bit-identical outputs.
 */
final class GroupMath {
    private GroupMath() {
    }

    /** Eq. 12: sum of w[i] x[i]. */
    static double rho(double[] x, int n, int k) {
        double[] w = Weights.of(n, k);
        double r = 0;
        for (int i = k - 1; i < n; i++) {
            r += w[i] * x[i];
        }
        return r;
    }

    /**
     * Writes y[i], the transform of sorted x[i], for i in [0, n). Assumes {@code est.whyInvalid(k, n) == null}
     * and {@code est != RHO}.
     */
    static void transformSorted(Estimator est, int k, Scale scale, double[] x, double[] y, int n) {
        switch (est) {
            case S -> {
                s(Weights.of(n, k), x, y, n, k);
                scale(y, n, scale);
            }
            case SLOO -> {
                s(Weights.of(n, k), x, y, n, k);
                // Eq. 29 with the inner S normalised over the n-1 remaining samples: the baseline of sample i
                // is k/(n-1) * rho_k(x without x[i]).
                subtractLeaveOneOutRho(Weights.of(n - 1, k), x, y, n, k, (double) k / (n - 1));
                scale(y, n, scale);
            }
            case SLOO_MINUS_ONE -> {
                if (k == 1) {
                    loo(x, y, n);
                    if (scale == Scale.PAPER) {
                        for (int i = 0; i < n; i++) {
                            y[i] /= n;
                        }
                    }
                } else {
                    s(Weights.of(n, k), x, y, n, k);
                    // Eq. 33-34: the baseline of sample i is k/n * rho_{k-1}(x without x[i]).
                    subtractLeaveOneOutRho(Weights.of(n - 1, k - 1), x, y, n, k - 1, (double) k / n);
                    scale(y, n, scale);
                }
            }
            case LOO -> loo(x, y, n);
            case RHO -> throw new IllegalArgumentException("rho writes one value per group, not a transform");
        }
    }

    /**
     * Eq. 19-21 via the recursion of eq. 47, given w = Weights.of(n, k). With Pascal's rule
     * m_ii + m_{i,i+1} = m_{i+1,i+1}, the step of eq. 47 collapses to s_i = s_{i+1} - w[i] (x[i+1] - x[i]),
     * starting from s_{n-1} = w[n-1] x[n-1].
     */
    static void s(double[] w, double[] x, double[] y, int n, int k) {
        double t = w[n - 1] * x[n - 1];
        y[n - 1] = t;
        for (int i = n - 2; i >= k - 1; i--) {
            t -= w[i] * (x[i + 1] - x[i]);
            y[i] = t;
        }
        // Below position k-1 the weights are zero: a sample that can never be a subset's maximum
        // gets the value of the smallest one that can.
        for (int i = k - 2; i >= 0; i--) {
            y[i] = t;
        }
    }

    /**
     * y[i] -= c * rho_kk(x without x[i]) for every i, in O(n), given u = Weights.of(n-1, kk). Removing x[i]
     * from a sorted group leaves it sorted, so: rho(-0) = sum_{j>=1} u[j-1] x[j], and moving the hole from i to
     * i+1 changes the sum by u[i] (x[i] - x[i+1]) (the recursion of eq. 32).
     */
    static void subtractLeaveOneOutRho(double[] u, double[] x, double[] y, int n, int kk, double c) {
        double r = 0;
        for (int j = kk; j < n; j++) {
            r += u[j - 1] * x[j];
        }
        y[0] -= c * r;
        for (int i = 0; i < n - 1; i++) {
            r += u[i] * (x[i] - x[i + 1]);
            y[i + 1] -= c * r;
        }
    }

    /** Eq. 26: x[i] - mean of the others = x[i] - (sum - x[i]) / (n-1). */
    static void loo(double[] x, double[] y, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += x[i];
        }
        double d = n - 1;
        for (int i = 0; i < n; i++) {
            y[i] = x[i] - (sum - x[i]) / d;
        }
    }

    private static void scale(double[] y, int n, Scale scale) {
        if (scale == Scale.PER_SAMPLE) {
            for (int i = 0; i < n; i++) {
                y[i] *= n;
            }
        }
    }
}
