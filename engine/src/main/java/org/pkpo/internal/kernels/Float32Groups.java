package org.pkpo.internal.kernels;

import org.pkpo.internal.math.EstimatorPlan;
import org.pkpo.internal.math.GroupMath;
import org.pkpo.internal.math.GroupMathF32;
import org.pkpo.internal.math.Weights;

/**
 * Which precision a float32 group is computed in, and the scalar float32 path itself. The rule depends on the
 * group alone, so every kernel (lanes, scalar, large groups, any thread count, any batch around the group)
 * gives it the same bits:
 * <ul>
 *   <li>n up to {@link SortingNetwork#MAX_N} with every |reward| below 2^100: float32, the operations of
 *       {@link GroupMathF32} (what each lane of the float32 lane kernels does);</li>
 *   <li>otherwise double ({@link GroupMath}), rounded once: exact where float32 gap sums could overflow, and
 *       for groups too large for the lanes, whose float32 sums would lose accuracy with n.</li>
 * </ul>
 * One instance per thread (it caches float copies of the weights of the last (n, k)).
 */
public final class Float32Groups {
    /** Float32 groups with some |reward| at or above this compute in double (see the class comment). */
    public static final double HUGE = 0x1p100;

    private float[] x = new float[64];
    private float[] y = new float[64];
    private final FloatWeights w = new FloatWeights();
    private final FloatWeights u = new FloatWeights();
    private final FloatWeights cw = new FloatWeights();

    /** Whether a float32 group of n rewards whose largest magnitude is maxAbs is computed in float32. */
    public static boolean inFloat(int n, double maxAbs) {
        return n <= SortingNetwork.MAX_N && maxAbs < HUGE;
    }

    /** The float32 input rows, at least n long: fill x[0, n) (sorted ascending unless the plan is order-free). */
    float[] x(int n) {
        if (x.length < n) {
            int len = Math.max(n, 2 * x.length);
            x = new float[len];
            y = new float[len];
        }
        return x;
    }

    /** Transforms x[0, n) (see {@link #x}) into the returned array's [0, n), in float32 as the lanes do. */
    float[] transform(EstimatorPlan plan, int n) {
        float[] wt = plan.orderFree() ? null : w.of(n, plan.k(), false);
        int kk = plan.baselineK();
        GroupMathF32.transform(plan, wt, kk > 0 ? u.of(n - 1, kk, false) : null, x, y, n);
        return y;
    }

    /** rho of the sorted x[0, n), in float32 as the lanes compute it. */
    float rho(int n, int k) {
        return GroupMathF32.rho(cw.of(n, k, true), x, n, k);
    }

    /** Weights.of or Weights.cumulative as float, for the last (n, k) asked. */
    private static final class FloatWeights {
        private float[] a = new float[0];
        private int n = -1;
        private int k = -1;

        float[] of(int n, int k, boolean cumulative) {
            if (n != this.n || k != this.k) {
                double[] d = cumulative ? Weights.cumulative(n, k) : Weights.of(n, k);
                if (a.length < d.length) {
                    a = new float[d.length];
                }
                for (int i = 0; i < d.length; i++) {
                    a[i] = (float) d[i];
                }
                this.n = n;
                this.k = k;
            }
            return a;
        }
    }
}
