package org.pkpo.internal.math;

/**
 * The exact transforms of one group whose rewards are already sorted ascending: the reference that every
 * kernel must match. All arithmetic is double precision; O(n) after the sort.
 *
 * <p>Every recursion below steps by a multiple of a difference of neighbouring sorted rewards, so tied
 * rewards get bit-identical outputs.
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
            int k = plan.k();
            s(w, x, y, n, k);
            int kk = plan.baselineK();
            if (kk > 0) {
                subtractLeaveOneOutRho(u, x, y, n, kk, plan.baselineCoefficient(n));
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
     * Eq. 19-21 via the recursion of eq. 47, given w = Weights.of(n, k). With Pascal's rule
     * m_ii + m_{i,i+1} = m_{i+1,i+1}, the step of eq. 47 collapses to s_i = s_{i+1} - w[i] (x[i+1] - x[i]),
     * starting from s_{n-1} = w[n-1] x[n-1].
     */
    public static void s(double[] w, double[] x, double[] y, int n, int k) {
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
    public static void subtractLeaveOneOutRho(double[] u, double[] x, double[] y, int n, int kk, double c) {
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
    public static void loo(double[] x, double[] y, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += x[i];
        }
        double d = n - 1;
        for (int i = 0; i < n; i++) {
            y[i] = x[i] - (sum - x[i]) / d;
        }
    }
}
