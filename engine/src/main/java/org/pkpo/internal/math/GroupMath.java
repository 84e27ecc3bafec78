package org.pkpo.internal.math;

/**
 * The exact transforms of one group whose rewards are already sorted ascending: the reference that every
 * kernel must match. All arithmetic is double precision; O(n) after the sort.
 *
 * <p>Every per-sample output is built from differences of rewards (neighbouring sorted ones, or to one
 * reference sample), never from a sum that contains the group's offset: tied rewards get bit-identical
 * outputs, a constant group gives 0 for the shift-invariant estimators, and rounding errors are relative to
 * the group's range there (README, "Accuracy").
 */
public final class GroupMath {
    private GroupMath() {
    }

    /** Eq. 12: sum of w[i] x[i], with w = Weights.of(n, k). */
    public static double rho(double[] x, int n, int k) {
        return rho(Weights.of(n, k), x, n, k);
    }

    /** Eq. 12 given w = Weights.of(n, k) (for callers that keep the weights). */
    public static double rho(double[] w, double[] x, int n, int k) {
        double r = 0;
        for (int i = k - 1; i < n; i++) {
            r += w[i] * x[i];
        }
        return r;
    }

    /**
     * Writes y[i], the per-sample transform of x[i], for i in [0, n): x sorted ascending unless the plan is
     * {@link EstimatorPlan#orderFree() order-free}. Assumes {@code plan.whyInvalid(n) == null} and a per-sample plan.
     */
    public static void transform(EstimatorPlan plan, double[] x, double[] y, int n) {
        int kk = plan.baselineK();
        transform(plan, plan.orderFree() ? null : Weights.of(n, plan.k()), kk > 0 ? Weights.of(n - 1, kk) : null,
                x, y, n);
    }

    /**
     * {@link #transform(EstimatorPlan, double[], double[], int)} given the weights: w = Weights.of(n, k) and, for a
     * plan with a baseline, u = Weights.of(n - 1, plan.baselineK()) (either unused otherwise).
     */
    public static void transform(EstimatorPlan plan, double[] w, double[] u, double[] x, double[] y, int n) {
        if (plan.orderFree()) {
            loo(x, y, n);
        } else {
            gapSums(w, x, y, n);
            int kk = plan.baselineK();
            double top = plan.topCoefficient(n) * x[n - 1];
            if (kk > 0) {
                leaveOneOutGaps(u, x, y, n, kk, plan.baselineCoefficient(n), top);
            } else {
                for (int i = 0; i < n; i++) {
                    y[i] = top - y[i];
                }
            }
        }
        scale(plan.scaleStep(), y, n);
    }

    /** The plan's last step on the n outputs in y. */
    public static void scale(EstimatorPlan.ScaleStep step, double[] y, int n) {
        switch (step) {
            case NONE -> {
            }
            case MULTIPLY_BY_N -> {
                for (int i = 0; i < n; i++) {
                    y[i] *= n;
                }
            }
            case DIVIDE_BY_N -> {
                for (int i = 0; i < n; i++) {
                    y[i] /= n;
                }
            }
        }
    }

    /**
     * y[i] = S_i = sum_{j >= i} w[j] (x[j+1] - x[j]), given w = Weights.of(n, k): s_i = w[n-1] x[n-1] - S_i is
     * eq. 19-21 by the recursion of eq. 47 (with Pascal's rule m_ii + m_{i,i+1} = m_{i+1,i+1} its step is
     * s_i = s_{i+1} - w[i] (x[i+1] - x[i])). Kept apart from the x[n-1] term, every S_i is a sum of
     * non-negative gaps: its rounding error is relative to the group's range, whatever its offset. Below
     * position k-1 the weights are zero, so a sample that is never a subset's maximum gets S_{k-1}.
     */
    public static void gapSums(double[] w, double[] x, double[] y, int n) {
        double t = 0;
        y[n - 1] = 0;
        for (int i = n - 2; i >= 0; i--) {
            t += w[i] * (x[i + 1] - x[i]);
            y[i] = t;
        }
    }

    /**
     * Turns y[i] = S_i (from {@link #gapSums}) into top + c R_i - S_i, where R_i = x[n-1] - rho_kk(x without x[i])
     * and u = Weights.of(n-1, kk): the s transform minus c times the leave-one-out rho baseline, with
     * top = (w[n-1] - c) x[n-1]. R_0 = sum_{j >= 1} u[j-1] (x[n-1] - x[j]) (the weights sum to 1), and moving the
     * hole from i to i+1 adds u[i] (x[i+1] - x[i]) (the recursion of eq. 32). For sloo_minus_one top is 0, so
     * every output is made of gaps only: a constant group gives exactly 0, and a shift of the group changes
     * nothing but the rounding of the gaps.
     */
    public static void leaveOneOutGaps(double[] u, double[] x, double[] y, int n, int kk, double c, double top) {
        double hi = x[n - 1];
        double r = 0;
        for (int j = kk; j < n - 1; j++) {
            r += u[j - 1] * (hi - x[j]);
        }
        y[0] = top + c * r - y[0];
        for (int i = 0; i < n - 1; i++) {
            r += u[i] * (x[i + 1] - x[i]);
            y[i + 1] = top + c * r - y[i + 1];
        }
    }

    /**
     * Eq. 26: x[i] - mean of the others, as z_i - (sum z - z_i) / (n-1) with z_i = x[i] - min x: the offset
     * never enters a sum, so the error is relative to the group's range and a constant group gives exactly 0.
     * (The minimum, not some sample, so that the result does not depend on the order of the group.)
     */
    public static void loo(double[] x, double[] y, int n) {
        double ref = x[0];
        for (int i = 1; i < n; i++) {
            ref = Math.min(ref, x[i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += x[i] - ref;
        }
        double d = n - 1;
        for (int i = 0; i < n; i++) {
            double z = x[i] - ref;
            y[i] = z - (sum - z) / d;
        }
    }
}
