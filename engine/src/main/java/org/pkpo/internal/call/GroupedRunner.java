package org.pkpo.internal.call;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.pkpo.DType;
import org.pkpo.Estimator;
import org.pkpo.NonFinite;
import org.pkpo.PkpoException;
import org.pkpo.Scale;
import org.pkpo.TooSmall;
import org.pkpo.internal.kernels.Compaction;
import org.pkpo.internal.kernels.Kernels;
import org.pkpo.internal.math.EstimatorPlan;

/**
 * Runs a call described by a {@link Grouping}: uniform, offsets or per-sample ids, with an optional mask and k
 * per group. Everything is validated first (all or nothing). Then the groups are bucketed by (valid size, k)
 * with a counting pass, each bucket's valid rewards are gathered into a reusable thread-local staging buffer laid
 * out as a uniform batch, the uniform kernels run on it, and the outputs are scattered back (masked and zeroed
 * samples get 0). So uneven, masked or shuffled batches run on the same lane kernels as uniform ones, and a group
 * is computed exactly as a uniform call of its valid rewards would compute it.
 *
 * <p>Ids become dense group numbers in order of first appearance ({@link IdMap}): runs of equal ids are detected in
 * one pass and only run heads are looked up (a direct table when the ids span a small range, else an
 * open-addressing hash); when every id forms one run the groups are contiguous and need no permutation, otherwise a
 * counting pass orders the samples by group. The workspace only grows, so warm calls allocate nothing but the
 * report.
 */
public final class GroupedRunner {
    private GroupedRunner() {
    }

    /** Staging buffer size in samples, one thread: a few hundred KB stays in L2 between gather and scatter. */
    private static final int STAGE = 1 << 14;
    /** With helper threads the staging buffer must be big enough for ParallelKernels to split it. */
    private static final int STAGE_PARALLEL = 1 << 17;
    /** A multiple of every lane block's group count (ParallelKernels cuts at multiples of 64 for the same reason). */
    private static final int BLOCK = 64;
    /** The largest call: int indices throughout. */
    public static final long MAX_SAMPLES = Integer.MAX_VALUE - 8;

    private static final ThreadLocal<Work> LOCAL = ThreadLocal.withInitial(Work::new);

    /** One thread's reusable arrays. */
    static final class Work {
        int[] gstart = new int[1];
        int[] order = new int[0];
        int[] sampleGroup = new int[0];
        int[] fill = new int[0];
        /** Valid samples per group; -1 for a group that is zeroed. */
        int[] valid = new int[0];
        long[] table = new long[0];
        /** The run heads' hashes by bucket, and a bucket's table: the check that ids in runs are distinct. */
        long[] headKeys = new long[0];
        /** IdMap.heads: the id of each run head (beside gstart), and one step's ids copied from the caller's segment. */
        long[] headIds = new long[0];
        final long[] idStep = new long[IdMap.HEADS_STEP];
        final int[] idStepInt = new int[IdMap.HEADS_STEP];
        long[] headSet = new long[0];
        static final int HEAD_BUCKETS_MAX = 1 << 12;
        /** Bucket starts and fill positions of that check, made at their largest on first use (32 KB). */
        int[] headStart = new int[0];
        int[] headFill = new int[0];
        int[] direct = new int[0];
        // Partitioned id mapping (shuffled ids).
        long[] partKey = new long[0];
        int[] partIdx = new int[0];
        int[] handleOf = new int[0];
        int[] firstIdx = new int[0];
        int[] handleCount = new int[0];
        int[] handleStart = new int[0];
        int[] partStart = new int[0];
        // Stamped open-addressing table of the partitioned mapping: a slot is taken in the current partition when
        // its stamp is the partition's, so no partition clears the table.
        // Interleaved (id hash, stamp << 32 | group) pairs: one cache line per probe.
        long[] stamped = new long[0];
        int stamp;
        /**
         * Set by the partitioned id mapping, which numbers groups in its own layout order: numbers[g] is then the
         * call's number (first appearance) of layout group g, filled only when the call needs it (per-group k, rho);
         * messages rank a group on demand ({@link GroupedRunner#number}).
         */
        boolean layoutNumbered;
        int layoutGroups;
        boolean numbersFilled;
        int[] numbers = new int[0];
        /** Also set by the partitioned mapping: the rewards in order's layout (layout[j] is sample order[j]), or null. */
        Object layout;
        private int[] before = new int[0];

        /** Room for the compaction's positions, one per eight samples ({@code posAt} of Kernels.compact). */
        int[] before(int len) {
            if (before.length < len) {
                before = new int[Math.max(len, 2 * before.length)];
            }
            return before;
        }

        /** The heap copy of a segment's rewards that the partitioned mapping made for this call, or null. */
        Object copiedIn;
        long[] partVal = new long[0];
        float[] layoutF32 = new float[0];
        double[] layoutF64 = new double[0];
        /** The call's ids and mask, copied in bulk: the passes over them then read plain arrays. */
        long[] idBuf = new long[0];
        byte[] maskBuf = new byte[0];

        void partitioned(int samples, int parts) {
            if (partKey.length < samples) {
                int len = Math.max(samples, 2 * partKey.length);
                partKey = new long[len];
                partIdx = new int[len];
                handleOf = new int[len];
                firstIdx = new int[len];
                handleCount = new int[len];
                handleStart = new int[len];
            }
            if (partStart.length < parts + 1) {
                partStart = new int[parts + 1];
            }
        }
        // Buckets by (valid size, k).
        long[] bucketTable = new long[64];
        long[] bucketKey = new long[16];
        int[] bucketStart = new int[17];
        int[] groupBucket = new int[0];
        int[] bucketGroups = new int[0];
        EstimatorPlan[] plans = new EstimatorPlan[0];
        float[] f32In = new float[0];
        float[] f32Out = new float[0];
        double[] f64In = new double[0];
        double[] f64Out = new double[0];
        MemorySegment stageIn;
        /** The array stageIn wraps. */
        Object staged;
        MemorySegment stageOut;
        final Batch stage = new Batch();
        final Batch whole = new Batch();

        float[] f32Copy = new float[0];
        double[] f64Copy = new double[0];
        float[] f32OutCopy = new float[0];
        double[] f64OutCopy = new double[0];
        MemorySegment outCopySegment;
        Object outCopyWrapped;

        Object copyIn(DType type, MemorySegment in, int samples) {
            if (type == DType.F32) {
                if (f32Copy.length < samples) {
                    f32Copy = new float[Math.max(samples, 2 * f32Copy.length)];
                }
                MemorySegment.copy(in, ValueLayout.JAVA_FLOAT, 0, f32Copy, 0, samples);
                return f32Copy;
            }
            if (f64Copy.length < samples) {
                f64Copy = new double[Math.max(samples, 2 * f64Copy.length)];
            }
            MemorySegment.copy(in, ValueLayout.JAVA_DOUBLE, 0, f64Copy, 0, samples);
            return f64Copy;
        }

        private float[] windowF32 = new float[0];
        private double[] windowF64 = new double[0];
        /** Over the array the last {@link #window} call returned. */
        MemorySegment windowSegment;
        private Object windowWrapped;

        /** A heap array of at least len elements for one window of a call, and windowSegment over it. */
        Object window(DType type, int len) {
            Object a;
            if (type == DType.F32) {
                if (windowF32.length < len) {
                    windowF32 = new float[len];
                }
                a = windowF32;
            } else {
                if (windowF64.length < len) {
                    windowF64 = new double[len];
                }
                a = windowF64;
            }
            if (windowWrapped != a) { // MemorySegment.ofArray allocates: only when the array is new
                windowWrapped = a;
                windowSegment = a instanceof float[] f ? MemorySegment.ofArray(f) : MemorySegment.ofArray((double[]) a);
            }
            return a;
        }

        /** A heap array for the outputs, and outCopySegment over it. */
        Object outCopy(DType type, int len) {
            Object a;
            if (type == DType.F32) {
                if (f32OutCopy.length < len) {
                    f32OutCopy = new float[Math.max(len, 2 * f32OutCopy.length)];
                }
                a = f32OutCopy;
            } else {
                if (f64OutCopy.length < len) {
                    f64OutCopy = new double[Math.max(len, 2 * f64OutCopy.length)];
                }
                a = f64OutCopy;
            }
            if (outCopyWrapped != a) {
                outCopyWrapped = a;
                outCopySegment = a instanceof float[] f ? MemorySegment.ofArray(f) : MemorySegment.ofArray((double[]) a);
            }
            return a;
        }

        EstimatorPlan plan(Estimator est, int k, Scale scale) {
            if (k < 1 || k > 4096) {
                return EstimatorPlan.of(est, k, scale); // not cached: a bad k throws, a huge one is rare
            }
            if (k >= plans.length) {
                plans = Arrays.copyOf(plans, Math.max(k + 1, 2 * plans.length));
            }
            EstimatorPlan p = plans[k];
            if (p == null || p.estimator() != est || p.scale() != scale) {
                p = plans[k] = EstimatorPlan.of(est, k, scale);
            }
            return p;
        }

        private int[] compactOffsets = new int[1];
        MemorySegment compactOffsetsSegment = MemorySegment.ofArray(compactOffsets);

        /** Offsets for {@link GroupedRunner#compacted}, with compactOffsetsSegment over them. */
        int[] compactOffsets(int len) {
            if (compactOffsets.length < len) {
                compactOffsets = new int[Math.max(len, 2 * compactOffsets.length)];
                compactOffsetsSegment = MemorySegment.ofArray(compactOffsets);
            }
            return compactOffsets;
        }

        private MemorySegment gstartSegment;
        private int[] gstartWrapped;

        /** gstart as a segment, remade only when gstart grows (MemorySegment.ofArray allocates). */
        MemorySegment gstartSegment() {
            if (gstartWrapped != gstart) {
                gstartWrapped = gstart;
                gstartSegment = MemorySegment.ofArray(gstart);
            }
            return gstartSegment;
        }

        void groups(int groups) {
            if (valid.length < groups) {
                int len = Math.max(groups, valid.length * 2);
                valid = new int[len];
                groupBucket = new int[len];
                bucketGroups = new int[len];
                fill = new int[len];
            }
            if (gstart.length < groups + 1) {
                gstart = new int[Math.max(groups + 1, gstart.length * 2)];
            }
        }

        void stage(DType type, int samples) {
            if (type == DType.F32) {
                if (f32In.length < samples) {
                    f32In = new float[Math.max(samples, 2 * f32In.length)];
                    f32Out = new float[f32In.length];
                }
                if (staged != f32In) { // an identity test: heapBase() would allocate an Optional per call
                    staged = f32In;
                    stageIn = MemorySegment.ofArray(f32In);
                    stageOut = MemorySegment.ofArray(f32Out);
                }
            } else {
                if (f64In.length < samples) {
                    f64In = new double[Math.max(samples, 2 * f64In.length)];
                    f64Out = new double[f64In.length];
                }
                if (staged != f64In) {
                    staged = f64In;
                    stageIn = MemorySegment.ofArray(f64In);
                    stageOut = MemorySegment.ofArray(f64Out);
                }
            }
        }
    }

    /**
     * Validates and runs one call, writing the report's counts (groups, samples, excluded, zeroed, masked) into
     * {@code counts}. {@code inArray} and {@code outArray} are the float[] or double[] behind {@code in} and
     * {@code out}, or null.
     */
    public static void run(EstimatorPlan base, NonFinite nonFinite, TooSmall tooSmall, DType type, MemorySegment in,
            long samplesLong, Grouping gr, MemorySegment out, Object inArray, Object outArray, Kernels kernels,
            boolean parallel,
            long[] counts) {
        CallChecks.nonNull(type, "type");
        CallChecks.nonNull(gr, "groups");
        if (samplesLong < 0 || samplesLong > MAX_SAMPLES) {
            throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "samples must be in [0, " + MAX_SAMPLES
                    + "] (split bigger batches into several calls), got " + samplesLong);
        }
        int samples = (int) samplesLong;
        int es = type.byteSize();
        CallChecks.checkSegment("rewards", in, samples, es, type);
        if (gr.mask != null) {
            CallChecks.checkIndexSegment("mask", gr.mask, samples, 1);
        }
        Work w = LOCAL.get();
        w.layoutNumbered = false;
        w.layout = null;
        w.copiedIn = null;
        boolean usesOrder = false;
        int groups;
        switch (gr.kind) {
            case UNIFORM -> {
                if (samples % gr.n != 0) {
                    throw new PkpoException(PkpoException.Reason.BUFFER_TOO_SMALL, "samples=" + samples
                            + " is not a multiple of n=" + gr.n);
                }
                groups = samples / gr.n;
                w.groups(groups);
                for (int g = 0, s = 0; g <= groups; g++, s += gr.n) {
                    w.gstart[g] = s;
                }
            }
            case OFFSETS -> groups = offsets(gr, samples, w);
            case IDS -> {
                CallChecks.checkIndexSegment("ids", gr.index, samples, gr.indexLayout.byteSize());
                groups = IdMap.map(gr, samples, w, gr.ks != null || base.perGroup(), inArray, type, in);
                if (inArray == null) {
                    inArray = w.copiedIn; // the partitioned mapping's copy of the rewards, or null
                }
                usesOrder = groups < 0;
                groups = usesOrder ? ~groups : groups;
            }
            default -> throw new IllegalStateException();
        }
        boolean perGroup = base.perGroup();
        CallChecks.checkSegment("out", out, perGroup ? groups : samples, es, type);
        if (samples > 0) {
            CallChecks.checkOverlap(perGroup, in, out);
        }
        if (gr.ks != null) {
            CallChecks.checkIndexSegment("k", gr.ks, groups, 4);
        }
        Estimator est = base.estimator();
        int oneK = gr.ks != null ? -1 : gr.oneK > 0 ? gr.oneK : base.k();

        // ---- validation: k, finiteness, valid sizes (nothing written yet) ----
        int[] num = w.layoutNumbered ? w.numbers : null; // call group numbers, where they differ from g
        int[] gstart = w.gstart;
        int[] order = w.order;
        int[] valid = w.valid;
        byte[] mask = null;
        if (gr.mask != null) {
            if (w.maskBuf.length < samples + Compaction.CHUNK) { // + 8: the mask is read a word at a time
                w.maskBuf = new byte[Math.max(samples + Compaction.CHUNK, 2 * w.maskBuf.length)];
            }
            mask = w.maskBuf;
            MemorySegment.copy(gr.mask, ValueLayout.JAVA_BYTE, 0, mask, 0, samples);
        }
        boolean exclude = nonFinite == NonFinite.EXCLUDE;
        long masked = 0;
        long excluded = 0;
        long zeroed = 0;
        boolean needFiniteScan = true;
        if (samples > 0) {
            // One vector pass over every sample says whether any reward needs a closer look (with a mask, a
            // masked NaN sends the call to the per-sample check, which skips it).
            needFiniteScan = !kernels.allFinite(w.whole.reset(type, in, out, 0, 0, null, null, inArray), 0, samples);
        }
        // ---- the common masked call (groups in runs, one k, per-sample outputs, every reward finite): counting
        // and compaction in one pass, then one ragged call; a group left too small takes the general path below ----
        if (mask != null && !needFiniteScan && oneK > 0 && !perGroup && (!usesOrder || w.layout != null)
                && maskedRuns(type, base, kernels, w, in, out, inArray, outArray, samples, groups, oneK, mask,
                        usesOrder ? order : null, counts)) {
            return;
        }
        for (int g = 0; g < groups; g++) {
            int s = gstart[g];
            int e = gstart[g + 1];
            int k = oneK >= 0 ? oneK : gr.ks.getAtIndex(ValueLayout.JAVA_INT, num == null ? g : num[g]);
            if (oneK < 0 || g == 0) {
                try {
                    w.plan(est, k, base.scale()); // k itself must suit the estimator, whatever the group's size
                } catch (PkpoException ex) {
                    throw new PkpoException(PkpoException.Reason.BAD_K, name(gr, number(w, g), s, usesOrder, order) + ": "
                            + ex.getMessage());
                }
            }
            int m = e - s;
            if (mask != null && !needFiniteScan) {
                int v = 0;
                if (usesOrder) {
                    for (int j = s; j < e; j++) {
                        v += mask[order[j]] != 0 ? 1 : 0;
                    }
                } else {
                    for (int i = s; i < e; i++) {
                        v += mask[i] != 0 ? 1 : 0;
                    }
                }
                masked += m - v;
                m = v;
            } else if (mask != null || needFiniteScan) {
                int bad = 0;
                for (int j = s; j < e; j++) {
                    int i = usesOrder ? order[j] : j;
                    if (mask != null && mask[i] == 0) {
                        m--;
                        masked++;
                    } else if (needFiniteScan && !finite(type, in, i)) {
                        if (!exclude) {
                            throw new PkpoException(PkpoException.Reason.NON_FINITE, "non-finite reward "
                                    + (type == DType.F32 ? in.getAtIndex(ValueLayout.JAVA_FLOAT, i)
                                            : in.getAtIndex(ValueLayout.JAVA_DOUBLE, i))
                                    + " at " + name(gr, number(w, g), s, usesOrder, order) + ", element " + i);
                        }
                        bad++;
                    }
                }
                m -= bad;
                excluded += bad;
            }
            String why = EstimatorPlan.whyInvalid(est, k, m);
            if (why != null) {
                if (tooSmall == TooSmall.REJECT) {
                    throw new PkpoException(PkpoException.Reason.BAD_K, name(gr, number(w, g), s, usesOrder, order) + " has " + m
                            + " valid sample" + (m == 1 ? "" : "s") + " (of " + (e - s) + "), too few for k=" + k + ": "
                            + why + " (TooSmall.ZERO gives such groups zeros)");
                }
                m = -1;
                zeroed++;
            }
            valid[g] = m;
        }
        counts[0] = groups;
        counts[1] = samples;
        counts[2] = excluded;
        counts[3] = zeroed;
        counts[4] = masked;
        if (groups == 0) {
            return;
        }
        boolean filter = mask != null || excluded > 0;

        // ---- uniform fast path: the batch is already a uniform batch ----
        if (gr.kind == Grouping.Kind.UNIFORM && !filter && zeroed == 0 && oneK > 0) {
            kernels.transform(w.plan(est, oneK, base.scale()), w.whole.reset(type, in, out, groups, gr.n, null, null,
                    inArray), 0, groups);
            return;
        }

        // ---- every group whole and one k: a ragged call of the lane kernels, which block groups by size ----
        if (!filter && zeroed == 0 && oneK > 0) {
            EstimatorPlan plan = w.plan(est, oneK, base.scale());
            if (!usesOrder) {
                // offsets, or ids in contiguous runs: gstart is the call's offsets
                kernels.transform(plan, w.whole.reset(type, in, out, groups, -1, w.gstartSegment(), ValueLayout.JAVA_INT,
                        inArray).outArray(outArray), 0, groups);
                return;
            }
            if (w.layout != null && !perGroup) {
                // shuffled ids: the rewards already sit in order's layout, a ragged batch over gstart
                ragged(type, plan, kernels, w, groups, out, outArray, samples);
                return;
            }
        }

        // ---- segments (native memory, the C ABI) go through heap copies: one bulk copy each way costs less than
        // element-wise segment access in the gather and scatter loops (measured 5x slower end to end) ----
        int outLen = perGroup ? groups : samples;
        MemorySegment outSeg = null;
        if (inArray == null) {
            inArray = w.copyIn(type, in, samples);
        }
        if (outArray == null) {
            outSeg = out;
            outArray = w.outCopy(type, outLen);
            out = w.outCopySegment;
        }

        // ---- masked, excluded or zeroed samples with one k (per-sample estimators): the valid rewards compacted
        // group after group into one ragged call, the outputs expanded back; two sequential passes ----
        if (oneK > 0 && !usesOrder && !perGroup) {
            compacted(type, w.plan(est, oneK, base.scale()), kernels, w, groups, gstart, valid, mask,
                    exclude && excluded > 0, inArray, outArray, samples);
        } else {
            // ---- bucket the groups by (valid size, k): a counting pass ----
            int buckets = bucket(w, gr, groups, oneK, num);
            int stageCap = parallel ? STAGE_PARALLEL : STAGE;
            int[] bucketGroups = w.bucketGroups;
            for (int bk = 0; bk < buckets; bk++) {
                long key = w.bucketKey[bk];
                int m = (int) key;
                int k = (int) (key >>> 32);
                EstimatorPlan plan = w.plan(est, k, base.scale());
                // Chunks of whole lane blocks, so that a bucket is cut into the blocks one uniform call would make.
                int per = Math.max(BLOCK, stageCap / m / BLOCK * BLOCK);
                w.stage(type, per * m + 1); // + 1: the branch-free gather stores a dropped sample one past the end
                for (int c = w.bucketStart[bk], end = w.bucketStart[bk + 1], cnt; c < end; c += cnt) {
                    cnt = Math.min(per, end - c);
                    gather(type, in, inArray, mask, exclude && excluded > 0, w, gstart, usesOrder, order, bucketGroups, c,
                            cnt);
                    Object stageArray = type == DType.F32 ? w.f32In : w.f64In;
                    kernels.transform(plan, w.stage.reset(type, w.stageIn, w.stageOut, cnt, m, null, null, stageArray), 0, cnt);
                    scatter(type, in, inArray, out, outArray, perGroup, mask, exclude && excluded > 0, w, gstart, usesOrder,
                            order, bucketGroups, c, cnt, num);
                }
            }
            if (zeroed > 0) {
                for (int g = 0; g < groups; g++) {
                    if (valid[g] < 0) {
                        if (perGroup) {
                            set(type, out, num == null ? g : num[g], 0);
                        } else {
                            for (int j = gstart[g]; j < gstart[g + 1]; j++) {
                                set(type, out, usesOrder ? order[j] : j, 0);
                            }
                        }
                    }
                }
            }
        }
        if (outSeg != null) {
            MemorySegment.copy(out, 0, outSeg, 0, (long) outLen * type.byteSize());
        }
    }

    /**
     * A masked call with one k, per-sample outputs and every reward finite, whose groups are runs (offsets, uniform,
     * ids in runs) or, for shuffled ids, runs of the partitioned mapping's layout ({@code order} non-null: the
     * rewards are w.layout, sample order[j] at j): copies the valid rewards to the stage, group after group,
     * counting each group's valid samples on the way (one pass instead of a counting pass and a compaction pass),
     * runs them as one ragged call and expands the outputs back in one flat pass, masked samples getting +0.0.
     * Returns false, having written nothing, when k or a group's valid size is not acceptable: the general path
     * then names the group or zeroes it.
     */
    private static boolean maskedRuns(DType type, EstimatorPlan base, Kernels kernels, Work w, MemorySegment in,
            MemorySegment out, Object inArray, Object outArray, int samples, int groups, int k, byte[] mask,
            int[] order, long[] counts) {
        EstimatorPlan plan;
        try {
            plan = w.plan(base.estimator(), k, base.scale());
        } catch (PkpoException ex) {
            return false;
        }
        int[] gstart = w.gstart;
        // + 8: the compaction stores whole vectors of 8 at its count, the expansion reads them there
        w.stage(type, samples + Compaction.CHUNK);
        int[] off = w.compactOffsets(groups + 1);
        int pos;
        if (order == null) {
            // The kernels' compaction (eight samples per step on the SIMD kernels), then each group's compacted
            // start from the positions it recorded every eight samples.
            int[] posAt = w.before(samples / Compaction.CHUNK + 1);
            pos = compactAll(type, kernels, w, in, inArray, mask, samples, posAt);
            off[0] = 0;
            for (int g = 0; g < groups; g++) {
                off[g + 1] = Compaction.validBefore(posAt, mask, gstart[g + 1], samples, pos);
            }
        } else if (type == DType.F32) {
            pos = compact((float[]) w.layout, mask, order, gstart, groups, w.f32In, off);
        } else {
            pos = compact((double[]) w.layout, mask, order, gstart, groups, w.f64In, off);
        }
        Estimator est = base.estimator();
        for (int g = 0; g < groups; g++) {
            if (EstimatorPlan.whyInvalid(est, k, off[g + 1] - off[g]) != null) {
                return false;
            }
        }
        counts[0] = groups;
        counts[1] = samples;
        counts[2] = 0;
        counts[3] = 0;
        counts[4] = samples - pos;
        kernels.transform(plan, w.stage.reset(type, w.stageIn, w.stageOut, groups, -1, w.compactOffsetsSegment,
                ValueLayout.JAVA_INT, type == DType.F32 ? w.f32In : w.f64In)
                .outArray(type == DType.F32 ? w.f32Out : w.f64Out), 0, groups);
        // A masked sample reads the next output (or the stage's spare slots) and keeps none of its bits. In place is
        // fine: every reward was read by the compaction before any output is written.
        if (order == null) {
            expandAll(type, kernels, w, out, outArray, mask, samples);
            return true;
        }
        MemorySegment outSeg = null;
        if (outArray == null) {
            outSeg = out;
            outArray = w.outCopy(type, samples);
        }
        if (type == DType.F32) {
            expand(w.f32Out, mask, order, (float[]) outArray, samples);
        } else {
            expand(w.f64Out, mask, order, (double[]) outArray, samples);
        }
        if (outSeg != null) {
            MemorySegment.copy(w.outCopySegment, 0, outSeg, 0, (long) samples * type.byteSize());
        }
        return true;
    }

    /** Samples per window of {@link #compactAll} and {@link #expandAll}: 128 KB in float32, so they stay in L2. */
    static final int MASK_WINDOW = 1 << 15;

    /**
     * The compaction of a call's rewards into the stage. Rewards in native memory go through a heap window at a time
     * (a bulk copy the compaction then reads from L2) instead of one heap copy of the whole batch: that copy cost a
     * write and a read of the batch in memory.
     */
    private static int compactAll(DType type, Kernels kernels, Work w, MemorySegment in, Object inArray, byte[] mask,
            int samples, int[] posAt) {
        boolean f32 = type == DType.F32;
        if (inArray != null) {
            return f32 ? kernels.compact((float[]) inArray, 0, mask, 0, samples, w.f32In, 0, posAt)
                    : kernels.compact((double[]) inArray, 0, mask, 0, samples, w.f64In, 0, posAt);
        }
        Object win = w.window(type, Math.min(samples, MASK_WINDOW));
        long es = type.byteSize();
        int pos = 0;
        for (int from = 0; from < samples; from += MASK_WINDOW) {
            int to = Math.min(samples, from + MASK_WINDOW);
            MemorySegment.copy(in, from * es, w.windowSegment, 0, (to - from) * es);
            pos = f32 ? kernels.compact((float[]) win, from, mask, from, to, w.f32In, pos, posAt)
                    : kernels.compact((double[]) win, from, mask, from, to, w.f64In, pos, posAt);
        }
        return pos;
    }

    /** The stage's outputs back to the call's samples; to native memory through a heap window at a time. */
    private static void expandAll(DType type, Kernels kernels, Work w, MemorySegment out, Object outArray, byte[] mask,
            int samples) {
        boolean f32 = type == DType.F32;
        if (outArray != null) {
            if (f32) {
                kernels.expand(w.f32Out, 0, mask, 0, samples, (float[]) outArray, 0);
            } else {
                kernels.expand(w.f64Out, 0, mask, 0, samples, (double[]) outArray, 0);
            }
            return;
        }
        Object win = w.window(type, Math.min(samples, MASK_WINDOW));
        long es = type.byteSize();
        int pos = 0;
        for (int from = 0; from < samples; from += MASK_WINDOW) {
            int to = Math.min(samples, from + MASK_WINDOW);
            pos = f32 ? kernels.expand(w.f32Out, pos, mask, from, to, (float[]) win, from)
                    : kernels.expand(w.f64Out, pos, mask, from, to, (double[]) win, from);
            MemorySegment.copy(w.windowSegment, 0, out, from * es, (to - from) * es);
        }
    }

    // The shuffled layout's loops of maskedRuns, in small methods of their own (groups in runs use the kernels'
    // compact and expand: flat, eight samples per step on the SIMD kernels).

    /**
     * The valid samples of the partitioned layout (position j holds sample order[j]) to st, back to back, group after
     * group; off[g + 1] = valid samples up to group g.
     */
    private static int compact(float[] a, byte[] mask, int[] order, int[] gstart, int groups, float[] st, int[] off) {
        int pos = 0;
        for (int g = 0; g < groups; g++) {
            for (int j = gstart[g], e = gstart[g + 1]; j < e; j++) {
                st[pos] = a[j];
                pos += ((mask[order[j]] & 0xff) + 0xff) >>> 8;
            }
            off[g + 1] = pos;
        }
        return pos;
    }

    /** The outputs back from the partitioned layout: position j's to sample order[j], +0.0 at masked samples. */
    private static void expand(float[] so, byte[] mask, int[] order, float[] o, int samples) {
        for (int j = 0, pos = 0; j < samples; j++) {
            int i = order[j];
            int ok = ((mask[i] & 0xff) + 0xff) >>> 8;
            o[i] = Float.intBitsToFloat(Float.floatToRawIntBits(so[pos]) & -ok);
            pos += ok;
        }
    }

    /** {@link #compact(float[], byte[], int[], int[], int, float[], int[])} for float64. */
    private static int compact(double[] a, byte[] mask, int[] order, int[] gstart, int groups, double[] st, int[] off) {
        int pos = 0;
        for (int g = 0; g < groups; g++) {
            for (int j = gstart[g], e = gstart[g + 1]; j < e; j++) {
                st[pos] = a[j];
                pos += ((mask[order[j]] & 0xff) + 0xff) >>> 8;
            }
            off[g + 1] = pos;
        }
        return pos;
    }

    /** {@link #expand(float[], byte[], int[], float[], int)} for float64. */
    private static void expand(double[] so, byte[] mask, int[] order, double[] o, int samples) {
        for (int j = 0, pos = 0; j < samples; j++) {
            int i = order[j];
            int ok = ((mask[i] & 0xff) + 0xff) >>> 8;
            o[i] = Double.longBitsToDouble(Double.doubleToRawLongBits(so[pos]) & -(long) ok);
            pos += ok;
        }
    }

    /** Fills gstart from offsets (which must start at 0 and end at samples) and returns the group count. */
    private static int offsets(Grouping gr, int samples, Work w) {
        long groupsL = gr.offsetGroups;
        if (groupsL < 0) {
            throw new PkpoException(PkpoException.Reason.BUFFER_TOO_SMALL, "offsets needs groups+1 entries, got an empty array");
        }
        CallChecks.checkIndexSegment("offsets", gr.index, groupsL + 1, gr.indexLayout.byteSize());
        if (groupsL > samples && samples > 0 || groupsL > MAX_SAMPLES) {
            // Empty groups are allowed, but not more of them than an int can count.
            if (groupsL > MAX_SAMPLES) {
                throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "too many groups: " + groupsL);
            }
        }
        int groups = (int) groupsL;
        w.groups(groups);
        long first = gr.index(0);
        if (first != 0) {
            throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "offsets[0]=" + first + " must be 0");
        }
        long prev = 0;
        w.gstart[0] = 0;
        for (int g = 1; g <= groups; g++) {
            long o = gr.index(g);
            if (o < prev) {
                throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "offsets must not decrease: offsets[" + g
                        + "]=" + o + " < offsets[" + (g - 1) + "]=" + prev);
            }
            if (o > samples) {
                throw new PkpoException(PkpoException.Reason.BUFFER_TOO_SMALL, "offsets[" + g + "]=" + o
                        + " is past the " + samples + " samples");
            }
            w.gstart[g] = (int) o;
            prev = o;
        }
        if (prev != samples) {
            throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "offsets[" + groups + "]=" + prev
                    + " must equal the sample count " + samples);
        }
        return groups;
    }

    /** "group 3" or, for ids, "group 3 (id 17)". Built only for a message. */
    private static String name(Grouping gr, int g, int s, boolean usesOrder, int[] order) {
        if (gr.kind != Grouping.Kind.IDS) {
            return "group " + g;
        }
        return "group " + g + " (id " + gr.index(usesOrder ? order[s] : s) + ")";
    }

    /**
     * The call's number (first appearance) of group g: g itself except after the partitioned id mapping, whose
     * numbers are filled only when the call needs them; a message ranks its group by its first sample.
     */
    private static int number(Work w, int g) {
        if (!w.layoutNumbered) {
            return g;
        }
        if (w.numbersFilled) {
            return w.numbers[g];
        }
        int first = w.firstIdx[g];
        int rank = 0;
        for (int h = 0; h < w.layoutGroups; h++) {
            rank += w.firstIdx[h] < first ? 1 : 0;
        }
        return rank;
    }

    private static boolean finite(DType type, MemorySegment in, long i) {
        return type == DType.F32 ? Float.isFinite(in.getAtIndex(ValueLayout.JAVA_FLOAT, i))
                : Double.isFinite(in.getAtIndex(ValueLayout.JAVA_DOUBLE, i));
    }

    /**
     * Copies the valid samples of the groups that are not zeroed (valid[g] >= 0) to the stage, back to back, with
     * their offsets, runs them as one ragged call and expands the outputs back: left-out samples and zeroed groups
     * get 0. In place is fine: out[i] is written after in[i] was last read.
     */
    private static void compacted(DType type, EstimatorPlan plan, Kernels kernels, Work w, int groups, int[] gstart,
            int[] valid, byte[] mask, boolean dropNonFinite, Object inArray, Object outArray, int samples) {
        w.stage(type, samples + 1); // + 1: the branch-free compaction stores a dropped sample one past the end
        int[] off = w.compactOffsets(groups + 1);
        int cg = 0;
        int pos = 0;
        if (type == DType.F32) {
            float[] a = (float[]) inArray;
            float[] st = w.f32In;
            for (int g = 0; g < groups; g++) {
                if (valid[g] < 0) {
                    continue;
                }
                for (int i = gstart[g], e = gstart[g + 1]; i < e; i++) {
                    float v = a[i];
                    st[pos] = v;
                    pos += (mask == null || mask[i] != 0) && (!dropNonFinite || Float.isFinite(v)) ? 1 : 0;
                }
                off[++cg] = pos;
            }
        } else {
            double[] a = (double[]) inArray;
            double[] st = w.f64In;
            for (int g = 0; g < groups; g++) {
                if (valid[g] < 0) {
                    continue;
                }
                for (int i = gstart[g], e = gstart[g + 1]; i < e; i++) {
                    double v = a[i];
                    st[pos] = v;
                    pos += (mask == null || mask[i] != 0) && (!dropNonFinite || Double.isFinite(v)) ? 1 : 0;
                }
                off[++cg] = pos;
            }
        }
        if (cg > 0) {
            kernels.transform(plan, w.stage.reset(type, w.stageIn, w.stageOut, cg, -1, w.compactOffsetsSegment,
                    ValueLayout.JAVA_INT, type == DType.F32 ? w.f32In : w.f64In)
                    .outArray(type == DType.F32 ? w.f32Out : w.f64Out), 0, cg);
        }
        pos = 0;
        if (type == DType.F32) {
            float[] a = (float[]) inArray;
            float[] o = (float[]) outArray;
            float[] so = w.f32Out;
            for (int g = 0; g < groups; g++) {
                int s = gstart[g];
                int e = gstart[g + 1];
                if (valid[g] < 0) {
                    Arrays.fill(o, s, e, 0f);
                    continue;
                }
                for (int i = s; i < e; i++) {
                    boolean ok = (mask == null || mask[i] != 0) && (!dropNonFinite || Float.isFinite(a[i]));
                    o[i] = ok ? so[pos] : 0f;
                    pos += ok ? 1 : 0;
                }
            }
        } else {
            double[] a = (double[]) inArray;
            double[] o = (double[]) outArray;
            double[] so = w.f64Out;
            for (int g = 0; g < groups; g++) {
                int s = gstart[g];
                int e = gstart[g + 1];
                if (valid[g] < 0) {
                    Arrays.fill(o, s, e, 0.0);
                    continue;
                }
                for (int i = s; i < e; i++) {
                    boolean ok = (mask == null || mask[i] != 0) && (!dropNonFinite || Double.isFinite(a[i]));
                    o[i] = ok ? so[pos] : 0.0;
                    pos += ok ? 1 : 0;
                }
            }
        }
    }

    /** The layout-ordered rewards of the partitioned mapping as one ragged call, its outputs put back in sample order. */
    private static void ragged(DType type, EstimatorPlan plan, Kernels kernels, Work w, int groups, MemorySegment out,
            Object outArray, int samples) {
        int[] order = w.order;
        if (type == DType.F32) {
            float[] lay = (float[]) w.layout;
            float[] lo = (float[]) w.outCopy(type, samples);
            kernels.transform(plan, w.whole.reset(type, MemorySegment.ofArray(lay), w.outCopySegment, groups, -1,
                    w.gstartSegment(), ValueLayout.JAVA_INT, lay).outArray(lo), 0, groups);
            if (outArray instanceof float[] o) {
                for (int j = 0; j < samples; j++) {
                    o[order[j]] = lo[j];
                }
            } else {
                for (int j = 0; j < samples; j++) {
                    out.setAtIndex(ValueLayout.JAVA_FLOAT, order[j], lo[j]);
                }
            }
        } else {
            double[] lay = (double[]) w.layout;
            double[] lo = (double[]) w.outCopy(type, samples);
            kernels.transform(plan, w.whole.reset(type, MemorySegment.ofArray(lay), w.outCopySegment, groups, -1,
                    w.gstartSegment(), ValueLayout.JAVA_INT, lay).outArray(lo), 0, groups);
            if (outArray instanceof double[] o) {
                for (int j = 0; j < samples; j++) {
                    o[order[j]] = lo[j];
                }
            } else {
                for (int j = 0; j < samples; j++) {
                    out.setAtIndex(ValueLayout.JAVA_DOUBLE, order[j], lo[j]);
                }
            }
        }
    }

    private static void set(DType type, MemorySegment out, long i, double v) {
        if (type == DType.F32) {
            out.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) v);
        } else {
            out.setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
        }
    }

    /**
     * Sorts the non-zeroed groups by (valid size, k) into w.bucketGroups (group order kept within a bucket) and
     * returns the number of buckets; bucket b is w.bucketGroups[bucketStart[b] .. bucketStart[b+1]).
     */
    private static int bucket(Work w, Grouping gr, int groups, int oneK, int[] num) {
        int[] valid = w.valid;
        int[] groupBucket = w.groupBucket;
        long[] table = w.bucketTable;
        Arrays.fill(table, 0);
        int buckets = 0;
        int[] countsScratch = w.bucketStart;
        long lastKey = -1;
        int lastBucket = -1;
        for (int g = 0; g < groups; g++) {
            int m = valid[g];
            if (m < 0) {
                groupBucket[g] = -1;
                continue;
            }
            int k = oneK >= 0 ? oneK : gr.ks.getAtIndex(ValueLayout.JAVA_INT, num == null ? g : num[g]);
            long key = ((long) k << 32) | m;
            int b;
            if (key == lastKey) {
                b = lastBucket;
            } else {
                int mask = table.length / 2 - 1;
                int slot = (int) (IdMap.mix(key) & mask);
                while (true) {
                    long v = table[2 * slot + 1];
                    if (v == 0) {
                        b = buckets++;
                        table[2 * slot] = key;
                        table[2 * slot + 1] = b + 1;
                        if (w.bucketKey.length < buckets) {
                            w.bucketKey = Arrays.copyOf(w.bucketKey, 2 * buckets);
                            w.bucketStart = Arrays.copyOf(w.bucketStart, 2 * buckets + 1);
                            countsScratch = w.bucketStart;
                        }
                        w.bucketKey[b] = key;
                        countsScratch[b] = 0;
                        if (4 * buckets > table.length) {
                            table = IdMap.rehash(table);
                            w.bucketTable = table;
                        }
                        break;
                    }
                    if (table[2 * slot] == key) {
                        b = (int) v - 1;
                        break;
                    }
                    slot = (slot + 1) & mask;
                }
                lastKey = key;
                lastBucket = b;
            }
            groupBucket[g] = b;
            countsScratch[b]++;
        }
        // counts -> starts (exclusive prefix), then place.
        int[] starts = w.bucketStart;
        int sum = 0;
        for (int b = 0; b < buckets; b++) {
            int c = starts[b];
            starts[b] = sum;
            sum += c;
        }
        starts[buckets] = sum;
        int[] fill = w.fill;
        System.arraycopy(starts, 0, fill, 0, buckets);
        int[] out = w.bucketGroups;
        for (int g = 0; g < groups; g++) {
            int b = groupBucket[g];
            if (b >= 0) {
                out[fill[b]++] = g;
            }
        }
        return buckets;
    }

    /**
     * Copies the valid rewards of groups bucketGroups[c .. c+cnt) into the staging buffer, group after group.
     * Arrays are read directly (System.arraycopy for whole groups): per-group MemorySegment.copy calls cost more
     * than the copy itself at these sizes.
     */
    private static void gather(DType type, MemorySegment in, Object inArray, byte[] mask, boolean dropNonFinite,
            Work w, int[] gstart, boolean usesOrder, int[] order, int[] bucketGroups, int c, int cnt) {
        boolean filter = mask != null || dropNonFinite;
        int pos = 0;
        if (type == DType.F32) {
            float[] st = w.f32In;
            float[] a = inArray instanceof float[] f ? f : null;
            float[] lay = usesOrder && w.layout instanceof float[] l ? l : null;
            for (int q = c; q < c + cnt; q++) {
                int g = bucketGroups[q];
                int s = gstart[g];
                int e = gstart[g + 1];
                if (lay != null) {
                    // The rewards already in order's layout (the partitioned mapping): a group is a run.
                    if (!filter) {
                        System.arraycopy(lay, s, st, pos, e - s);
                        pos += e - s;
                        continue;
                    }
                    for (int j = s; j < e; j++) {
                        int i = order[j];
                        float v = lay[j];
                        boolean ok = (mask == null || mask[i] != 0) && (!dropNonFinite || Float.isFinite(v));
                        st[pos] = v;
                        pos += ok ? 1 : 0;
                    }
                    continue;
                }
                if (!filter && !usesOrder) {
                    if (a != null) {
                        System.arraycopy(a, s, st, pos, e - s);
                        pos += e - s;
                    } else {
                        for (int i = s; i < e; i++) {
                            st[pos++] = in.getAtIndex(ValueLayout.JAVA_FLOAT, i);
                        }
                    }
                    continue;
                }
                if (!dropNonFinite && a != null) {
                    // The common masked case in tight loops (the general one below compiles to much slower code).
                    if (mask == null) {
                        for (int j = s; j < e; j++) {
                            st[pos++] = a[order[j]];
                        }
                    } else if (usesOrder) {
                        for (int j = s; j < e; j++) {
                            int i = order[j];
                            st[pos] = a[i];
                            pos += ((mask[i] & 0xff) + 0xff) >>> 8; // 1 if valid: no branch to mispredict
                        }
                    } else {
                        for (int i = s; i < e; i++) {
                            st[pos] = a[i];
                            pos += ((mask[i] & 0xff) + 0xff) >>> 8; // 1 if valid: no branch to mispredict
                        }
                    }
                    continue;
                }
                for (int j = s; j < e; j++) {
                    int i = usesOrder ? order[j] : j;
                    float v = a != null ? a[i] : in.getAtIndex(ValueLayout.JAVA_FLOAT, i);
                    boolean ok = (mask == null || mask[i] != 0)
                            && (!dropNonFinite || Float.isFinite(v));
                    st[pos] = v; // branch-free compaction: overwritten unless kept
                    pos += ok ? 1 : 0;
                }
            }
        } else {
            double[] st = w.f64In;
            double[] a = inArray instanceof double[] d ? d : null;
            double[] lay = usesOrder && w.layout instanceof double[] l ? l : null;
            for (int q = c; q < c + cnt; q++) {
                int g = bucketGroups[q];
                int s = gstart[g];
                int e = gstart[g + 1];
                if (lay != null) {
                    if (!filter) {
                        System.arraycopy(lay, s, st, pos, e - s);
                        pos += e - s;
                        continue;
                    }
                    for (int j = s; j < e; j++) {
                        int i = order[j];
                        double v = lay[j];
                        boolean ok = (mask == null || mask[i] != 0) && (!dropNonFinite || Double.isFinite(v));
                        st[pos] = v;
                        pos += ok ? 1 : 0;
                    }
                    continue;
                }
                if (!filter && !usesOrder) {
                    if (a != null) {
                        System.arraycopy(a, s, st, pos, e - s);
                        pos += e - s;
                    } else {
                        for (int i = s; i < e; i++) {
                            st[pos++] = in.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
                        }
                    }
                    continue;
                }
                if (!dropNonFinite && a != null) {
                    if (mask == null) {
                        for (int j = s; j < e; j++) {
                            st[pos++] = a[order[j]];
                        }
                    } else if (usesOrder) {
                        for (int j = s; j < e; j++) {
                            int i = order[j];
                            st[pos] = a[i];
                            pos += ((mask[i] & 0xff) + 0xff) >>> 8; // 1 if valid: no branch to mispredict
                        }
                    } else {
                        for (int i = s; i < e; i++) {
                            st[pos] = a[i];
                            pos += ((mask[i] & 0xff) + 0xff) >>> 8; // 1 if valid: no branch to mispredict
                        }
                    }
                    continue;
                }
                for (int j = s; j < e; j++) {
                    int i = usesOrder ? order[j] : j;
                    double v = a != null ? a[i] : in.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
                    boolean ok = (mask == null || mask[i] != 0)
                            && (!dropNonFinite || Double.isFinite(v));
                    st[pos] = v;
                    pos += ok ? 1 : 0;
                }
            }
        }
    }

    /** Writes the staged outputs back to the samples they came from; left-out samples get 0. */
    private static void scatter(DType type, MemorySegment in, Object inArray, MemorySegment out, Object outArray,
            boolean perGroup, byte[] mask, boolean dropNonFinite, Work w, int[] gstart, boolean usesOrder,
            int[] order, int[] bucketGroups, int c, int cnt, int[] num) {
        boolean filter = mask != null || dropNonFinite;
        int pos = 0;
        if (type == DType.F32) {
            float[] so = w.f32Out;
            float[] o = outArray instanceof float[] f ? f : null;
            float[] a = inArray instanceof float[] f ? f : null;
            if (perGroup) {
                for (int q = 0; q < cnt; q++) {
                    int g = bucketGroups[c + q];
                    out.setAtIndex(ValueLayout.JAVA_FLOAT, num == null ? g : num[g], so[q]);
                }
                return;
            }
            for (int q = c; q < c + cnt; q++) {
                int g = bucketGroups[q];
                int s = gstart[g];
                int e = gstart[g + 1];
                if (!filter && !usesOrder) {
                    if (o != null) {
                        System.arraycopy(so, pos, o, s, e - s);
                        pos += e - s;
                    } else {
                        for (int i = s; i < e; i++) {
                            out.setAtIndex(ValueLayout.JAVA_FLOAT, i, so[pos++]);
                        }
                    }
                    continue;
                }
                if (!dropNonFinite && o != null) {
                    if (mask == null) {
                        for (int j = s; j < e; j++) {
                            o[order[j]] = so[pos++];
                        }
                    } else if (usesOrder) {
                        for (int j = s; j < e; j++) {
                            int i = order[j];
                            boolean ok = mask[i] != 0;
                            o[i] = ok ? so[pos] : 0f;
                            pos += ok ? 1 : 0;
                        }
                    } else {
                        for (int i = s; i < e; i++) {
                            boolean ok = mask[i] != 0;
                            o[i] = ok ? so[pos] : 0f;
                            pos += ok ? 1 : 0;
                        }
                    }
                    continue;
                }
                for (int j = s; j < e; j++) {
                    int i = usesOrder ? order[j] : j;
                    // In place, in[i] is still the input here: only out[i] is written, after this read.
                    boolean ok = (mask == null || mask[i] != 0) && (!dropNonFinite
                            || Float.isFinite(a != null ? a[i] : in.getAtIndex(ValueLayout.JAVA_FLOAT, i)));
                    float v = ok ? so[pos] : 0f;
                    if (o != null) {
                        o[i] = v;
                    } else {
                        out.setAtIndex(ValueLayout.JAVA_FLOAT, i, v);
                    }
                    pos += ok ? 1 : 0;
                }
            }
        } else {
            double[] so = w.f64Out;
            double[] o = outArray instanceof double[] d ? d : null;
            double[] a = inArray instanceof double[] d ? d : null;
            if (perGroup) {
                for (int q = 0; q < cnt; q++) {
                    int g = bucketGroups[c + q];
                    out.setAtIndex(ValueLayout.JAVA_DOUBLE, num == null ? g : num[g], so[q]);
                }
                return;
            }
            for (int q = c; q < c + cnt; q++) {
                int g = bucketGroups[q];
                int s = gstart[g];
                int e = gstart[g + 1];
                if (!filter && !usesOrder) {
                    if (o != null) {
                        System.arraycopy(so, pos, o, s, e - s);
                        pos += e - s;
                    } else {
                        for (int i = s; i < e; i++) {
                            out.setAtIndex(ValueLayout.JAVA_DOUBLE, i, so[pos++]);
                        }
                    }
                    continue;
                }
                if (!dropNonFinite && o != null) {
                    if (mask == null) {
                        for (int j = s; j < e; j++) {
                            o[order[j]] = so[pos++];
                        }
                    } else if (usesOrder) {
                        for (int j = s; j < e; j++) {
                            int i = order[j];
                            boolean ok = mask[i] != 0;
                            o[i] = ok ? so[pos] : 0.0;
                            pos += ok ? 1 : 0;
                        }
                    } else {
                        for (int i = s; i < e; i++) {
                            boolean ok = mask[i] != 0;
                            o[i] = ok ? so[pos] : 0.0;
                            pos += ok ? 1 : 0;
                        }
                    }
                    continue;
                }
                for (int j = s; j < e; j++) {
                    int i = usesOrder ? order[j] : j;
                    boolean ok = (mask == null || mask[i] != 0) && (!dropNonFinite
                            || Double.isFinite(a != null ? a[i] : in.getAtIndex(ValueLayout.JAVA_DOUBLE, i)));
                    double v = ok ? so[pos] : 0.0;
                    if (o != null) {
                        o[i] = v;
                    } else {
                        out.setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
                    }
                    pos += ok ? 1 : 0;
                }
            }
        }
    }
}
