package org.pkpo.internal.kernels;

import org.pkpo.DType;
import org.pkpo.internal.call.Batch;
import org.pkpo.internal.math.EstimatorPlan;
import org.pkpo.internal.math.GroupMath;

/**
 * The reference path: each group is read into double scratch, sorted by index, transformed as the plan says
 * and written back. Float64 groups take {@link GroupMath}; float32 groups take the precision that
 * {@link Float32Groups} gives them (float32 with the lanes' operations, or double rounded once), so these
 * kernels give every group the same bits as the lane kernels.
 */
public final class ScalarKernels implements Kernels {
    public static final ScalarKernels INSTANCE = new ScalarKernels();

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void transform(EstimatorPlan plan, Batch b, long g0, long g1) {
        boolean f32 = b.type == DType.F32;
        for (long g = g0; g < g1; g++) {
            long s = b.start(g);
            int n = (int) (b.end(g) - s);
            Scratch sc = Scratch.get(n);
            double[] raw = sc.raw;
            for (int i = 0; i < n; i++) {
                raw[i] = b.get(s + i);
            }
            if (plan.perGroup()) {
                b.set(g, rho(raw, n, plan.k(), sc, f32));
            } else {
                transformGroup(plan, raw, n, sc, f32);
                double[] y = sc.out;
                for (int i = 0; i < n; i++) {
                    b.set(s + i, y[i]);
                }
            }
        }
    }

    /** rho of raw[0..n) (any order); f32: the group is float32 data (see {@link Float32Groups}). */
    private static double rho(double[] raw, int n, int k, Scratch sc, boolean f32) {
        sortInto(raw, n, sc);
        double[] sorted = sc.sorted;
        if (f32 && Float32Groups.inFloat(n, Math.max(-sorted[0], sorted[n - 1]))) {
            float[] x = sc.f32.x(n);
            for (int i = 0; i < n; i++) {
                x[i] = (float) sorted[i];
            }
            return sc.f32.rho(n, k);
        }
        return GroupMath.rho(sorted, n, k);
    }

    /**
     * Writes the transform of raw[0..n) (any order) to sc.out[0..n), in the same order. Clobbers raw, which
     * holds the sorted-order outputs before they are permuted back.
     */
    private static void transformGroup(EstimatorPlan plan, double[] raw, int n, Scratch sc, boolean f32) {
        if (f32 && Float32Groups.inFloat(n, maxAbs(raw, n))) {
            transformF32(plan, raw, n, sc);
            return;
        }
        if (plan.orderFree()) {
            GroupMath.transform(plan, raw, sc.out, n);
            return;
        }
        sortInto(raw, n, sc);
        GroupMath.transform(plan, sc.sorted, raw, n);
        int[] idx = sc.idx;
        double[] out = sc.out;
        for (int i = 0; i < n; i++) {
            out[idx[i]] = raw[i];
        }
    }

    /** {@link #transformGroup} in float32, the operations of the float32 lanes. */
    private static void transformF32(EstimatorPlan plan, double[] raw, int n, Scratch sc) {
        float[] x = sc.f32.x(n);
        double[] out = sc.out;
        if (plan.orderFree()) {
            for (int i = 0; i < n; i++) {
                x[i] = (float) raw[i];
            }
            float[] y = sc.f32.transform(plan, n);
            for (int i = 0; i < n; i++) {
                out[i] = y[i];
            }
            return;
        }
        sortInto(raw, n, sc);
        double[] sorted = sc.sorted;
        for (int i = 0; i < n; i++) {
            x[i] = (float) sorted[i];
        }
        float[] y = sc.f32.transform(plan, n);
        int[] idx = sc.idx;
        for (int i = 0; i < n; i++) {
            out[idx[i]] = y[i];
        }
    }

    private static double maxAbs(double[] a, int n) {
        double m = 0;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, Math.abs(a[i]));
        }
        return m;
    }

    private static void sortInto(double[] raw, int n, Scratch sc) {
        IndexSort.sort(raw, sc.idx, sc.tmp, n);
        int[] idx = sc.idx;
        double[] sorted = sc.sorted;
        for (int i = 0; i < n; i++) {
            sorted[i] = raw[idx[i]];
        }
    }

    /**
     * Transforms group g without its non-finite samples, which get 0 (the EXCLUDE policy). Returns the number excluded, with the
     * sign bit set when the group was left too small and zeroed.
     */
    public static int transformFiniteOnly(EstimatorPlan plan, Batch b, long g) {
        long s = b.start(g);
        int n = (int) (b.end(g) - s);
        Scratch sc = Scratch.get(n);
        double[] raw = sc.raw;
        int[] pos = sc.pos;
        int m = 0;
        for (int i = 0; i < n; i++) {
            double v = b.get(s + i);
            if (Double.isFinite(v)) {
                raw[m] = v;
                pos[m++] = i;
            }
        }
        int excluded = n - m;
        boolean tooSmall = plan.whyInvalid(m) != null;
        if (plan.perGroup()) {
            b.set(g, tooSmall ? 0.0 : rho(raw, m, plan.k(), sc, b.type == DType.F32));
        } else if (tooSmall) {
            for (int i = 0; i < n; i++) {
                b.set(s + i, 0.0);
            }
        } else {
            transformGroup(plan, raw, m, sc, b.type == DType.F32);
            // Zeros first, then the survivors: in place, every input of this group was read above.
            for (int i = 0; i < n; i++) {
                b.set(s + i, 0.0);
            }
            double[] y = sc.out;
            for (int j = 0; j < m; j++) {
                b.set(s + pos[j], y[j]);
            }
        }
        return tooSmall ? (excluded | Integer.MIN_VALUE) : excluded;
    }
}
