package org.pkpo.internal.math;

/**
 * The exact transforms of one group whose rewards are already sorted ascending: the reference that every
 * kernel must match. All arithmetic is double precision; O(n) after the sort.
 *
 * <p>This is also the one operation sequence of every kernel: the lane kernels (RowsF32/RowsF64, Net16F32) do,
 * per lane, exactly these operations in this order (multiply-adds fused), and {@link GroupMathF32} is this
 * class's float32 twin, generated from the part between the "float twin" markers. So a group's output bits
 * depend only on its rewards, its size and the plan, never on the kernel, the batch around it or the thread.
 *
 * <p>Every per-sample output is built from differences of rewards (neighbouring sorted ones, or to one
 * reference sample), never from a sum that contains the group's offset: tied rewards get bit-identical
 * outputs, a constant group gives 0 for the shift-invariant estimators, and rounding errors are relative to
 * the group's range there (README, "Accuracy").
 */
public final class GroupMath {
    private GroupMath() {
    }

    /** Eq. 12 with W = Weights.cumulative(n, k): see {@link #rho(double[], double[], int, int)}. */
    public static double rho(double[] x, int n, int k) {
        return rho(Weights.cumulative(n, k), x, n, k);
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

    // float twin: begin (engine/tools/gen_float_twin.py copies this part to GroupMathF32 in float)

    /**
     * Eq. 12, sum_i w[i] x[i], in gap form: x[n-1] - sum_j W[j] (x[j+1] - x[j]) with the cumulative weights
     * W = Weights.cumulative(n, k), so that the offset of the group is never summed n times.
     */
    public static double rho(double[] cw, double[] x, int n, int k) {
        double gaps = 0;
        for (int j = k - 1; j < n - 1; j++) {
            gaps += cw[j] * (x[j + 1] - x[j]);
        }
        return (x[n - 1] + 0.0) - gaps; // + 0.0: see the top of transform
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
            // + 0.0 turns a -0.0 top into +0.0, and then no output is -0.0: kernels that sort -0.0 and 0.0 as
            // ties (the lanes compare floats) differ only in signs of zeros, and those never reach an output.
            double top = plan.topCoefficient(n) * x[n - 1] + 0.0;
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
            t = Math.fma(x[i + 1] - x[i], w[i], t);
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
        // R_0 in four chains by j mod 4 (the lane kernels' order: a quarter of the latency there).
        double r0 = 0;
        double r1 = 0;
        double r2 = 0;
        double r3 = 0;
        for (int j = kk; j < n - 1; j++) {
            double v = hi - x[j];
            switch (j & 3) {
                case 0 -> r0 = Math.fma(v, u[j - 1], r0);
                case 1 -> r1 = Math.fma(v, u[j - 1], r1);
                case 2 -> r2 = Math.fma(v, u[j - 1], r2);
                default -> r3 = Math.fma(v, u[j - 1], r3);
            }
        }
        double r = (r0 + r1) + (r2 + r3);
        y[0] = Math.fma(r, c, top) - y[0];
        for (int i = 0; i < n - 1; i++) {
            r = Math.fma(x[i + 1] - x[i], u[i], r);
            y[i + 1] = Math.fma(r, c, top) - y[i + 1];
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

    // float twin: end
}
