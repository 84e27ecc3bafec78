package org.pkpo;

import static org.pkpo.internal.call.CallChecks.nonNull;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.pkpo.internal.call.Batch;
import org.pkpo.internal.call.CallChecks;
import org.pkpo.internal.call.CallRunner;
import org.pkpo.internal.call.GroupedRunner;
import org.pkpo.internal.kernels.KernelProvider;
import org.pkpo.internal.kernels.Kernels;
import org.pkpo.internal.kernels.ParallelKernels;
import org.pkpo.internal.kernels.ScalarKernels;
import org.pkpo.internal.math.EstimatorPlan;

/**
 * A configured PKPO transform: estimator, k, output scale and non-finite policy. Immutable and thread-safe;
 * build one and call it from as many threads as you like.
 *
 * <pre>{@code
 * Transform t = Transform.of(Estimator.SLOO_MINUS_ONE, 4);
 * double[] rewards = ...;                       // groups x n, row-major
 * double[] advantages = t.apply(rewards, 16);   // or t.apply(rewards, 16, out) to reuse a buffer
 * }</pre>
 *
 * <p>Every call validates all of its input before it writes anything, so an error never leaves a
 * half-transformed buffer. Errors are {@link PkpoException}s (an {@link IllegalArgumentException} with a
 * {@link PkpoException.Reason}) whose messages carry the values.
 * For {@link Estimator#RHO} the output holds one value per group.
 */
public final class Transform {
    private final EstimatorPlan plan;
    private final NonFinite nonFinite;
    private final Kernels kernels; // null: the JVM-wide choice of KernelProvider
    private final int threads;
    private final TooSmall tooSmall;

    private Transform(EstimatorPlan plan, NonFinite nonFinite, Kernels kernels, int threads) {
        this(plan, nonFinite, kernels, threads, TooSmall.REJECT);
    }

    private Transform(EstimatorPlan plan, NonFinite nonFinite, Kernels kernels, int threads, TooSmall tooSmall) {
        this.plan = plan;
        this.nonFinite = nonFinite;
        this.kernels = kernels;
        this.threads = threads;
        this.tooSmall = tooSmall;
    }

    /** A transform with the paper's scale that rejects non-finite rewards. */
    public static Transform of(Estimator estimator, int k) {
        return new Transform(EstimatorPlan.of(estimator, k, Scale.PAPER), NonFinite.REJECT, null, 1);
    }

    /** The same transform with another output scale. */
    public Transform scale(Scale scale) {
        return new Transform(EstimatorPlan.of(plan.estimator(), plan.k(), nonNull(scale, "scale")), nonFinite,
                kernels, threads, tooSmall);
    }

    /** The same transform with another non-finite policy. */
    public Transform nonFinite(NonFinite policy) {
        return new Transform(plan, nonNull(policy, "policy"), kernels, threads, tooSmall);
    }

    /**
     * The same transform with another policy for groups with fewer valid samples than the estimator needs, in
     * the {@link Groups} methods: {@link TooSmall#REJECT} (the default) or {@link TooSmall#ZERO}. (The n-only
     * methods reject such groups, and under {@link NonFinite#EXCLUDE} zero the groups exclusion left too small.)
     */
    public Transform tooSmall(TooSmall policy) {
        return new Transform(plan, nonFinite, kernels, threads, nonNull(policy, "policy"));
    }

    public TooSmall tooSmall() {
        return tooSmall;
    }

    /**
     * The same transform splitting big calls (32K samples or more) across up to {@code threads} threads of a
     * shared daemon pool, the calling thread included. Results are bit-identical for every thread count.
     */
    public Transform threads(int threads) {
        if (threads < 1 || threads > 1024) {
            throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "threads must be in [1, 1024], got " + threads);
        }
        return new Transform(plan, nonFinite, kernels, threads, tooSmall);
    }

    /**
     * The same transform on named kernels, for benchmarks and comparisons: {@code simd} (the Vector API,
     * which must be usable in this JVM), {@code scalar} (the reference) or {@code auto} (the JVM-wide
     * choice, see {@link Pkpo#kernels()}).
     */
    public Transform kernels(String name) {
        nonNull(name, "name");
        Kernels k = switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> null;
            case "scalar" -> ScalarKernels.INSTANCE;
            case "simd" -> {
                Object simd = KernelProvider.loadSimd();
                if (simd instanceof Kernels s) {
                    yield s;
                }
                throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "simd kernels are not available: " + simd);
            }
            default -> throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "unknown kernels '" + name + "': expected simd, scalar or auto");
        };
        return new Transform(plan, nonFinite, k, threads, tooSmall);
    }

    /** The name of the kernels this transform runs on ({@code simd} or {@code scalar}). */
    public String kernelsName() {
        return (kernels != null ? kernels : KernelProvider.get()).name();
    }

    public int threads() {
        return threads;
    }

    public Estimator estimator() {
        return plan.estimator();
    }

    public int k() {
        return plan.k();
    }

    public Scale scale() {
        return plan.scale();
    }

    public NonFinite nonFinite() {
        return nonFinite;
    }

    // ---- uniform groups on heap arrays -------------------------------------------------------------

    /** Transforms {@code rewards.length / n} groups of n into {@code out} (which may be {@code rewards}). */
    public TransformReport apply(double[] rewards, int n, double[] out) {
        long groups = groupsOf(nonNull(rewards, "rewards").length, n);
        checkOutLength(nonNull(out, "out").length, groups, rewards.length);
        return run(DType.F64, MemorySegment.ofArray(rewards), MemorySegment.ofArray(out), groups, n, null, null, rewards);
    }

    /** Float32 twin of {@link #apply(double[], int, double[])}. */
    public TransformReport apply(float[] rewards, int n, float[] out) {
        long groups = groupsOf(nonNull(rewards, "rewards").length, n);
        checkOutLength(nonNull(out, "out").length, groups, rewards.length);
        return run(DType.F32, MemorySegment.ofArray(rewards), MemorySegment.ofArray(out), groups, n, null, null, rewards);
    }

    /** Allocating form: returns the outputs (one per group for rho). */
    public double[] apply(double[] rewards, int n) {
        long groups = groupsOf(nonNull(rewards, "rewards").length, n);
        double[] out = new double[(int) outLength(groups, rewards.length)];
        apply(rewards, n, out);
        return out;
    }

    /** Allocating float32 form. */
    public float[] apply(float[] rewards, int n) {
        long groups = groupsOf(nonNull(rewards, "rewards").length, n);
        float[] out = new float[(int) outLength(groups, rewards.length)];
        apply(rewards, n, out);
        return out;
    }

    // ---- ragged groups on heap arrays --------------------------------------------------------------

    /**
     * Transforms ragged groups: group g is {@code rewards[offsets[g] .. offsets[g+1])}, so {@code offsets}
     * has groups+1 non-decreasing entries. Outputs land at the same positions (at g for rho).
     */
    public TransformReport applyRagged(double[] rewards, int[] offsets, double[] out) {
        long groups = raggedGroups(offsets);
        return run(DType.F64, MemorySegment.ofArray(nonNull(rewards, "rewards")),
                MemorySegment.ofArray(nonNull(out, "out")), groups, -1,
                MemorySegment.ofArray(offsets), ValueLayout.JAVA_INT, rewards);
    }

    /** Float32 twin of {@link #applyRagged(double[], int[], double[])}. */
    public TransformReport applyRagged(float[] rewards, int[] offsets, float[] out) {
        long groups = raggedGroups(offsets);
        return run(DType.F32, MemorySegment.ofArray(nonNull(rewards, "rewards")),
                MemorySegment.ofArray(nonNull(out, "out")), groups, -1,
                MemorySegment.ofArray(offsets), ValueLayout.JAVA_INT, rewards);
    }

    /** Allocating ragged form. */
    public double[] applyRagged(double[] rewards, int[] offsets) {
        long groups = raggedGroups(offsets);
        double[] out = new double[plan.perGroup() ? (int) groups : nonNull(rewards, "rewards").length];
        applyRagged(rewards, offsets, out);
        return out;
    }

    /** Allocating ragged float32 form. */
    public float[] applyRagged(float[] rewards, int[] offsets) {
        long groups = raggedGroups(offsets);
        float[] out = new float[plan.perGroup() ? (int) groups : nonNull(rewards, "rewards").length];
        applyRagged(rewards, offsets, out);
        return out;
    }

    // ---- memory segments (heap or native) ----------------------------------------------------------

    /**
     * Transforms {@code groups} contiguous groups of {@code n} values of {@code type} in {@code rewards} into
     * {@code out}. Segments must be aligned to the element size and large enough; {@code out} may be the
     * same memory as {@code rewards} (in place) but must not otherwise overlap it. Nothing is copied.
     */
    public TransformReport apply(DType type, MemorySegment rewards, long groups, int n, MemorySegment out) {
        return run(type, rewards, out, groups, n, null, null, null);
    }

    /**
     * Ragged form over segments: {@code offsets} holds groups+1 int64 element indices into {@code rewards}.
     */
    public TransformReport applyRagged(DType type, MemorySegment rewards, MemorySegment offsets, long groups,
            MemorySegment out) {
        if (offsets == null) {
            throw new PkpoException(PkpoException.Reason.NULL_POINTER, "offsets is null");
        }
        return run(type, rewards, out, groups, -1, offsets, ValueLayout.JAVA_LONG, null);
    }

    // ---- groups by uniform n, offsets or ids; masks; k per group -----------------------------------------

    /**
     * Transforms the samples of {@code rewards}, grouped as {@code groups} says, into {@code out} (which may be
     * {@code rewards}, except for rho). Per-sample outputs land at their sample's position; masked samples, and
     * the samples of groups zeroed under {@link TooSmall#ZERO}, get 0. For rho, out[g] is group g's value (groups
     * in offsets order or, for ids, in order of first appearance), and out must hold at least one per group.
     * Each group's outputs are bit for bit those of a call on that group alone (its valid samples, its k).
     */
    public TransformReport apply(float[] rewards, Groups groups, float[] out) {
        nonNull(rewards, "rewards");
        return runGrouped(DType.F32, MemorySegment.ofArray(rewards), rewards.length, groups,
                MemorySegment.ofArray(nonNull(out, "out")), rewards, out);
    }

    /** Float64 twin of {@link #apply(float[], Groups, float[])}. */
    public TransformReport apply(double[] rewards, Groups groups, double[] out) {
        nonNull(rewards, "rewards");
        return runGrouped(DType.F64, MemorySegment.ofArray(rewards), rewards.length, groups,
                MemorySegment.ofArray(nonNull(out, "out")), rewards, out);
    }

    /** Allocating form of {@link #apply(float[], Groups, float[])}: one output per sample (per group for rho). */
    public float[] apply(float[] rewards, Groups groups) {
        float[] out = new float[nonNull(rewards, "rewards").length];
        TransformReport r = apply(rewards, groups, out);
        return plan.perGroup() ? java.util.Arrays.copyOf(out, (int) r.groups()) : out;
    }

    /** Allocating form of {@link #apply(double[], Groups, double[])}. */
    public double[] apply(double[] rewards, Groups groups) {
        double[] out = new double[nonNull(rewards, "rewards").length];
        TransformReport r = apply(rewards, groups, out);
        return plan.perGroup() ? java.util.Arrays.copyOf(out, (int) r.groups()) : out;
    }

    /**
     * {@link #apply(float[], Groups, float[])} over segments (heap or native) of {@code samples} values of
     * {@code type}: aligned to the element size, large enough, {@code out} the same memory as {@code rewards} or
     * not overlapping it. Ids, offsets, mask and k segments must be aligned to their element size too.
     */
    public TransformReport apply(DType type, MemorySegment rewards, long samples, Groups groups, MemorySegment out) {
        return runGrouped(type, rewards, samples, groups, out, null, null);
    }

    private TransformReport runGrouped(DType type, MemorySegment in, long samples, Groups groups, MemorySegment out,
            Object inArray, Object outArray) {
        nonNull(groups, "groups");
        if (in == null) {
            throw new PkpoException(PkpoException.Reason.NULL_POINTER, "rewards is null");
        }
        if (out == null) {
            throw new PkpoException(PkpoException.Reason.NULL_POINTER, "out is null");
        }
        if (inArray == null) {
            inArray = arrayBehind(type, in);
            outArray = arrayBehind(type, out);
        }
        Kernels k = kernels != null ? kernels : KernelProvider.get();
        long[] counts = new long[5];
        GroupedRunner.run(plan, nonFinite, tooSmall, type, in, samples, groups.spec, out, inArray, outArray,
                threads > 1 ? new ParallelKernels(k, threads) : k, threads > 1, counts);
        return new TransformReport(counts[0], counts[1], counts[2], counts[3], counts[4]);
    }

    private TransformReport run(DType type, MemorySegment in, MemorySegment out, long groups, int n,
            MemorySegment offsets, ValueLayout offsetLayout, Object inArray) {
        nonNull(type, "type");
        if (in == null) {
            throw new PkpoException(PkpoException.Reason.NULL_POINTER, "rewards is null");
        }
        if (out == null) {
            throw new PkpoException(PkpoException.Reason.NULL_POINTER, "out is null");
        }
        if (offsets == null) {
            CallChecks.checkUniformN(n);
        }
        Batch b = new Batch(type, in, out, groups, n, offsets, offsetLayout, inArray != null ? inArray : arrayBehind(type, in));
        Kernels k = kernels != null ? kernels : KernelProvider.get();
        return CallRunner.run(plan, nonFinite, b, threads > 1 ? new ParallelKernels(k, threads) : k);
    }

    /**
     * The float[] (F32) or double[] (F64) behind a writable heap segment that starts at the array's element 0, else
     * null. The kernels then take such a segment the way they take the array itself: vector loads from a heap segment
     * are not intrinsified and box (uniform calls on MemorySegment.ofArray segments allocated 8 MB per call of 1M
     * rewards in the finiteness check; JMH TransformBench -p memory=heap -prof gc).
     */
    private static Object arrayBehind(DType type, MemorySegment s) {
        if (s.isNative() || s.address() != 0) {
            return null;
        }
        Object base = s.heapBase().orElse(null); // empty for read-only segments
        return type == DType.F32 ? (base instanceof float[] ? base : null) : (base instanceof double[] ? base : null);
    }

    private long groupsOf(int length, int n) {
        if (n < 1) {
            String why = plan.whyInvalid(n);
            throw new PkpoException(PkpoException.Reason.BAD_K, why != null ? why : "n must be >= 1, got " + n);
        }
        if (length % n != 0) {
            throw new PkpoException(PkpoException.Reason.BUFFER_TOO_SMALL, "rewards.length=" + length + " is not a multiple of n=" + n);
        }
        return length / n;
    }

    private long outLength(long groups, int length) {
        return plan.perGroup() ? groups : length;
    }

    private void checkOutLength(int outLength, long groups, int length) {
        long want = outLength(groups, length);
        if (outLength != want) {
            throw new PkpoException(PkpoException.Reason.BUFFER_TOO_SMALL, "out.length=" + outLength + " but the call writes " + want
                    + (plan.perGroup() ? " values (one per group)" : " values (one per reward)"));
        }
    }

    private static long raggedGroups(int[] offsets) {
        if (offsets == null) {
            throw new PkpoException(PkpoException.Reason.NULL_POINTER, "offsets is null");
        }
        if (offsets.length < 1) {
            throw new PkpoException(PkpoException.Reason.BUFFER_TOO_SMALL, "offsets needs groups+1 entries, got an empty array");
        }
        return offsets.length - 1;
    }

    @Override
    public String toString() {
        return plan.estimator().wireName() + "(k=" + plan.k() + ", scale=" + plan.scale() + ", nonFinite="
                + nonFinite + (tooSmall != TooSmall.REJECT ? ", tooSmall=" + tooSmall : "") + (threads > 1 ? ", threads=" + threads : "") + (kernels != null ? ", kernels=" + kernels.name() : "")
                + ")";
    }
}
