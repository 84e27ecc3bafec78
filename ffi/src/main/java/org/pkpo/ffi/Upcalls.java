package org.pkpo.ffi;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;
import org.pkpo.DType;
import org.pkpo.Estimator;
import org.pkpo.Evaluation;
import org.pkpo.EvaluationResult;
import org.pkpo.Metric;
import org.pkpo.NonFinite;
import org.pkpo.Pkpo;
import org.pkpo.PkpoException;
import org.pkpo.Scale;
import org.pkpo.TooSmall;
import org.pkpo.Transform;
import org.pkpo.TransformReport;
import org.pkpo.internal.call.Batch;
import org.pkpo.internal.call.CallChecks;
import org.pkpo.internal.call.CallRunner;
import org.pkpo.internal.call.GroupedRunner;
import org.pkpo.internal.call.Grouping;
import org.pkpo.internal.kernels.KernelProvider;
import org.pkpo.internal.math.EstimatorPlan;

/**
 * The targets of the FFM upcall stubs that {@code libpkpo.so} calls through its function table. Each one wraps
 * the host's pointers in memory segments (no copies), runs the engine, and catches every {@link Throwable}: an
 * exception escaping an upcall terminates the JVM and the host with it.
 *
 * <p>Pointers arrive as {@code long} addresses, sizes in bytes. The C side has checked only what Java cannot:
 * the library's state, enum ranges, NULL buffers of calls that read them (a NULL arrives as address 0 with 0
 * bytes) and element counts to bytes. Every other rule is the engine's: sizes, offsets, alignment (visible
 * through {@link MemorySegment#maxByteAlignment()}), overlap and k ({@link Estimator#whyInvalid}). What this
 * class adds is what the engine cannot see: the buffers of {@code pkpo_estimate_*} as a whole (k-major, num_k
 * rows) and of {@code pkpo_pass_at_k}. Enum arguments are the codes of {@code pkpo.h}, mapped by
 * {@link AbiCodes}.
 *
 * <p>Segments are cut to the bytes a call uses when the host's buffer holds them, so overlap is judged on
 * what is read and written, never on spare capacity; a buffer too small keeps its declared size, and the
 * engine reports it.
 */
// Wrapping raw host addresses (reinterpret) and making upcall stubs are restricted FFM operations: that
// is the whole point of this module, and the JVM runs with --enable-native-access=ALL-UNNAMED.
@SuppressWarnings("restricted")
final class Upcalls {
    private Upcalls() {
    }

    private static final DType[] DTYPES = {DType.F32, DType.F64};

    /**
     * The whole address space, for reading and writing host buffers at their addresses: a buffer is cut out of
     * it once ({@link #wrapUsed}) instead of being wrapped and cut again, and pass@k's counts are read through it
     * with no segment at all, so a warm call allocates as little as the engine lets it.
     */
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    /** Transforms are immutable: keep the common ones so a tiny call allocates as little as possible. */
    private static final int CACHED_K = 64;
    private static final int SCALES = Scale.values().length;
    private static final int POLICIES = NonFinite.values().length;
    private static final Transform[] CACHE = new Transform[Estimator.values().length * SCALES * POLICIES * CACHED_K];

    /** The plans of the common (estimator, k, scale), built once: the transform path allocates nothing. */
    private static final EstimatorPlan[] PLANS = new EstimatorPlan[Estimator.values().length * SCALES * CACHED_K];

    /** The plan of {@code pkpo.h} codes; k below 1 (or loo's k) is the plan's BAD_K. */
    private static EstimatorPlan plan(int estimatorCode, int k, int scaleCode) {
        Estimator estimator = AbiCodes.estimator(estimatorCode);
        Scale scale = AbiCodes.scale(scaleCode);
        if (k < 1 || k > CACHED_K) {
            return EstimatorPlan.of(estimator, k, scale);
        }
        int slot = (estimator.ordinal() * SCALES + scale.ordinal()) * CACHED_K + (k - 1);
        EstimatorPlan p = PLANS[slot];
        if (p == null) {
            p = EstimatorPlan.of(estimator, k, scale); // immutable: a racing thread's copy is as good
            PLANS[slot] = p;
        }
        return p;
    }

    /**
     * Per host thread: the Batch, report counts and buffer segments of its calls, reused so that a warm
     * {@code pkpo_transform_*} allocates nothing. A host that passes the same buffers again (the usual training
     * loop) gets the same segments back; new addresses cost one segment each.
     */
    private static final class CallState {
        final Batch batch = new Batch();
        final long[] counts = new long[4];
        /** The five counts of a grouped call (groups, samples, excluded, zeroed, masked). */
        final long[] groupCounts = new long[5];
        /** The heap out of a grouped call whose overlap is known only after the ids are mapped (rarely used). */
        private float[] f32 = new float[0];
        private double[] f64 = new double[0];

        /** A float[] or double[] of at least {@code elems} elements. */
        Object scratch(DType type, int elems) {
            if (type == DType.F32) {
                return f32.length >= elems ? f32 : (f32 = new float[elems]);
            }
            return f64.length >= elems ? f64 : (f64 = new double[elems]);
        }
        private final long[] address = new long[3];
        private final long[] size = new long[3];
        private final MemorySegment[] segment = new MemorySegment[3];

        /** {@link #wrapUsed}, remembering the last segment of each role (0 rewards, 1 out, 2 offsets). */
        MemorySegment segment(int role, String what, long addr, long bytes, long elems, int elementBytes) {
            long used = usedBytes(what, addr, bytes, elems, elementBytes);
            MemorySegment s = segment[role];
            if (s == null || address[role] != addr || size[role] != used) {
                s = ALL.asSlice(addr, used);
                segment[role] = s;
                address[role] = addr;
                size[role] = used;
            }
            return s;
        }
    }

    private static final ThreadLocal<CallState> STATE = ThreadLocal.withInitial(CallState::new);

    /** The transform of {@code pkpo.h} codes (see {@link AbiCodes}); the engine checks k. */
    static Transform transform(int estimatorCode, int k, int scaleCode, int nonFiniteCode) {
        return transform(AbiCodes.estimator(estimatorCode), k, AbiCodes.scale(scaleCode),
                AbiCodes.nonFinite(nonFiniteCode));
    }

    private static Transform transform(Estimator estimator, int k, Scale scale, NonFinite policy) {
        if (k < 1 || k > CACHED_K) {
            return Transform.of(estimator, k).scale(scale).nonFinite(policy);
        }
        int slot = ((estimator.ordinal() * SCALES + scale.ordinal()) * POLICIES + policy.ordinal()) * CACHED_K + (k - 1);
        Transform t = CACHE[slot];
        if (t == null) {
            // A racing thread may build its own copy; Transform is immutable with final fields, so either is fine.
            t = Transform.of(estimator, k).scale(scale).nonFinite(policy);
            CACHE[slot] = t;
        }
        return t;
    }

    static DType dtype(int dtype) {
        if (dtype < 0 || dtype >= DTYPES.length) {
            throw new IllegalArgumentException("dtype must be 0 (f32) or 1 (f64), got " + dtype);
        }
        return DTYPES[dtype];
    }

    /** The host's memory at {@code address}; a NULL that slipped past the C checks fails here, not in a read. */
    static MemorySegment wrap(String what, long address, long bytes) {
        if (address == 0 && bytes > 0) {
            throw new PkpoException(PkpoException.Reason.NULL_POINTER, what + " is null");
        }
        return MemorySegment.ofAddress(address).reinterpret(Math.max(bytes, 0));
    }

    /** {@link #wrap} for a buffer the engine never sees ({@code ks}, pass@k's counts and out): alignment is checked here. */
    private static MemorySegment wrapAligned(String what, long address, long bytes, int align, String type) {
        MemorySegment s = wrap(what, address, bytes);
        if (s.maxByteAlignment() < align) {
            throw new PkpoException(PkpoException.Reason.MISALIGNED, what + " at 0x" + Long.toHexString(address)
                    + " is not aligned to " + align + " bytes, as " + type + " values must be");
        }
        return s;
    }

    /**
     * {@code used(wrap(what, address, bytes), elems, elementBytes)} as one segment: the first {@code elems}
     * elements when the {@code bytes} at {@code address} hold them, else all of those bytes (the engine then
     * reports the buffer too small); bytes that would pass the end of the address space are cut there (a
     * saturated length, "enough").
     */
    static MemorySegment wrapUsed(String what, long address, long bytes, long elems, int elementBytes) {
        return ALL.asSlice(address, usedBytes(what, address, bytes, elems, elementBytes));
    }

    /** The byte size of {@link #wrapUsed}'s segment (after its NULL check). */
    private static long usedBytes(String what, long address, long bytes, long elems, int elementBytes) {
        if (address == 0 && bytes > 0) {
            throw new PkpoException(PkpoException.Reason.NULL_POINTER, what + " is null");
        }
        long size = Math.max(bytes, 0);
        if (elems >= 0 && elems <= size / elementBytes) {
            size = elems * elementBytes;
        }
        return Math.min(size, Long.MAX_VALUE - address);
    }

    /** The first {@code elems} elements of {@code seg} when it holds them, else all of {@code seg}. */
    static MemorySegment used(MemorySegment seg, long elems, int elementBytes) {
        return elems >= 0 && elems <= seg.byteSize() / elementBytes ? seg.asSlice(0, elems * elementBytes) : seg;
    }

    /** {@code a * b}, or -1 when either is negative or the product overflows (the engine then says which). */
    static long product(long a, long b) {
        return a >= 0 && b >= 0 && Math.multiplyHigh(a, b) == 0 && a * b >= 0 ? a * b : -1;
    }

    /**
     * The groups + 1 int64 offsets of a ragged call, or null for a uniform one. A ragged call of zero groups
     * is the uniform call of zero groups (the C side passes n = 0): it reads no buffer, offsets included.
     */
    private static MemorySegment offsets(long address, long groups) {
        if (address == 0 || groups == 0) {
            return null;
        }
        return wrapUsed("offsets", address, groups > 0 && groups < Long.MAX_VALUE / 8 ? (groups + 1) * 8 : 0, -1, 8);
    }

    /**
     * {@code offsets[i]}, read unaligned (a misaligned offsets buffer is the engine's to report), or -1 when
     * the segment does not hold it.
     */
    private static long offset(MemorySegment offsets, long i) {
        return i >= 0 && (i + 1) * 8 <= offsets.byteSize() ? offsets.get(ValueLayout.JAVA_LONG_UNALIGNED, i * 8) : -1;
    }

    /** Elements of rewards a call reads: groups x n, or offsets[groups]; -1 when that is not a size (the engine says why). */
    private static long inputElements(MemorySegment offsets, long groups, int n) {
        return offsets == null ? product(groups, n) : offset(offsets, groups);
    }

    static void writeReport(long report, TransformReport r) {
        if (report != 0) {
            writeReport(report, new long[] {r.groups(), r.samples(), r.excludedSamples(), r.zeroedGroups()});
        }
    }

    /** Writes a pkpo_report_t from the engine's four counts (groups, samples, excluded, zeroed). */
    static void writeReport(long report, long[] counts) {
        if (report != 0) {
            // Unaligned access: the C side hands a pkpo_report_t*, aligned by its compiler; no segment per call.
            ALL.set(ValueLayout.JAVA_LONG_UNALIGNED, report, counts[0]);
            ALL.set(ValueLayout.JAVA_LONG_UNALIGNED, report + 8, counts[1]);
            ALL.set(ValueLayout.JAVA_LONG_UNALIGNED, report + 16, counts[2]);
            ALL.set(ValueLayout.JAVA_LONG_UNALIGNED, report + 24, counts[3]);
        }
    }

    /** {@code pkpo_transform_*}: uniform when {@code offsets == 0}, else ragged. */
    static int transform(int dtype, int estimator, int k, int scale, int nonFinite, long in, long inBytes, long out,
            long outBytes, long groups, int n, long offsets, long report, long err, int errCap) {
        try {
            DType type = dtype(dtype);
            int es = type.byteSize();
            EstimatorPlan plan = plan(estimator, k, scale);
            NonFinite policy = AbiCodes.nonFinite(nonFinite);
            // The engine's own call path (Transform.apply's, with the thread's reusable Batch, report counts and
            // segments): a warm call allocates nothing.
            CallState st = STATE.get();
            MemorySegment off = offsets == 0 || groups == 0 ? null
                    : st.segment(2, "offsets", offsets, groups > 0 && groups < Long.MAX_VALUE / 8 ? (groups + 1) * 8 : 0, -1, 8);
            long inElems = inputElements(off, groups, n);
            MemorySegment rewards = st.segment(0, "rewards", in, inBytes, inElems, es);
            MemorySegment o = st.segment(1, "out", out, outBytes, plan.perGroup() ? groups : inElems, es);
            if (off == null) {
                CallChecks.checkUniformN(n);
            }
            Batch b = st.batch.reset(type, rewards, o, groups, off == null ? n : -1, off,
                    off == null ? null : ValueLayout.JAVA_LONG, null);
            try {
                CallRunner.run(plan, policy, b, KernelProvider.get(), st.counts);
            } finally {
                st.batch.reset(null, null, null, 0, 0, null, null, null); // keep no host memory reachable
            }
            writeReport(report, st.counts);
            return AbiCodes.ErrorCode.OK.code;
        } catch (Throwable e) {
            return LastError.report(e, err, errCap);
        }
    }

    /**
     * {@code pkpo_transform_groups_*}: the flattened {@code pkpo_groups_t} becomes the engine's {@link Grouping} over
     * the host's memory, and {@link GroupedRunner} validates and runs the call. What the engine does not check,
     * since its Java callers hand it arrays of their own: that out overlaps none of ids, mask, offsets and
     * k_per_group. Overlap is judged on the elements used. For the ids forms the group count (rho's outputs, the k
     * entries read) is known only once the engine has mapped the ids, so the check first takes one group per sample
     * as the bound; only when that bound overlaps does the call run into a heap copy of out, check again on the
     * real count, and copy the results out if that passes (nothing written on failure).
     */
    static int transformGroups(int dtype, int estimator, int k, int scale, int nonFinite, int tooSmall, long in,
            long inBytes, long samples, int form, int n, long index, long groups, long mask, long ks, long ksBytes,
            long out, long outBytes, long report, long err, int errCap) {
        try {
            DType type = dtype(dtype);
            int es = type.byteSize();
            NonFinite policy = AbiCodes.nonFinite(nonFinite);
            TooSmall small = AbiCodes.tooSmall(tooSmall);
            AbiCodes.GroupsForm f = AbiCodes.groupsForm(form);
            // The call's k is checked, in a call of zero size too, unless every group has its own.
            EstimatorPlan plan = plan(estimator, ks == 0 ? k : 1, scale);
            if (samples < 0 || samples > GroupedRunner.MAX_SAMPLES) {
                throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "samples must be in [0, "
                        + GroupedRunner.MAX_SAMPLES + "] (split bigger batches into several calls), got " + samples);
            }
            // The groups of the call when known before the ids are mapped; -1 for the ids forms (at most samples).
            long known;
            Grouping.Kind kind;
            MemorySegment idx = null;
            ValueLayout layout = null;
            int uniformN = 0;
            switch (f) {
                case UNIFORM -> {
                    if (n < 1) {
                        throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT,
                                "groups->n must be >= 1 for PKPO_GROUPS_UNIFORM, got " + n);
                    }
                    kind = Grouping.Kind.UNIFORM;
                    uniformN = n;
                    known = samples / n; // a remainder is the engine's error
                }
                case OFFSETS -> {
                    if (groups < 0 || groups > GroupedRunner.MAX_SAMPLES) {
                        throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "groups->groups must be in [0, "
                                + GroupedRunner.MAX_SAMPLES + "], got " + groups);
                    }
                    known = groups;
                    if (groups == 0 && samples == 0) {
                        kind = Grouping.Kind.UNIFORM; // a call of zero size reads no offsets
                        uniformN = 1;
                    } else {
                        kind = Grouping.Kind.OFFSETS;
                        idx = wrapUsed("groups->offsets", index, (groups + 1) * 8, -1, 8);
                        layout = ValueLayout.JAVA_LONG;
                    }
                }
                default -> {
                    int w = f == AbiCodes.GroupsForm.IDS32 ? 4 : 8;
                    kind = Grouping.Kind.IDS;
                    known = -1;
                    idx = wrapUsed("groups->ids", index, samples * w, -1, w);
                    layout = w == 4 ? ValueLayout.JAVA_INT : ValueLayout.JAVA_LONG;
                }
            }
            MemorySegment maskSeg = mask == 0 ? null : wrapUsed("groups->mask", mask, samples, -1, 1);
            MemorySegment kSeg = ks == 0 ? null : wrapUsed("groups->k_per_group", ks, ksBytes, -1, 4);
            Grouping grouping = new Grouping(kind, uniformN, idx, layout, kind == Grouping.Kind.OFFSETS ? groups : -1,
                    maskSeg, kSeg, 0);
            boolean perGroup = plan.perGroup();
            long bound = known >= 0 ? known : samples;
            MemorySegment rewards = wrapUsed("rewards", in, inBytes, samples, es);
            MemorySegment o = wrapUsed("out", out, outBytes, perGroup ? bound : samples, es);
            CallState st = STATE.get();
            long[] counts = st.groupCounts;
            String clash = clash(o, perGroup, rewards, known < 0 && perGroup, idx, maskSeg,
                    kSeg == null ? null : used(kSeg, bound, 4));
            if (clash == null) {
                GroupedRunner.run(plan, policy, small, type, rewards, samples, grouping, o, null, null,
                        KernelProvider.get(), false, counts);
            } else if (known >= 0 || !perGroup && (clash = clash(o, false, rewards, false, idx, maskSeg, null)) != null) {
                throw new PkpoException(PkpoException.Reason.OVERLAP, clash); // judged on exact sizes
            } else {
                // The bound overlapped: run into the heap, then judge on the group count the ids gave.
                int cap = (int) (o.byteSize() / es);
                Object heap = st.scratch(type, cap);
                MemorySegment h = (heap instanceof float[] fa ? MemorySegment.ofArray(fa)
                        : MemorySegment.ofArray((double[]) heap)).asSlice(0, (long) cap * es);
                GroupedRunner.run(plan, policy, small, type, rewards, samples, grouping, h, null, heap,
                        KernelProvider.get(), false, counts);
                MemorySegment written = used(o, perGroup ? counts[0] : samples, es);
                clash = clash(written, perGroup, rewards, true, idx, maskSeg, kSeg == null ? null : used(kSeg, counts[0], 4));
                if (clash != null) {
                    throw new PkpoException(PkpoException.Reason.OVERLAP, clash);
                }
                MemorySegment.copy(h, 0, written, 0, written.byteSize());
            }
            writeGroupsReport(report, counts);
            return AbiCodes.ErrorCode.OK.code;
        } catch (Throwable e) {
            return LastError.report(abiWording(e), err, errCap);
        }
    }

    /**
     * Why out overlaps an input of a grouped call, or null: ids or offsets ({@code index}), mask and k always;
     * rewards when {@code withRewards} (the engine judges rewards itself when it sees the host's out), where in place
     * is allowed for per-sample estimators.
     */
    private static String clash(MemorySegment out, boolean perGroup, MemorySegment rewards, boolean withRewards,
            MemorySegment index, MemorySegment mask, MemorySegment ks) {
        if (withRewards && overlaps(out, rewards) && (perGroup || out.address() != rewards.address())) {
            return "out at 0x" + Long.toHexString(out.address()) + " (" + out.byteSize() + " bytes used) overlaps rewards at 0x"
                    + Long.toHexString(rewards.address()) + " (" + rewards.byteSize() + " bytes) without being the same"
                    + " buffer (in place is allowed for per-sample estimators only)";
        }
        String[] names = {"groups->ids or groups->offsets", "groups->mask", "groups->k_per_group"};
        MemorySegment[] inputs = {index, mask, ks};
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] != null && overlaps(out, inputs[i])) {
                return "out at 0x" + Long.toHexString(out.address()) + " (" + out.byteSize() + " bytes used) overlaps "
                        + names[i] + " at 0x" + Long.toHexString(inputs[i].address()) + " (" + inputs[i].byteSize()
                        + " bytes used)";
            }
        }
        return null;
    }

    /** Whether two native segments share a byte (empty ones share none). */
    private static boolean overlaps(MemorySegment a, MemorySegment b) {
        return a.byteSize() > 0 && b.byteSize() > 0 && a.address() < b.address() + b.byteSize()
                && b.address() < a.address() + a.byteSize();
    }

    /** The engine's messages name Java's TooSmall; a C host sets pkpo_too_small_t. */
    private static Throwable abiWording(Throwable e) {
        if (e instanceof PkpoException p && p.getMessage() != null && p.getMessage().contains("TooSmall.ZERO")) {
            return new PkpoException(p.reason(), p.getMessage().replace("TooSmall.ZERO", "PKPO_TOO_SMALL_ZERO"));
        }
        return e;
    }

    /** Writes a pkpo_groups_report_t (AbiCodes.GROUPS_REPORT): the five counts, then the reserved zeros. */
    private static void writeGroupsReport(long report, long[] counts) {
        if (report != 0) {
            for (int i = 0; i < 8; i++) {
                ALL.set(ValueLayout.JAVA_LONG_UNALIGNED, report + 8L * i, i < counts.length ? counts[i] : 0);
            }
        }
    }

    /**
     * {@code pkpo_estimate_*}: rho for each of {@code numK} values of k; out is k-major, {@code out[j * groups + g]}.
     * Out as a whole (size, overlap) and every k against the smallest group are checked before anything is
     * written; after that the first k meets every other check of the engine (the input is the same for every
     * k), so the call stays all or nothing.
     */
    static int estimate(int dtype, long in, long inBytes, long groups, int n, long offsets, long ks, int numK,
            int nonFinite, long out, long outBytes, long report, long err, int errCap) {
        try {
            DType type = dtype(dtype);
            int es = type.byteSize();
            NonFinite policy = AbiCodes.nonFinite(nonFinite);
            if (numK < 1) {
                throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "num_k must be >= 1, got " + numK);
            }
            // ks may be NULL only in a call of zero groups: then no k runs.
            int[] kv = groups == 0 && ks == 0 ? new int[0]
                    : wrapAligned("ks", ks, numK * 4L, 4, "int32").toArray(ValueLayout.JAVA_INT);
            MemorySegment off = offsets(offsets, groups);
            long inElems = inputElements(off, groups, n);
            MemorySegment rewards = used(wrap("rewards", in, inBytes), inElems, es);
            MemorySegment o = wrap("out", out, outBytes);
            if (groups > 0) {
                checkEstimateOut(type, rewards, inElems >= 0, o, groups, numK);
                checkEveryK(kv, off == null ? n : smallestGroup(off, groups));
            }
            long rowBytes = Math.max(groups, 0) * es;
            long zeroed = 0;
            TransformReport r = new TransformReport(0, 0, 0, 0);
            for (int j = 0; j < kv.length; j++) {
                Transform t = transform(Estimator.RHO, kv[j], Scale.PAPER, policy);
                MemorySegment row = o.asSlice(j * rowBytes, rowBytes);
                r = off == null ? t.apply(type, rewards, groups, n, row) : t.applyRagged(type, rewards, off, groups, row);
                zeroed += r.zeroedGroups();
            }
            writeReport(report, new TransformReport(r.groups(), r.samples(), r.excludedSamples(), zeroed));
            return AbiCodes.ErrorCode.OK.code;
        } catch (Throwable e) {
            return LastError.report(e, err, errCap);
        }
    }

    /** Out holds num_k rows of groups values and does not overlap the rewards read (when their extent is known). */
    private static void checkEstimateOut(DType type, MemorySegment rewards, boolean rewardsKnown, MemorySegment out,
            long groups, int numK) {
        int es = type.byteSize();
        long need = product(numK, groups);
        if (need < 0 || need > out.byteSize() / es) {
            throw new PkpoException(PkpoException.Reason.BUFFER_TOO_SMALL, "out holds " + out.byteSize() / es + " "
                    + type.name().toLowerCase(Locale.ROOT) + " values but the call needs " + need + " (num_k=" + numK
                    + " x groups=" + groups + ")");
        }
        MemorySegment written = out.asSlice(0, need * es);
        if (rewardsKnown && rewards.asOverlappingSlice(written).isPresent()) {
            throw new PkpoException(PkpoException.Reason.OVERLAP, "out at 0x" + Long.toHexString(out.address()) + " ("
                    + written.byteSize() + " bytes) overlaps rewards at 0x" + Long.toHexString(rewards.address()) + " ("
                    + rewards.byteSize() + " bytes): estimates cannot be in place");
        }
    }

    /** Every k against the smallest group, by the estimator's own rule; a negative size is the engine's to report. */
    private static void checkEveryK(int[] ks, long smallest) {
        for (int j = 0; j < ks.length && smallest >= 0; j++) {
            String why = Estimator.RHO.whyInvalid(ks[j], smallest);
            if (why != null) {
                throw new PkpoException(PkpoException.Reason.BAD_K, "ks[" + j + "]=" + ks[j]
                        + " does not suit the smallest group: " + why);
            }
        }
    }

    /** The size of the smallest ragged group, or -1 when offsets decrease or cannot be read (the engine says which). */
    private static long smallestGroup(MemorySegment offsets, long groups) {
        long smallest = Long.MAX_VALUE;
        for (long g = 0; g < groups; g++) {
            long from = offset(offsets, g);
            long to = offset(offsets, g + 1);
            if (from < 0 || to < from) {
                return -1;
            }
            smallest = Math.min(smallest, to - from);
        }
        return smallest;
    }

    /** A buffer of {@code bytes} at {@code address} that the engine never sees: not NULL, aligned, inside the address space. */
    private static void checkAligned(String what, long address, long bytes, int align, String type) {
        if (address == 0) {
            throw new PkpoException(PkpoException.Reason.NULL_POINTER, what + " is null");
        }
        if ((address & (align - 1)) != 0) {
            throw new PkpoException(PkpoException.Reason.MISALIGNED, what + " at 0x" + Long.toHexString(address)
                    + " is not aligned to " + align + " bytes, as " + type + " values must be");
        }
        if (address > Long.MAX_VALUE - bytes) {
            throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, what + " at 0x" + Long.toHexString(address)
                    + " with " + bytes + " bytes passes the end of the address space");
        }
    }

    /** pass@k's out must not overlap its counts (both {@code bytes} long). */
    private static void checkDisjoint(long out, long counts, String what, long bytes) {
        if (out < counts + bytes && counts < out + bytes) {
            throw new PkpoException(PkpoException.Reason.OVERLAP, "out at 0x" + Long.toHexString(out) + " overlaps " + what
                    + " at 0x" + Long.toHexString(counts) + " (" + bytes + " bytes each)");
        }
    }

    /** {@code pkpo_pass_at_k}: eq. 3 for {@code count} problems, read and written where the host keeps them. */
    static int passAtK(long n, long c, long count, int k, long out, long err, int errCap) {
        try {
            if (count < 0 || count > Integer.MAX_VALUE - 8) {
                throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "count must be < 2^31, got " + count);
            }
            if (count == 0) {
                // No problem to check k on: ask the engine's rule with the smallest valid n for that k.
                Pkpo.passAtK(k, 0, k);
                return AbiCodes.ErrorCode.OK.code;
            }
            // Read and written in place through ALL, checked on the addresses: no copy and no allocation.
            long bytes = count * 8;
            checkAligned("n", n, bytes, 8, "int64");
            checkAligned("c", c, bytes, 8, "int64");
            checkAligned("out", out, bytes, 8, "f64");
            checkDisjoint(out, n, "n", bytes);
            checkDisjoint(out, c, "c", bytes);
            // All problems are checked before anything is written; a message is built only for a bad one.
            for (long i = 0; i < count; i++) {
                long ni = ALL.get(ValueLayout.JAVA_LONG, n + i * 8);
                long ci = ALL.get(ValueLayout.JAVA_LONG, c + i * 8);
                if (org.pkpo.internal.math.PassAtK.check(ni, ci, k, "") != null) {
                    throw org.pkpo.internal.math.PassAtK.check(ni, ci, k, "problem " + i + ": ");
                }
            }
            for (long i = 0; i < count; i++) {
                ALL.set(ValueLayout.JAVA_DOUBLE, out + i * 8, org.pkpo.internal.math.PassAtK.compute(
                        ALL.get(ValueLayout.JAVA_LONG, n + i * 8), ALL.get(ValueLayout.JAVA_LONG, c + i * 8), k));
            }
            return AbiCodes.ErrorCode.OK.code;
        } catch (Throwable e) {
            return LastError.report(e, err, errCap);
        }
    }

    private static final long ROW_BYTES = AbiCodes.EVAL_ROW.byteSize();
    private static final long ROW_K = AbiCodes.evalRowOffset("k");
    private static final long ROW_RESERVED = AbiCodes.evalRowOffset("reserved");
    private static final long ROW_PROBLEMS = AbiCodes.evalRowOffset("problems");
    private static final long ROW_REFUSED = AbiCodes.evalRowOffset("refused");
    private static final long ROW_WITHOUT_VARIANCE = AbiCodes.evalRowOffset("without_variance");
    private static final long ROW_ESTIMATE = AbiCodes.evalRowOffset("estimate");
    private static final long ROW_SE_WITHIN = AbiCodes.evalRowOffset("se_within");
    private static final long ROW_SE_ACROSS = AbiCodes.evalRowOffset("se_across");

    /**
     * {@code pkpo_eval_counts}: {@link Evaluation} of {@code problems} counts, read where they are. Everything is
     * checked before anything is written (metric, num_k, ks, sizes, alignment, overlap of the bytes used, then
     * every count while accumulating); only then are the per-problem scores and the rows written. A call of
     * zero problems reads no counts and writes no per-problem value, but still writes its rows.
     */
    static int evalCounts(int metric, long n, long c, long problems, long ks, int numK, long rows, long rowsBytes,
            long estimate, long variance, long perProblemBytes, long err, int errCap) {
        try {
            Metric m = AbiCodes.metric(metric);
            if (numK < 1) {
                throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "num_k must be >= 1, got " + numK);
            }
            if (problems < 0 || problems > Long.MAX_VALUE / 8) {
                throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT,
                        "problems must be >= 0 and fit a byte count, got " + problems);
            }
            MemorySegment kSeg = wrapAligned("ks", ks, numK * 4L, 4, "int32");
            int[] kv = kSeg.toArray(ValueLayout.JAVA_INT);
            Evaluation eval = Evaluation.of(m, kv); // k >= 1
            for (int j = 1; j < kv.length; j++) {
                if (kv[j] <= kv[j - 1]) {
                    throw new PkpoException(PkpoException.Reason.BAD_K, "ks must be strictly increasing (rows[j] is"
                            + " ks[j]), got ks[" + j + "]=" + kv[j] + " after ks[" + (j - 1) + "]=" + kv[j - 1]);
                }
            }
            MemorySegment rowSeg = wrapAligned("rows", rows, rowsBytes, 8, "pkpo_eval_row_t");
            if (rowSeg.byteSize() / ROW_BYTES < numK) {
                throw new PkpoException(PkpoException.Reason.BUFFER_TOO_SMALL, "rows holds " + rowSeg.byteSize() / ROW_BYTES
                        + " pkpo_eval_row_t but the call needs num_k=" + numK);
            }
            rowSeg = rowSeg.asSlice(0, numK * ROW_BYTES);
            MemorySegment ns = MemorySegment.NULL;
            MemorySegment cs = MemorySegment.NULL;
            MemorySegment est = MemorySegment.NULL;
            MemorySegment var = MemorySegment.NULL;
            boolean perProblem = problems > 0 && (estimate != 0 || variance != 0);
            if (problems > 0) {
                ns = wrapAligned("n", n, problems * 8, 8, "int64");
                cs = wrapAligned("c", c, problems * 8, 8, "int64");
            }
            if (perProblem) {
                long need = product(problems, numK);
                if (need < 0 || need > perProblemBytes / 8) {
                    throw new PkpoException(PkpoException.Reason.BUFFER_TOO_SMALL, "estimate and variance hold "
                            + perProblemBytes / 8 + " f64 values each but the call needs "
                            + (need < 0 ? "more than 2^63" : need) + " (problems=" + problems + " x num_k=" + numK + ")");
                }
                est = wrapAligned("estimate", estimate, need * 8, 8, "f64");
                var = wrapAligned("variance", variance, need * 8, 8, "f64");
            }
            checkDisjoint(new String[] {"rows", "estimate", "variance", "n", "c", "ks"},
                    new MemorySegment[] {rowSeg, est, var, ns, cs, kSeg}, 3);

            Evaluation.Accumulator acc = eval.accumulator();
            for (long i = 0; i < problems; i++) {
                long ni = ns.getAtIndex(ValueLayout.JAVA_LONG, i);
                long ci = cs.getAtIndex(ValueLayout.JAVA_LONG, i);
                if (ni < 0 || ci < 0 || ci > ni) {
                    throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "problem " + i
                            + ": counts need 0 <= c <= n, got n=" + ni + ", c=" + ci);
                }
                acc.addCounts(ni, ci);
            }
            if (perProblem) {
                double[] e = new double[numK];
                double[] v = new double[numK];
                for (long i = 0; i < problems; i++) {
                    acc.scoreCounts(ns.getAtIndex(ValueLayout.JAVA_LONG, i), cs.getAtIndex(ValueLayout.JAVA_LONG, i), e, v);
                    MemorySegment.copy(e, 0, est, ValueLayout.JAVA_DOUBLE, i * numK * 8, numK);
                    MemorySegment.copy(v, 0, var, ValueLayout.JAVA_DOUBLE, i * numK * 8, numK);
                }
            }
            EvaluationResult result = acc.result();
            for (int j = 0; j < numK; j++) {
                EvaluationResult.Row r = result.rows().get(j);
                long at = j * ROW_BYTES;
                rowSeg.set(ValueLayout.JAVA_INT, at + ROW_K, r.k());
                rowSeg.set(ValueLayout.JAVA_INT, at + ROW_RESERVED, 0);
                rowSeg.set(ValueLayout.JAVA_LONG, at + ROW_PROBLEMS, r.problems());
                rowSeg.set(ValueLayout.JAVA_LONG, at + ROW_REFUSED, r.refused());
                rowSeg.set(ValueLayout.JAVA_LONG, at + ROW_WITHOUT_VARIANCE, r.withoutVariance());
                rowSeg.set(ValueLayout.JAVA_DOUBLE, at + ROW_ESTIMATE, r.estimate());
                rowSeg.set(ValueLayout.JAVA_DOUBLE, at + ROW_SE_WITHIN, r.withinStandardError());
                rowSeg.set(ValueLayout.JAVA_DOUBLE, at + ROW_SE_ACROSS, r.acrossStandardError());
            }
            return AbiCodes.ErrorCode.OK.code;
        } catch (Throwable e) {
            return LastError.report(e, err, errCap);
        }
    }

    /**
     * The first {@code outputs} segments must overlap none of the others (inputs may overlap each other); empty
     * segments (buffers a call does not use) overlap nothing.
     */
    private static void checkDisjoint(String[] names, MemorySegment[] segs, int outputs) {
        for (int i = 0; i < outputs; i++) {
            for (int j = i + 1; j < segs.length; j++) {
                if (segs[i].byteSize() > 0 && segs[j].byteSize() > 0 && segs[i].asOverlappingSlice(segs[j]).isPresent()) {
                    throw new PkpoException(PkpoException.Reason.OVERLAP, names[i] + " at 0x"
                            + Long.toHexString(segs[i].address()) + " (" + segs[i].byteSize() + " bytes used) overlaps "
                            + names[j] + " at 0x" + Long.toHexString(segs[j].address()) + " (" + segs[j].byteSize()
                            + " bytes used)");
                }
            }
        }
    }
}
