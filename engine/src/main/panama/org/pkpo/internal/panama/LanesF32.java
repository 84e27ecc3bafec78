package org.pkpo.internal.panama;

import org.pkpo.internal.call.Batch;
import org.pkpo.internal.kernels.SortingNetwork;
import org.pkpo.internal.math.EstimatorPlan;
import org.pkpo.internal.math.GroupMath;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 groups of up to {@link SortingNetwork#MAX_N} samples, one group per vector lane: L groups are
 * copied in bulk to a heap stage and gathered into rows (row i holds sample i of every group), every lane
 * is sorted by a sorting network on order-preserving int keys with the original positions carried
 * alongside, the recurrences of {@link GroupMath} run row by row in float32, and the results are put back
 * through the carried positions into the stage, which is copied out in bulk. At n = 16 the network is the
 * unrolled {@link Net16F32}, which records swap masks instead of carrying positions and undoes the
 * permutation by replaying them backwards. One instance per thread: it owns its scratch rows.
 *
 * <p>Each lane performs exactly the operations of {@link GroupMath}, in the same order, only in float32;
 * ties get bit-identical outputs for the same reason as there (every step is a multiple of a difference of
 * sorted neighbours).
 */
public final class LanesF32 implements LaneBlock {
    private static final VectorSpecies<Integer> IS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final int L = IS.length();
    private static final int MAX = SortingNetwork.MAX_N;
    /** Groups up to this size go through the heap stage (bulk copies and gathers); larger ones directly. */
    static final int STAGED_MAX = 64;
    private static final ValueLayout.OfInt BITS = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;
    private static final java.nio.ByteOrder NATIVE = java.nio.ByteOrder.nativeOrder();

    // Rows of L lanes, grown to the largest n seen by this thread.
    private int[] keys = new int[64 * L];
    private int[] idx = new int[64 * L];
    private float[] x = new float[64 * L];
    private float[] y = new float[64 * L];
    // Group-major staging of the block's samples (lane * n + i), for bulk copies to and from the segments.
    private int[] stageIn = new int[64 * L];
    private float[] stageOut = new float[64 * L];
    private final int[] gather = new int[L];
    private static final int[] ROWS = new int[L]; // t * L: lane t of a gather reads row t
    static {
        for (int t = 0; t < L; t++) {
            ROWS[t] = t * L;
        }
    }
    private final long[] swaps = new long[Net16F32.COMPARATORS];
    private int gatherN = -1;
    final long[] starts = new long[L];
    final long[] ids = new long[L];

    private final RowsF32 rows = new RowsF32();

    LanesF32() {
        if (FS.length() != L) {
            throw new IllegalStateException("float and int species differ: " + FS + " vs " + IS);
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
            keys = new int[n * L];
            idx = new int[n * L];
            x = new float[n * L];
            y = new float[n * L];
            stageIn = new int[n * L];
            stageOut = new float[n * L];
        }
        if (n == Net16F32.N && FUSED16 && !plan.orderFree()) {
            block16(plan, b, count);
            return;
        }
        boolean staged = n <= STAGED_MAX;
        boolean contiguous = staged && contiguous(n, count);
        boolean orderFree = plan.orderFree();
        boolean unrolled = n == Net16F32.N;
        if (staged) {
            load(b, n, count, contiguous);
        } else {
            loadDirect(b.in, n, count);
        }
        if (orderFree) {
            bitsToFloats(n);
        } else if (unrolled) {
            Net16F32.sort(keys, x, swaps);
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
        if (unrolled && !orderFree) {
            Net16F32.unsort(y, swaps);
        }
        if (staged) {
            store(b.out, b.outArray, n, count, !orderFree && !unrolled, contiguous);
        } else {
            storeDirect(b.out, n, count, !orderFree);
        }
    }

    /**
     * n = 16 on 16 lanes (AVX-512) or 8 (AVX2, {@link Net16F32L8}), every plan but the order-free ones: the stage's
     * groups become rows, are sorted and (per-sample
     * plans) transformed, unsorted and put back group-major by four generated methods that keep the rows in registers
     * ({@link Net16F32#sortTransposed}, {@link Net16F32#sortRest}, {@link Net16F32#gapsTransposed},
     * {@link Net16F32#finishTransposed}): no gathers, and the rows go through memory three times (x twice, y) instead
     * of after every few layers. Native output is written directly, without the stage. On AVX2 this replaced the
     * gathers and per-layer row arrays of {@link Net16F32#sort}: {@code pkpo bench --n 16 --dtype f32}, 65,536 groups,
     * 1.00-1.49x (median 1.14x) in eleven alternating runs of the two builds (AMD EPYC family 25, AVX2; README).
     */
    private void block16(EstimatorPlan plan, Batch b, int count) {
        int n = Net16F32.N;
        boolean contiguous = contiguous(n, count);
        boolean full = contiguous && count == L;
        stage(b, n, count, contiguous);
        sort16(stageIn, x, swaps);
        if (plan.perGroup()) {
            rows.rho(x, y, n, plan.k());
            for (int lane = 0; lane < count; lane++) {
                b.out.setAtIndex(F, ids[lane], y[lane]);
            }
            return;
        }
        coefficients16(plan);
        gaps16(x, w16, u16, c16, top16, scale16, swaps, y);
        MemorySegment out = b.out;
        if (full && out.isNative()) {
            finish16(y, swaps, out, starts[0] * Float.BYTES);
            return;
        }
        float[] st = stageOut;
        finish16(y, swaps, st);
        copyOut(st, b.out, b.outArray, n, count, contiguous);
    }

    /**
     * The block's outputs, group-major in {@code st}, to their groups. Scattered groups of a heap array are written
     * with plain stores: one MemorySegment.copy per group of a few samples costs more than its copying.
     */
    private void copyOut(float[] st, MemorySegment out, Object outArray, int n, int count, boolean contiguous) {
        if (contiguous) {
            MemorySegment.copy(st, 0, out, F, starts[0] * Float.BYTES, count * n);
        } else if (n >= L && n <= 4 * L && outArray instanceof float[] o) {
            int o1 = Math.min(L, n - L);
            int o2 = Math.min(2 * L, n - L);
            int o3 = n - L;
            for (int lane = 0; lane < count; lane++) {
                copyOut(st, lane * n, o, (int) starts[lane], o1, o2, o3);
            }
        } else if (outArray instanceof float[] o) {
            for (int lane = 0; lane < count; lane++) {
                for (int i = 0, s = (int) starts[lane], r = lane * n; i < n; i++) {
                    o[s + i] = st[r + i];
                }
            }
        } else {
            for (int lane = 0; lane < count; lane++) {
                MemorySegment.copy(st, lane * n, out, F, starts[lane] * Float.BYTES, n);
            }
        }
    }

    /*
     * One group of L..4L samples between a heap array and the stage, as four vectors at offsets 0, o1, o2, o3
     * (min(L, n - L), min(2L, n - L), n - L): they overlap where n < 4L, write only the group's own samples, and are
     * the same for every group of a block, so no branch depends on the group. A per-group loop or MemorySegment.copy
     * branches on where each group starts and how long it is; in ragged blocks, whose groups start anywhere, that
     * mispredicts (65,536 groups of sizes 12..20 at random took 1.25-1.30x the time of the same groups sorted by size, so
     * that blocks were contiguous and copied in bulk; 1.10-1.13x with vector copies). void, so that nothing is boxed if
     * C2 does not inline one. Heap arrays only: vector access to segments boxed under the test suite's JIT profiles
     * (WarmAllocationTest), so ragged calls on segments come through a heap window (PanamaKernels.windows).
     */

    private static void copyIn(float[] a, int src, int[] st, int dst, int o1, int o2, int o3) {
        FloatVector v0 = FloatVector.fromArray(FS, a, src);
        FloatVector v1 = FloatVector.fromArray(FS, a, src + o1);
        FloatVector v2 = FloatVector.fromArray(FS, a, src + o2);
        FloatVector v3 = FloatVector.fromArray(FS, a, src + o3);
        v0.reinterpretAsInts().intoArray(st, dst);
        v1.reinterpretAsInts().intoArray(st, dst + o1);
        v2.reinterpretAsInts().intoArray(st, dst + o2);
        v3.reinterpretAsInts().intoArray(st, dst + o3);
    }

    private static void copyOut(float[] st, int src, float[] o, int dst, int o1, int o2, int o3) {
        FloatVector v0 = FloatVector.fromArray(FS, st, src);
        FloatVector v1 = FloatVector.fromArray(FS, st, src + o1);
        FloatVector v2 = FloatVector.fromArray(FS, st, src + o2);
        FloatVector v3 = FloatVector.fromArray(FS, st, src + o3);
        v0.intoArray(o, dst);
        v1.intoArray(o, dst + o1);
        v2.intoArray(o, dst + o2);
        v3.intoArray(o, dst + o3);
    }

    /** Whether n = 16 has the fused path: {@link Net16F32}'s on 16 lanes (AVX-512), {@link Net16F32L8}'s on 8 (AVX2). */
    static final boolean FUSED16 = Net16F32.TRANSPOSES || Net16F32L8.TRANSPOSES;

    // The fused n = 16 path's steps on whichever lane count this machine has (a constant to C2).
    private static void sort16(int[] st, float[] x, long[] swaps) {
        if (Net16F32.TRANSPOSES) {
            Net16F32.sortTransposed(st, x, swaps);
            Net16F32.sortRest(x, swaps);
        } else {
            Net16F32L8.sortTransposed(st, x, swaps);
            Net16F32L8.sortRest(x, swaps);
        }
    }

    private static void gaps16(float[] x, float[] w, float[] u, float c, float top, float scale, long[] swaps, float[] y) {
        if (Net16F32.TRANSPOSES) {
            Net16F32.gapsTransposed(x, w, u, c, top, scale, swaps, y);
        } else {
            Net16F32L8.gapsTransposed(x, w, u, c, top, scale, swaps, y);
        }
    }

    private static void finish16(float[] y, long[] swaps, float[] st) {
        if (Net16F32.TRANSPOSES) {
            Net16F32.finishTransposed(y, swaps, st);
        } else {
            Net16F32L8.finishTransposed(y, swaps, st);
        }
    }

    private static void finish16(float[] y, long[] swaps, MemorySegment out, long offset) {
        if (Net16F32.TRANSPOSES) {
            Net16F32.finishTransposed(y, swaps, out, offset);
        } else {
            Net16F32L8.finishTransposed(y, swaps, out, offset);
        }
    }

    // The coefficients of the current per-sample plan at n = 16, for Net16F32.gapsTransposed (see coefficients16).
    private float[] w16;
    private float[] u16;
    private float c16;
    private float top16;
    private float scale16;

    /** Sets w16, u16, c16, top16 and scale16 for a sorted per-sample plan at n = 16. */
    private void coefficients16(EstimatorPlan plan) {
        int n = Net16F32.N;
        w16 = rows.gapWeights(plan, n);
        u16 = rows.baselineWeights(plan, n);
        // Without a baseline c = -0.0: adding c * R = -0.0 leaves every value as it was, -0.0 included.
        c16 = plan.baselineK() > 0 ? (float) plan.baselineCoefficient(n) : -0.0f;
        top16 = (float) plan.topCoefficient(n);
        scale16 = switch (plan.scaleStep()) {
            case NONE -> 1f;
            case MULTIPLY_BY_N -> n;
            case DIVIDE_BY_N -> throw new IllegalStateException(plan + ": order-free plans do not come here");
        };
    }

    /**
     * The full blocks of groups [g, g1) of a uniform n = 16 batch in native memory: {@link #block16} without its per-block
     * set-up (no starts, ids, stage, contiguity check or coefficient look-ups). Returns the first group not done: g
     * itself where this path does not apply (AVX2, order-free or per-group plans, heap memory), else fewer than L remain.
     */
    long uniform16(EstimatorPlan plan, Batch b, long g, long g1) {
        MemorySegment in = b.in;
        MemorySegment out = b.out;
        if (!FUSED16 || plan.orderFree() || plan.perGroup() || !in.isNative() || !out.isNative()) {
            return g;
        }
        coefficients16(plan);
        float[] w = w16;
        float[] u = u16;
        float c = c16;
        float top = top16;
        float scale = scale16;
        float[] xx = x;
        float[] yy = y;
        long[] sw = swaps;
        int[] st = stageIn;
        for (; g1 - g >= L; g += L) {
            long offset = g * (Net16F32.N * Float.BYTES);
            MemorySegment.copy(in, BITS, offset, st, 0, Net16F32.N * L);
            sort16(st, xx, sw);
            gaps16(xx, w, u, c, top, scale, sw, yy);
            finish16(yy, sw, out, offset);
        }
        return g;
    }

    private Uniform64F32 uniform64;

    /**
     * The full blocks of groups [g, g1) of a uniform n = 64 batch through {@link Net64F32} ({@link Uniform64F32}).
     * Returns the first group not done: g itself where that does not apply (AVX2, order-free or per-group plans).
     */
    long uniform64(EstimatorPlan plan, Batch b, long g, long g1) {
        if (!Net64F32.TRANSPOSES || plan.orderFree() || plan.perGroup()) {
            return g;
        }
        if (uniform64 == null) {
            uniform64 = new Uniform64F32(rows);
        }
        return uniform64.run(plan, b, g, g1);
    }

    /** Element by element, for big groups where the staged gathers measured slower (n = 256: -5%). */
    private void loadDirect(MemorySegment in, int n, int count) {
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

    private void storeDirect(MemorySegment out, int n, int count, boolean permuted) {
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

    /** Whether the block's groups are back to back in memory (always so for uniform batches). */
    private boolean contiguous(int n, int count) {
        long s0 = starts[0];
        for (int lane = 1; lane < count; lane++) {
            if (starts[lane] != s0 + (long) lane * n) {
                return false;
            }
        }
        return true;
    }

    private void load(Batch b, int n, int count, boolean contiguous) {
        stage(b, n, count, contiguous);
        if (gatherN != n) {
            for (int lane = 0; lane < L; lane++) {
                gather[lane] = lane * n;
            }
            gatherN = n;
        }
        int[] st = stageIn;
        int[] kk = keys;
        for (int i = 0, r = 0; i < n; i++, r += L) {
            IntVector.fromArray(IS, st, i, gather, 0).intoArray(kk, r);
        }
    }

    /** Copies the block's groups to {@code stageIn}, group-major (lane * n + i); unused lanes get +0.0. */
    private void stage(Batch b, int n, int count, boolean contiguous) {
        MemorySegment in = b.in;
        int[] st = stageIn;
        if (contiguous) {
            MemorySegment.copy(in, BITS, starts[0] * Integer.BYTES, st, 0, count * n);
        } else if (n >= L && n <= 4 * L && b.inArray instanceof float[] a) {
            // Scattered groups (ragged and grouped calls; segments come here through a heap window): see copyIn.
            int o1 = Math.min(L, n - L);
            int o2 = Math.min(2 * L, n - L);
            int o3 = n - L;
            for (int lane = 0; lane < count; lane++) {
                copyIn(a, (int) starts[lane], st, lane * n, o1, o2, o3);
            }
        } else if (b.inArray instanceof float[] a) {
            // Scattered groups of a heap array (ragged and grouped calls): plain loads, see copyOut.
            for (int lane = 0; lane < count; lane++) {
                for (int i = 0, s = (int) starts[lane], r = lane * n; i < n; i++) {
                    st[r + i] = Float.floatToRawIntBits(a[s + i]);
                }
            }
        } else {
            for (int lane = 0; lane < count; lane++) {
                MemorySegment.copy(in, BITS, starts[lane] * Integer.BYTES, st, lane * n, n);
            }
        }
        // Unused lanes hold +0.0: a valid group whose results are never stored.
        java.util.Arrays.fill(st, count * n, L * n, 0);
    }

    private void bitsToFloats(int n) {
        for (int r = 0; r < n * L; r += L) {
            IntVector.fromArray(IS, keys, r).reinterpretAsFloats().intoArray(x, r);
        }
    }

    // Flipping all but the sign bit of negative values makes signed integer order equal float order. Helpers
    // that return vectors are avoided on purpose: where C2 does not inline one, every result is boxed.

    private void sort(int n) {
        for (int i = 0, r = 0; i < n; i++, r += L) {
            IntVector v = IntVector.fromArray(IS, keys, r);
            v.lanewise(VectorOperators.XOR, v.lanewise(VectorOperators.ASHR, 31).lanewise(VectorOperators.AND, 0x7fffffff)).intoArray(keys, r);
            IntVector.broadcast(IS, i).intoArray(idx, r);
        }
        network(SortingNetwork.of(n), keys, idx);
        for (int r = 0; r < n * L; r += L) {
            IntVector v = IntVector.fromArray(IS, keys, r);
            v.lanewise(VectorOperators.XOR, v.lanewise(VectorOperators.ASHR, 31).lanewise(VectorOperators.AND, 0x7fffffff)).reinterpretAsFloats().intoArray(x, r);
        }
    }

    private static void network(int[] net, int[] keys, int[] idx) {
        for (int c = 0; c < net.length; c += 2) {
            int a = net[c] * L;
            int b = net[c + 1] * L;
            IntVector ka = IntVector.fromArray(IS, keys, a);
            IntVector kb = IntVector.fromArray(IS, keys, b);
            IntVector ia = IntVector.fromArray(IS, idx, a);
            IntVector ib = IntVector.fromArray(IS, idx, b);
            VectorMask<Integer> swap = ka.compare(VectorOperators.GT, kb);
            ka.min(kb).intoArray(keys, a);
            ka.max(kb).intoArray(keys, b);
            ia.blend(ib, swap).intoArray(idx, a);
            ib.blend(ia, swap).intoArray(idx, b);
        }
    }

    /**
     * The output rows as int bits, in {@code keys} (free once sorted), for the gathers of {@link #store}: C2 here
     * did not intrinsify the float[] gather (JIT log with -XX:+PrintInlining: "VectorSupport::loadWithMap ...
     * failed to inline (intrinsic)" in store, JFR allocation samples at that line), while the int[] gather of
     * {@link #load} compiles; a boxed gather cost 196,608 bytes per call of 2048 groups of 16.
     */
    private int[] rowBits(int n) {
        int[] bits = keys;
        for (int r = 0; r < n * L; r += L) {
            FloatVector.fromArray(FS, y, r).reinterpretAsInts().intoArray(bits, r);
        }
        return bits;
    }

    private void store(MemorySegment out, Object outArray, int n, int count, boolean permuted, boolean contiguous) {
        float[] st = stageOut;
        float[] yy = y;
        if (permuted) {
            int[] ix = idx;
            for (int lane = 0, base = 0; lane < count; lane++, base += n) {
                for (int r = lane; r < n * L; r += L) {
                    st[base + ix[r]] = yy[r];
                }
            }
        } else if (n == Net16F32.N && FUSED16) {
            // 16 rows: an in-register transpose back to group-major, no gathers.
            if (contiguous && count == L && out.isNative()) {
                if (Net16F32.TRANSPOSES) {
                    Net16F32.storeTransposed(yy, out, starts[0] * Float.BYTES);
                } else {
                    Net16F32L8.storeTransposed(yy, out, starts[0] * Float.BYTES);
                }
                return;
            }
            if (Net16F32.TRANSPOSES) {
                Net16F32.storeTransposed(yy, st);
            } else {
                Net16F32L8.storeTransposed(yy, st);
            }
        } else if (n % L == 0 && contiguous && out.isNative()) {
            // Straight from the gathers into out: L rows per vector, no stage and no copy. Native memory only:
            // C2 does not intrinsify a vector store into a heap segment whose array type it cannot prove (JIT log
            // with -XX:+PrintIntrinsics: "not supported: op=store etype=float atype=*illegal*"), and boxes.
            int[] bits = rowBits(n);
            long base = starts[0] * Float.BYTES;
            for (int lane = 0; lane < count; lane++, base += (long) n * Float.BYTES) {
                for (int i = 0; i < n; i += L) {
                    IntVector.fromArray(IS, bits, i * L + lane, ROWS, 0).reinterpretAsFloats()
                            .intoMemorySegment(out, base + (long) i * Float.BYTES, NATIVE);
                }
            }
            return;
        } else {
            // L rows at a time, one gather per group; the last n % L rows one by one.
            int[] bits = rowBits(n);
            int whole = n - n % L;
            for (int lane = 0, base = 0; lane < count; lane++, base += n) {
                for (int i = 0; i < whole; i += L) {
                    IntVector.fromArray(IS, bits, i * L + lane, ROWS, 0).reinterpretAsFloats().intoArray(st, base + i);
                }
                for (int i = whole, r = whole * L + lane; i < n; i++, r += L) {
                    st[base + i] = yy[r];
                }
            }
        }
        copyOut(st, out, outArray, n, count, contiguous);
    }
}
