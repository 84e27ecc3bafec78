package org.pkpo.internal.panama;

import org.pkpo.internal.call.Batch;
import org.pkpo.internal.kernels.SortingNetwork;
import org.pkpo.internal.math.EstimatorPlan;
import org.pkpo.internal.math.GroupMath;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float64 groups of up to {@link SortingNetwork#MAX_N} samples, one group per vector lane: L groups are
 * transposed into rows (row i holds sample i of every group), every lane is sorted by a sorting network
 * on order-preserving long keys with the original positions carried alongside, the recurrences of
 * {@link GroupMath} run row by row in float64, and the results are stored back through the carried
 * positions. One instance per thread: it owns its scratch rows. Same operations in the same order as
 * {@link GroupMath}, so results match the scalar kernels bit for bit. Full blocks of a uniform n = 16 batch in
 * native memory take {@link Net16F64} instead ({@link #uniform16}).
 *
 * <p>Each lane performs exactly the operations of {@link GroupMath}, in the same order;
 * ties get bit-identical outputs for the same reason as there (every step is a multiple of a difference of
 * sorted neighbours).
 */
public final class LanesF64 implements LaneBlock {
    private static final VectorSpecies<Long> IS = LongVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> FS = DoubleVector.SPECIES_PREFERRED;
    static final int L = IS.length();
    private static final int MAX = SortingNetwork.MAX_N;
    private static final ValueLayout.OfLong BITS = ValueLayout.JAVA_LONG;
    private static final ValueLayout.OfDouble F = ValueLayout.JAVA_DOUBLE;

    // Rows of L lanes, grown to the largest n seen by this thread.
    private long[] keys = new long[64 * L];
    private long[] idx = new long[64 * L];
    private double[] x = new double[64 * L];
    private double[] y = new double[64 * L];
    final long[] starts = new long[L];
    final long[] ids = new long[L];

    private final RowsF64 rows = new RowsF64();

    LanesF64() {
        if (FS.length() != L) {
            throw new IllegalStateException("double and long species differ: " + FS + " vs " + IS);
        }
    }

    @Override
    public int lanes() {
        return L;
    }

    @Override
    public long[] starts() {
        return starts;
    }

    @Override
    public long[] ids() {
        return ids;
    }

    /** Transforms the {@code count <= L} groups of n samples at {@code starts} (group numbers in ids). */
    @Override
    public void block(EstimatorPlan plan, Batch b, int n, int count) {
        assert n >= 1 && n <= MAX && count >= 1 && count <= L;
        if (keys.length < n * L) {
            keys = new long[n * L];
            idx = new long[n * L];
            x = new double[n * L];
            y = new double[n * L];
        }
        if (n == Net16F64.N && Net16F64.USABLE && !plan.orderFree()) {
            block16(plan, b, count);
            return;
        }
        load(b.in, n, count);
        boolean orderFree = plan.orderFree();
        if (orderFree) {
            bitsToDoubles(n);
        } else {
            sort(n);
        }
        if (plan.perGroup()) {
            rows.rho(x, y, n, plan.k());
            for (int lane = 0; lane < count; lane++) {
                b.out.setAtIndex(F, ids[lane], y[lane]);
            }
            return;
        }
        rows.perSample(plan, x, y, n);
        store(b.out, n, count, !orderFree);
    }

    // The n = 16 path's stage, rows and swap masks (see uniform16).
    private final long[] stage16 = new long[Net16F64.N * 8];
    private final double[] x16 = new double[Net16F64.N * 8];
    private final double[] y16 = new double[Net16F64.N * 8];
    private final long[] swaps16 = new long[Net16F64.SWAP_LONGS];

    /**
     * n = 16 on 8 lanes, any memory, any block (a batch's tail, ragged groups, heap arrays): the groups go through the
     * long[] stage into {@link Net16F64}'s methods; native output of a full contiguous block is written directly.
     */
    private void block16(EstimatorPlan plan, Batch b, int count) {
        int n = Net16F64.N;
        long[] st = stage16;
        boolean contiguous = true;
        for (int lane = 1; lane < count; lane++) {
            contiguous &= starts[lane] == starts[0] + (long) lane * n;
        }
        if (contiguous) {
            MemorySegment.copy(b.in, BITS, starts[0] * Double.BYTES, st, 0, count * n);
        } else {
            for (int lane = 0; lane < count; lane++) {
                MemorySegment.copy(b.in, BITS, starts[lane] * Double.BYTES, st, lane * n, n);
            }
        }
        java.util.Arrays.fill(st, count * n, L * n, 0L); // unused lanes: +0.0, a valid group never stored
        Net16F64.sortTransposed(st, x16, swaps16);
        Net16F64.sortRest(x16, swaps16);
        if (plan.perGroup()) {
            rows.rho(x16, y16, n, plan.k());
            for (int lane = 0; lane < count; lane++) {
                b.out.setAtIndex(F, ids[lane], y16[lane]);
            }
            return;
        }
        coefficients16(plan);
        Net16F64.gapsTransposed(x16, w16, u16, c16, top16, scale16, swaps16, y16);
        MemorySegment out = b.out;
        if (contiguous && count == L && out.isNative()) {
            Net16F64.finishTransposed(y16, swaps16, out, starts[0] * Double.BYTES);
            return;
        }
        Net16F64.finishTransposed(y16, swaps16, st);
        if (contiguous) {
            MemorySegment.copy(st, 0, out, BITS, starts[0] * Double.BYTES, count * n);
        } else {
            for (int lane = 0; lane < count; lane++) {
                MemorySegment.copy(st, lane * n, out, BITS, starts[lane] * Double.BYTES, n);
            }
        }
    }

    // The coefficients of the current per-sample plan at n = 16 (see coefficients16).
    private double[] w16;
    private double[] u16;
    private double c16;
    private double top16;
    private double scale16;

    private void coefficients16(EstimatorPlan plan) {
        int n = Net16F64.N;
        w16 = rows.gapWeights(plan, n);
        u16 = rows.baselineWeights(plan, n);
        // Without a baseline c = -0.0: adding c * R = -0.0 leaves every value as it was.
        c16 = plan.baselineK() > 0 ? plan.baselineCoefficient(n) : -0.0;
        top16 = plan.topCoefficient(n);
        scale16 = switch (plan.scaleStep()) {
            case NONE -> 1.0;
            case MULTIPLY_BY_N -> n;
            case DIVIDE_BY_N -> throw new IllegalStateException(plan + ": order-free plans do not come here");
        };
    }

    /**
     * The full blocks of groups [g, g1) of a uniform n = 16 batch in native memory, by the four generated methods of
     * {@link Net16F64} (rows in registers, no gathers, no carried positions). Returns the first group not done: g itself
     * where this path does not apply (not 8 lanes, order-free or per-group plans, heap memory), else fewer than L remain.
     */
    long uniform16(EstimatorPlan plan, Batch b, long g, long g1) {
        MemorySegment in = b.in;
        MemorySegment out = b.out;
        if (!Net16F64.USABLE || plan.orderFree() || plan.perGroup() || !in.isNative() || !out.isNative()) {
            return g;
        }
        int n = Net16F64.N;
        coefficients16(plan);
        double[] w = w16;
        double[] u = u16;
        double c = c16;
        double top = top16;
        double scale = scale16;
        long[] st = stage16;
        double[] xx = x16;
        double[] yy = y16;
        long[] sw = swaps16;
        for (; g1 - g >= L; g += L) {
            long offset = g * (n * Double.BYTES);
            // Through a heap stage, as Net16F32: vector loads from segments were boxed under some JIT profiles.
            MemorySegment.copy(in, BITS, offset, st, 0, n * L);
            Net16F64.sortTransposed(st, xx, sw);
            Net16F64.sortRest(xx, sw);
            Net16F64.gapsTransposed(xx, w, u, c, top, scale, sw, yy);
            Net16F64.finishTransposed(yy, sw, out, offset);
        }
        return g;
    }

    private void load(MemorySegment in, int n, int count) {
        for (int lane = 0; lane < count; lane++) {
            long base = starts[lane];
            for (int i = 0, r = lane; i < n; i++, r += L) {
                keys[r] = in.getAtIndex(BITS, base + i);
            }
        }
        // Unused lanes hold +0.0: a valid group whose results are never stored.
        for (int lane = count; lane < L; lane++) {
            for (int i = 0, r = lane; i < n; i++, r += L) {
                keys[r] = 0;
            }
        }
    }

    private void bitsToDoubles(int n) {
        for (int r = 0; r < n * L; r += L) {
            LongVector.fromArray(IS, keys, r).reinterpretAsDoubles().intoArray(x, r);
        }
    }

    // Flipping all but the sign bit of negative values makes signed integer order equal float order. Helpers
    // that return vectors are avoided on purpose: where C2 does not inline one, every result is boxed.

    private void sort(int n) {
        for (int i = 0, r = 0; i < n; i++, r += L) {
            LongVector v = LongVector.fromArray(IS, keys, r);
            v.lanewise(VectorOperators.XOR, v.lanewise(VectorOperators.ASHR, 63).lanewise(VectorOperators.AND, 0x7fffffffffffffffL)).intoArray(keys, r);
            LongVector.broadcast(IS, i).intoArray(idx, r);
        }
        network(SortingNetwork.of(n), keys, idx);
        for (int r = 0; r < n * L; r += L) {
            LongVector v = LongVector.fromArray(IS, keys, r);
            v.lanewise(VectorOperators.XOR, v.lanewise(VectorOperators.ASHR, 63).lanewise(VectorOperators.AND, 0x7fffffffffffffffL)).reinterpretAsDoubles().intoArray(x, r);
        }
    }

    private static void network(int[] net, long[] keys, long[] idx) {
        for (int c = 0; c < net.length; c += 2) {
            int a = net[c] * L;
            int b = net[c + 1] * L;
            LongVector ka = LongVector.fromArray(IS, keys, a);
            LongVector kb = LongVector.fromArray(IS, keys, b);
            LongVector ia = LongVector.fromArray(IS, idx, a);
            LongVector ib = LongVector.fromArray(IS, idx, b);
            VectorMask<Long> swap = ka.compare(VectorOperators.GT, kb);
            ka.min(kb).intoArray(keys, a);
            ka.max(kb).intoArray(keys, b);
            ia.blend(ib, swap).intoArray(idx, a);
            ib.blend(ia, swap).intoArray(idx, b);
        }
    }

    private void store(MemorySegment out, int n, int count, boolean permuted) {
        for (int lane = 0; lane < count; lane++) {
            long base = starts[lane];
            if (permuted) {
                for (int i = 0, r = lane; i < n; i++, r += L) {
                    out.setAtIndex(F, base + idx[r], y[r]);
                }
            } else {
                for (int i = 0, r = lane; i < n; i++, r += L) {
                    out.setAtIndex(F, base + i, y[r]);
                }
            }
        }
    }
}
