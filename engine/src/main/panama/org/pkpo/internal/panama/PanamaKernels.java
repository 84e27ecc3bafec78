package org.pkpo.internal.panama;

import org.pkpo.DType;
import org.pkpo.internal.call.Batch;
import org.pkpo.internal.kernels.Compaction;
import org.pkpo.internal.kernels.Float32Groups;
import org.pkpo.internal.kernels.KernelProvider;
import org.pkpo.internal.kernels.Kernels;
import org.pkpo.internal.kernels.LargeGroups;
import org.pkpo.internal.kernels.ScalarKernels;
import org.pkpo.internal.kernels.SortingNetwork;
import org.pkpo.internal.math.EstimatorPlan;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernels. Groups of up to {@code lanesMax} samples go one group per vector lane
 * ({@link LanesF32}, {@link LanesF64}); larger ones are sorted one at a time ({@link LargeGroups}).
 * Ragged batches are cut into blocks of same-size groups. Only this class and the Lanes classes import
 * {@code jdk.incubator.vector}; {@link KernelProvider} loads this one reflectively.
 */
public final class PanamaKernels implements Kernels {
    /**
     * Uniform groups up to this size go one per lane: the sorting network's O(n log^2 n) compare-exchanges
     * on L lanes at once beat L separate sorts up to n = 4096 on AVX2 (measured, see README).
     */
    static final int LANES_MAX = SortingNetwork.MAX_N;
    /**
     * Ragged groups go one per lane up to this size only: a block holds groups of one size, so large ragged
     * groups, whose sizes rarely repeat, would mostly run with idle lanes.
     */
    static final int RAGGED_LANES_MAX = 64;

    private static final VectorSpecies<Integer> IS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> LS = LongVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private static final class Work {
        final LanesF32 f32 = new LanesF32();
        final LanesF64 f64 = new LanesF64();
        final LargeGroups large = new LargeGroups();
        /**
         * Ragged calls: per size, the starts and group numbers of groups waiting for a full block. All made up front (17 KB),
         * as long as the widest block (float32's) so both dtypes share them: made on first use, a size new to a thread
         * (every size, on a C ABI host's first call from its own thread) hit an uncommon trap in compiled code
         * (-Xlog:deoptimization: "pend ... unstable_if") and a recompilation that the call waited for.
         */
        final long[][] pendingStarts = new long[RAGGED_LANES_MAX + 1][IS.length()];
        final long[][] pendingIds = new long[RAGGED_LANES_MAX + 1][IS.length()];
        final int[] pending = new int[RAGGED_LANES_MAX + 1];
        /**
         * {@link #bySize}: the window's groups ordered by size (group number less the window's first), and per size
         * (RAGGED_LANES_MAX + 1 for larger ones) where its run begins. Made up front (256 KB) for the reason above.
         */
        final int[] bySize = new int[WINDOW];
        final int[] sizeAt = new int[RAGGED_LANES_MAX + 3];
        /** Ragged calls on segments: one window of the call's samples at a time, on the heap (see {@link #windows}). */
        final Batch window = new Batch();
        private float[] windowF32 = new float[0];
        private float[] windowOutF32 = new float[0];
        private double[] windowF64 = new double[0];
        private double[] windowOutF64 = new double[0];
        private MemorySegment windowInF32 = MemorySegment.ofArray(windowF32);
        private MemorySegment windowOutSegF32 = MemorySegment.ofArray(windowOutF32);
        private MemorySegment windowInF64 = MemorySegment.ofArray(windowF64);
        private MemorySegment windowOutSegF64 = MemorySegment.ofArray(windowOutF64);

        /** The window batch: heap arrays of b's type with room for {@code samples}, and segments over them. */
        Batch window(Batch b, int samples) {
            if (b.type == DType.F64) {
                if (windowF64.length < samples) {
                    windowF64 = new double[samples];
                    windowOutF64 = new double[samples];
                    windowInF64 = MemorySegment.ofArray(windowF64);
                    windowOutSegF64 = MemorySegment.ofArray(windowOutF64);
                }
                return window.reset(b.type, windowInF64, windowOutSegF64, 0, -1, null, null, windowF64).outArray(windowOutF64);
            }
            if (windowF32.length < samples) {
                windowF32 = new float[samples];
                windowOutF32 = new float[samples];
                windowInF32 = MemorySegment.ofArray(windowF32);
                windowOutSegF32 = MemorySegment.ofArray(windowOutF32);
            }
            return window.reset(b.type, windowInF32, windowOutSegF32, 0, -1, null, null, windowF32).outArray(windowOutF32);
        }
    }

    private final ThreadLocal<Work> local = ThreadLocal.withInitial(Work::new);
    private final int lanesMax;

    public PanamaKernels() {
        this(LANES_MAX);
    }

    /** For tests: a smaller {@code lanesMax} sends small groups down the large-group path. */
    PanamaKernels(int lanesMax) {
        if (lanesMax < 0 || lanesMax > SortingNetwork.MAX_N) {
            throw new IllegalArgumentException("lanesMax=" + lanesMax);
        }
        this.lanesMax = lanesMax;
    }

    /** Why the Vector API cannot be used here, or null. Called by {@link KernelProvider} before use. */
    public static String whyUnusable() {
        int bits = IntVector.SPECIES_PREFERRED.vectorBitSize();
        // 4-lane (128-bit, SSE) vectors lose to the scalar kernels: measured with -XX:UseAVX=0 on this Intel
        // machine, n = 16 f32 sloo_minus_one ran at 12 M rewards/s in the lane kernels against 61 M scalar.
        if (bits < 256) {
            return "the preferred vector size is " + bits + " bits, less than 256 (the lane kernels are slower than"
                    + " scalar there)";
        }
        return null;
    }

    @Override
    public String name() {
        return "simd";
    }

    /**
     * Float32 kernels compute in float32, whose neighbour differences and group sums overflow near 2^128:
     * groups with any |g| >= 2^100 ({@link Float32Groups#HUGE}) are computed in double instead. A call holding
     * one goes to the scalar kernels, which decide group by group, so the other groups keep the lanes' bits.
     * Adding this to |bits| sets the sign bit exactly when the biased exponent is >= 127 + 100 (or the value
     * is not finite), the same test as the finiteness check's with a lower threshold.
     */
    private static final int F32_HUGE = (256 - (127 + 100)) << 23;
    private static final int F32_NON_FINITE = (256 - 255) << 23;

    @Override
    public void transform(EstimatorPlan plan, Batch b, long g0, long g1) {
        if (g0 < g1 && b.type == DType.F32 && !allBelowF32(b, b.start(g0), b.end(g1 - 1), F32_HUGE)) {
            ScalarKernels.INSTANCE.transform(plan, b, g0, g1);
            return;
        }
        simd(plan, b, g0, g1);
    }

    /** One pass for both checks in the common case: all float32 rewards finite and below 2^100. */
    @Override
    public boolean transformIfFinite(EstimatorPlan plan, Batch b, long g0, long g1) {
        if (g0 >= g1) {
            return true;
        }
        long from = b.start(g0);
        long to = b.end(g1 - 1);
        if (b.type == DType.F32) {
            if (allBelowF32(b, from, to, F32_HUGE)) {
                simd(plan, b, g0, g1);
                return true;
            }
            if (!allBelowF32(b, from, to, F32_NON_FINITE)) {
                return false;
            }
            ScalarKernels.INSTANCE.transform(plan, b, g0, g1);
            return true;
        }
        if (!allFinite(b, from, to)) {
            return false;
        }
        simd(plan, b, g0, g1);
        return true;
    }

    private void simd(EstimatorPlan plan, Batch b, long g0, long g1) {
        Work work = local.get();
        run(plan, b, g0, g1, work, b.type == DType.F64 ? work.f64 : work.f32);
    }

    /**
     * The scalar test of {@link Kernels#allFiniteScalar} on whole vectors, four at a time: OR together
     * {@code |bits| + (lowest exponent bit)}, whose sign bit is set exactly for infinities and NaNs.
     */
    @Override
    public boolean allFinite(Batch b, long from, long to) {
        MemorySegment in = b.in;
        if (b.type == DType.F64) {
            if (b.inArray instanceof double[] a) {
                return finiteF64(a, (int) from, (int) to); // as in allBelowF32
            }
            if (!in.isNative()) {
                return Kernels.allFiniteScalar(b, from, to); // as in allBelowF32
            }
            int step = LS.length();
            long i = from;
            LongVector acc = LongVector.zero(LS);
            for (long end = to - 4L * step; i <= end; i += 4L * step) {
                long o = i * Long.BYTES;
                LongVector v0 = LongVector.fromMemorySegment(LS, in, o, NATIVE);
                LongVector v1 = LongVector.fromMemorySegment(LS, in, o + step * Long.BYTES, NATIVE);
                LongVector v2 = LongVector.fromMemorySegment(LS, in, o + 2L * step * Long.BYTES, NATIVE);
                LongVector v3 = LongVector.fromMemorySegment(LS, in, o + 3L * step * Long.BYTES, NATIVE);
                acc = acc.or(v0.and(Long.MAX_VALUE).add(0x0010_0000_0000_0000L))
                        .or(v1.and(Long.MAX_VALUE).add(0x0010_0000_0000_0000L))
                        .or(v2.and(Long.MAX_VALUE).add(0x0010_0000_0000_0000L))
                        .or(v3.and(Long.MAX_VALUE).add(0x0010_0000_0000_0000L));
            }
            return acc.reduceLanes(VectorOperators.OR) >= 0 && Kernels.allFiniteScalar(b, i, to);
        }
        return allBelowF32(b, from, to, F32_NON_FINITE);
    }

    @Override
    public int compact(float[] a, int aBase, byte[] mask, int from, int to, float[] st, int pos, int[] posAt) {
        return MaskedCopies.SUPPORTED ? MaskedCopies.compact(a, aBase, mask, from, to, st, pos, posAt)
                : Compaction.compact(a, aBase, mask, from, to, st, pos, posAt);
    }

    @Override
    public int compact(double[] a, int aBase, byte[] mask, int from, int to, double[] st, int pos, int[] posAt) {
        return MaskedCopies.SUPPORTED ? MaskedCopies.compact(a, aBase, mask, from, to, st, pos, posAt)
                : Compaction.compact(a, aBase, mask, from, to, st, pos, posAt);
    }

    @Override
    public int expand(float[] so, int pos, byte[] mask, int from, int to, float[] o, int oBase) {
        return MaskedCopies.SUPPORTED ? MaskedCopies.expand(so, pos, mask, from, to, o, oBase)
                : Compaction.expand(so, pos, mask, from, to, o, oBase);
    }

    @Override
    public int expand(double[] so, int pos, byte[] mask, int from, int to, double[] o, int oBase) {
        return MaskedCopies.SUPPORTED ? MaskedCopies.expand(so, pos, mask, from, to, o, oBase)
                : Compaction.expand(so, pos, mask, from, to, o, oBase);
    }

    /** {@link #allFinite} on a double[]: four vectors at a time, then a scalar tail. */
    private static boolean finiteF64(double[] a, int from, int to) {
        int step = DS.length();
        int i = from;
        LongVector acc = LongVector.zero(LS);
        for (int end = to - 4 * step; i <= end; i += 4 * step) {
            acc = acc.or(DoubleVector.fromArray(DS, a, i).reinterpretAsLongs().and(Long.MAX_VALUE).add(0x0010_0000_0000_0000L))
                    .or(DoubleVector.fromArray(DS, a, i + step).reinterpretAsLongs().and(Long.MAX_VALUE).add(0x0010_0000_0000_0000L))
                    .or(DoubleVector.fromArray(DS, a, i + 2 * step).reinterpretAsLongs().and(Long.MAX_VALUE).add(0x0010_0000_0000_0000L))
                    .or(DoubleVector.fromArray(DS, a, i + 3 * step).reinterpretAsLongs().and(Long.MAX_VALUE).add(0x0010_0000_0000_0000L));
        }
        long m = acc.reduceLanes(VectorOperators.OR);
        for (; i < to; i++) {
            m |= (Double.doubleToRawLongBits(a[i]) & Long.MAX_VALUE) + 0x0010_0000_0000_0000L;
        }
        return m >= 0;
    }

    /** {@link #allBelowF32} on a float[]: four vectors at a time, then a scalar tail. */
    private static boolean belowF32(float[] a, int from, int to, int offset) {
        int step = FS.length();
        int i = from;
        IntVector acc = IntVector.zero(IS);
        for (int end = to - 4 * step; i <= end; i += 4 * step) {
            acc = acc.or(FloatVector.fromArray(FS, a, i).reinterpretAsInts().and(Integer.MAX_VALUE).add(offset))
                    .or(FloatVector.fromArray(FS, a, i + step).reinterpretAsInts().and(Integer.MAX_VALUE).add(offset))
                    .or(FloatVector.fromArray(FS, a, i + 2 * step).reinterpretAsInts().and(Integer.MAX_VALUE).add(offset))
                    .or(FloatVector.fromArray(FS, a, i + 3 * step).reinterpretAsInts().and(Integer.MAX_VALUE).add(offset));
        }
        int m = acc.reduceLanes(VectorOperators.OR);
        for (; i < to; i++) {
            m |= (Float.floatToRawIntBits(a[i]) & Integer.MAX_VALUE) + offset;
        }
        return m >= 0;
    }

    /**
     * Whether every float32 in [from, to) has {@code |bits| + offset} non-negative, i.e. a biased exponent
     * below {@code 256 - (offset >>> 23)}: four vectors at a time, then a scalar tail.
     */
    private static boolean allBelowF32(Batch b, long from, long to, int offset) {
        MemorySegment in = b.in;
        if (b.inArray instanceof float[] a) {
            // The caller's array itself, see Batch.inArray (the segment starts at its element 0).
            return belowF32(a, (int) from, (int) to, offset);
        }
        if (!in.isNative()) {
            // Another heap segment (a slice, read-only, over another array type): vector loads from heap segments box.
            int m = 0;
            for (long i = from; i < to; i++) {
                m |= (in.getAtIndex(java.lang.foreign.ValueLayout.JAVA_INT, i) & Integer.MAX_VALUE) + offset;
            }
            return m >= 0;
        }
        int step = IS.length();
        long i = from;
        IntVector acc = IntVector.zero(IS);
        for (long end = to - 4L * step; i <= end; i += 4L * step) {
            long o = i * Integer.BYTES;
            IntVector v0 = IntVector.fromMemorySegment(IS, in, o, NATIVE);
            IntVector v1 = IntVector.fromMemorySegment(IS, in, o + step * Integer.BYTES, NATIVE);
            IntVector v2 = IntVector.fromMemorySegment(IS, in, o + 2L * step * Integer.BYTES, NATIVE);
            IntVector v3 = IntVector.fromMemorySegment(IS, in, o + 3L * step * Integer.BYTES, NATIVE);
            acc = acc.or(v0.and(Integer.MAX_VALUE).add(offset))
                    .or(v1.and(Integer.MAX_VALUE).add(offset))
                    .or(v2.and(Integer.MAX_VALUE).add(offset))
                    .or(v3.and(Integer.MAX_VALUE).add(offset));
        }
        int m = acc.reduceLanes(VectorOperators.OR);
        for (; i < to; i++) {
            m |= (in.getAtIndex(java.lang.foreign.ValueLayout.JAVA_INT, i) & Integer.MAX_VALUE) + offset;
        }
        return m >= 0;
    }

    private void run(EstimatorPlan plan, Batch b, long g0, long g1, Work work, LaneBlock block) {
        LargeGroups large = work.large;
        long[] starts = block.starts();
        long[] ids = block.ids();
        int lanes = block.lanes();
        if (b.uniform()) {
            int n = b.n;
            if (n > lanesMax) {
                for (long g = g0; g < g1; g++) {
                    large.group(plan, b, g, g * n, n);
                }
                return;
            }
            if (n == Net16F32.N && block instanceof LanesF32 f32) {
                g0 = f32.uniform16(plan, b, g0, g1); // full blocks without per-block set-up; the rest below
            } else if (n == Net16F64.N && block instanceof LanesF64 f64) {
                g0 = f64.uniform16(plan, b, g0, g1);
            }
            if (n == Net64F32.N && block instanceof LanesF32 f32) {
                g0 = f32.uniform64(plan, b, g0, g1); // full blocks through the generated network; the rest below
            }
            for (long g = g0; g < g1; g += lanes) {
                int count = (int) Math.min(lanes, g1 - g);
                if (sparse(count, lanes) || (n > RAGGED_LANES_MAX && 2 * count < lanes)) {
                    // A mostly idle block (a tiny call, or a batch's tail) costs as much as a full one:
                    // sorting its groups one by one is cheaper (measured: one group of 16 takes ~500 ns in a
                    // 16-lane block, under 200 ns alone).
                    for (long h = g; h < g + count; h++) {
                        large.group(plan, b, h, h * n, n);
                    }
                    continue;
                }
                for (int lane = 0; lane < count; lane++) {
                    starts[lane] = (g + lane) * n;
                    ids[lane] = g + lane;
                }
                block.block(plan, b, n, count);
            }
            return;
        }
        // Ragged: groups of equal size share a block, wherever they are in the call (uneven trainer batches
        // rarely repeat a size twice in a row); each size keeps its own pending block until it is full, and the
        // partial ones are flushed at the end. A group's bits do not depend on its block's company.
        int small = Math.min(lanesMax, RAGGED_LANES_MAX);
        java.util.Arrays.fill(work.pending, 0);
        if (b.inArray == null && !plan.perGroup()) {
            windows(plan, b, g0, g1, work, block, small);
            return;
        }
        long touched = g0;
        for (long g = g0; g < g1; g++) {
            if (g == touched) {
                touched = Math.min(g1, g + TOUCH_GROUPS);
                touch(b, plan.perGroup(), b.start(g), b.end(touched - 1));
            }
            long start = b.start(g);
            int n = (int) (b.end(g) - start);
            if (n > small) {
                large.group(plan, b, g, start, n);
            } else {
                pend(plan, b, g, start, n, work, block);
            }
        }
        flushAll(plan, b, small, work, block);
    }

    /** Samples per window of {@link #windows}: its rewards and outputs (512 KB in float32) stay in L2. */
    static final int WINDOW = 1 << 16;

    /**
     * Ragged per-sample calls on segments (native memory, the C ABI): blocks take their groups from a heap copy of one
     * window of consecutive groups at a time (one bulk copy in, one out), so that a block's per-group copies are the
     * lane classes' branch-free vector copies between heap arrays. (Vector access to segments boxed under some JIT
     * profiles; a MemorySegment.copy per group of a few samples mispredicts branches on each group's length and
     * alignment.) A window flushes its partial blocks before its outputs go back. Groups above {@code small} run one by
     * one inside their window (they must not end it: with sizes around the limit, windows of a few groups would leave
     * the blocks nearly empty); only a group larger than a window runs directly on the call's memory.
     */
    private void windows(EstimatorPlan plan, Batch b, long g0, long g1, Work work, LaneBlock block, int small) {
        long es = b.type.byteSize();
        long g = g0;
        while (g < g1) {
            long s0 = b.start(g);
            long end = b.end(g);
            if (end - s0 > WINDOW) { // larger than a window: directly on the call's memory
                work.large.group(plan, b, g, s0, (int) (end - s0));
                g++;
                continue;
            }
            long e = g + 1;
            while (e < g1 && e - g < WINDOW && b.end(e) - s0 <= WINDOW) { // at most WINDOW groups, for empty ones
                end = b.end(e);
                e++;
            }
            int len = (int) (end - s0);
            Batch w = work.window(b, len);
            MemorySegment.copy(b.in, s0 * es, w.in, 0, len * es);
            bySize(plan, b, w, g, e, s0, small, work, block);
            MemorySegment.copy(w.out, 0, b.out, s0 * es, len * es);
            g = e;
        }
    }

    /**
     * The groups [g, e) of window w (its samples from s0 on) size by size: a counting sort of the groups by size, then
     * the blocks of each size in turn, the last one of each partial (see {@link #flush}), larger groups one by one.
     * In call order instead (a pending block per size, run when full), blocks of different sizes alternated at random
     * and every loop bounded by n (network, rows, copies) ran a different trip count each block: ./pkpo bench --sizes
     * 12:20 --seconds 4 gave 0.60-0.62x of uniform n = 16 that way, 0.60-0.65x this way (four alternating runs each,
     * median 0.61x vs 0.64x; the groups in size order through the pending blocks instead, 0.56-0.60x in three; the heap
     * path in size order, 1,024 groups at a time, made 10% masked no cheaper). Empty groups have nothing to do; a
     * group's bits do not depend on its block's company.
     */
    private static void bySize(EstimatorPlan plan, Batch b, Batch w, long g, long e, long s0, int small, Work work,
                               LaneBlock block) {
        int[] at = work.sizeAt;
        int[] order = work.bySize;
        int big = small + 1;
        java.util.Arrays.fill(at, 0, big + 2, 0);
        for (long h = g; h < e; h++) {
            at[Math.min((int) (b.end(h) - b.start(h)), big) + 1]++;
        }
        for (int n = 1; n <= big + 1; n++) {
            at[n] += at[n - 1];
        }
        for (long h = g; h < e; h++) {
            order[at[Math.min((int) (b.end(h) - b.start(h)), big)]++] = (int) (h - g);
        }
        // at[n] is now where size n's run ends (and size n + 1's begins).
        long[] starts = block.starts();
        long[] ids = block.ids();
        int lanes = block.lanes();
        for (int n = 1, i = at[0]; n <= small; n++) {
            int to = at[n];
            for (; i < to; i += lanes) {
                int count = Math.min(lanes, to - i);
                for (int lane = 0; lane < count; lane++) {
                    long h = g + order[i + lane];
                    starts[lane] = b.start(h) - s0;
                    ids[lane] = h;
                }
                if (count == lanes) {
                    block.block(plan, w, n, lanes);
                } else {
                    flush(plan, w, n, count, block, work.large);
                }
            }
            i = to;
        }
        for (int i = at[small]; i < at[big]; i++) {
            long h = g + order[i];
            long start = b.start(h);
            work.large.group(plan, w, h, start - s0, (int) (b.end(h) - start));
        }
    }

    /** Adds group g (n samples at start) to the pending block of its size, and runs the block once it is full. */
    private static void pend(EstimatorPlan plan, Batch b, long g, long start, int n, Work work, LaneBlock block) {
        long[] ps = work.pendingStarts[n];
        int c = work.pending[n];
        ps[c] = start;
        work.pendingIds[n][c] = g;
        int lanes = block.lanes();
        if (++c == lanes) {
            System.arraycopy(ps, 0, block.starts(), 0, lanes);
            System.arraycopy(work.pendingIds[n], 0, block.ids(), 0, lanes);
            block.block(plan, b, n, lanes);
            c = 0;
        }
        work.pending[n] = c;
    }

    /** Runs every partial pending block (see {@link #flush}) and leaves none pending. */
    private static void flushAll(EstimatorPlan plan, Batch b, int small, Work work, LaneBlock block) {
        int[] pending = work.pending;
        for (int n = 0; n <= small; n++) {
            int c = pending[n];
            if (c > 0) {
                System.arraycopy(work.pendingStarts[n], 0, block.starts(), 0, c);
                System.arraycopy(work.pendingIds[n], 0, block.ids(), 0, c);
                flush(plan, b, n, c, block, work.large);
                pending[n] = 0;
            }
        }
    }

    /** Groups per window of {@link #touch}: their rewards and outputs (about 130 KB at sizes 12..20) fit L2. */
    static final int TOUCH_GROUPS = 1024;
    /** Where {@link #touch} leaves what it read, so that the JIT keeps the loads. */
    static long touchSink;

    /**
     * Reads one word per cache line of the rewards and outputs of samples [from, to), in order. A ragged block
     * takes groups of one size from across the last few dozen groups, so its first touch of their lines comes
     * in no order the hardware prefetcher follows; after this sequential pass the lines are in L2.
     */
    private static void touch(Batch b, boolean perGroup, long from, long to) {
        long es = b.type.byteSize();
        long x = 0;
        MemorySegment in = b.in;
        for (long o = from * es, end = to * es - Long.BYTES; o <= end; o += 64) {
            x ^= in.get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, o);
        }
        if (!perGroup) {
            MemorySegment out = b.out;
            for (long o = from * es, end = to * es - Long.BYTES; o <= end; o += 64) {
                x ^= out.get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, o);
            }
        }
        touchSink = x;
    }

    /** A block under a quarter full costs more than its groups one by one (see {@link #run}). */
    private static boolean sparse(int count, int lanes) {
        return 4 * count < lanes;
    }

    private static void flush(EstimatorPlan plan, Batch b, int n, int count, LaneBlock block, LargeGroups large) {
        if (sparse(count, block.lanes())) {
            long[] starts = block.starts();
            long[] ids = block.ids();
            for (int i = 0; i < count; i++) {
                large.group(plan, b, ids[i], starts[i], n);
            }
        } else {
            block.block(plan, b, n, count);
        }
    }
}
