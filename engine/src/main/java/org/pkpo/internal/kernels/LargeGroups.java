package org.pkpo.internal.kernels;

import org.pkpo.DType;
import org.pkpo.internal.call.Batch;
import org.pkpo.internal.math.EstimatorPlan;
import org.pkpo.internal.math.GroupMath;
import org.pkpo.internal.math.Weights;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Groups too large for the lane-per-group kernels: one group at a time, sorted as packed primitive keys
 * (no boxing, no comparator), then the recurrences of {@link GroupMath} on the sorted values in the precision
 * {@link Float32Groups} gives the group, so the results equal the scalar kernels' and the lanes' bit for bit.
 *
 * <p>Float32 keys pack the order-preserving float bits above the sample's position, so the sorted keys are
 * the permutation. Float64 bits fill a long, so the sorted keys are searched instead: any tied position
 * holds the same result. One instance per thread.
 */
public final class LargeGroups {
    private long[] keys = new long[256];
    private long[] orig = new long[256];
    private double[] x = new double[256];
    private double[] y = new double[256];
    private double[] w = new double[0];
    private int wn = -1;
    private int wk = -1;
    private double[] u = new double[0];
    private int un = -1;
    private int uk = -1;
    private final Float32Groups f32 = new Float32Groups();

    /** Transforms group g, samples [start, start + n), n >= 1. */
    public void group(EstimatorPlan plan, Batch b, long g, long start, int n) {
        if (keys.length < n) {
            int len = Math.max(n, 2 * keys.length);
            keys = new long[len];
            orig = new long[len];
            x = new double[len];
            y = new double[len];
        }
        boolean f64 = b.type == DType.F64;
        if (plan.orderFree()) {
            double maxAbs = 0;
            for (int i = 0; i < n; i++) {
                x[i] = b.get(start + i);
                maxAbs = Math.max(maxAbs, Math.abs(x[i]));
            }
            if (!f64 && Float32Groups.inFloat(n, maxAbs)) {
                float[] xf = f32.x(n);
                for (int i = 0; i < n; i++) {
                    xf[i] = (float) x[i];
                }
                float[] yf = f32.transform(plan, n);
                for (int i = 0; i < n; i++) {
                    b.set(start + i, yf[i]);
                }
                return;
            }
            GroupMath.transform(plan, null, null, x, y, n);
            for (int i = 0; i < n; i++) {
                b.set(start + i, y[i]);
            }
            return;
        }
        if (f64) {
            sortF64(b.in, start, n);
        } else {
            sortF32(b.in, start, n);
        }
        int k = plan.k();
        if (!f64 && Float32Groups.inFloat(n, Math.max(-x[0], x[n - 1]))) {
            float[] xf = f32.x(n);
            for (int j = 0; j < n; j++) {
                xf[j] = (float) x[j];
            }
            if (plan.perGroup()) {
                b.set(g, f32.rho(n, k));
                return;
            }
            float[] yf = f32.transform(plan, n);
            MemorySegment out = b.out;
            for (int j = 0; j < n; j++) {
                out.setAtIndex(ValueLayout.JAVA_FLOAT, start + (int) keys[j], yf[j]);
            }
            return;
        }
        if (plan.perGroup()) {
            b.set(g, GroupMath.rho(Weights.cumulative(n, k), x, n, k));
            return;
        }
        int kk = plan.baselineK();
        GroupMath.transform(plan, w(n, k), kk > 0 ? u(n, kk) : null, x, y, n);
        if (f64) {
            MemorySegment out = b.out;
            for (int i = 0; i < n; i++) {
                int p = Arrays.binarySearch(keys, 0, n, orig[i]);
                out.setAtIndex(ValueLayout.JAVA_DOUBLE, start + i, y[p]);
            }
        } else {
            MemorySegment out = b.out;
            for (int j = 0; j < n; j++) {
                out.setAtIndex(ValueLayout.JAVA_FLOAT, start + (int) keys[j], (float) y[j]);
            }
        }
    }

    private void sortF32(MemorySegment in, long start, int n) {
        for (int i = 0; i < n; i++) {
            int bits = in.getAtIndex(ValueLayout.JAVA_INT, start + i);
            keys[i] = ((long) (bits ^ ((bits >> 31) & 0x7fffffff)) << 32) | i;
        }
        Arrays.sort(keys, 0, n);
        for (int j = 0; j < n; j++) {
            int key = (int) (keys[j] >> 32);
            x[j] = Float.intBitsToFloat(key ^ ((key >> 31) & 0x7fffffff));
        }
    }

    private void sortF64(MemorySegment in, long start, int n) {
        for (int i = 0; i < n; i++) {
            long bits = in.getAtIndex(ValueLayout.JAVA_LONG, start + i);
            orig[i] = bits ^ ((bits >> 63) & 0x7fffffffffffffffL);
        }
        System.arraycopy(orig, 0, keys, 0, n);
        Arrays.sort(keys, 0, n);
        for (int j = 0; j < n; j++) {
            long key = keys[j];
            x[j] = Double.longBitsToDouble(key ^ ((key >> 63) & 0x7fffffffffffffffL));
        }
    }

    private double[] w(int n, int k) {
        if (n != wn || k != wk) {
            w = Weights.of(n, k);
            wn = n;
            wk = k;
        }
        return w;
    }

    private double[] u(int n, int kk) {
        if (n != un || kk != uk) {
            u = Weights.of(n - 1, kk);
            un = n;
            uk = kk;
        }
        return u;
    }
}
