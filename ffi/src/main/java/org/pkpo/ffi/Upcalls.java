package org.pkpo.ffi;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.pkpo.DType;
import org.pkpo.Estimator;
import org.pkpo.NonFinite;
import org.pkpo.Pkpo;
import org.pkpo.PkpoException;
import org.pkpo.Scale;
import org.pkpo.Transform;
import org.pkpo.TransformReport;

/**
 * The targets of the FFM upcall stubs that {@code libpkpo.so} calls through its function table. Each one wraps
 * the host's pointers in memory segments of the right size (no copies), runs the engine, and catches every
 * {@link Throwable}: an exception escaping an upcall terminates the JVM and the host with it.
 *
 * <p>Pointers arrive as {@code long} addresses, sizes in bytes; the C side has already rejected NULL,
 * misaligned, too small and overlapping buffers of uniform calls, so the engine's own checks are a second line.
 * Enum arguments are the codes of {@code pkpo.h}, mapped by {@link AbiCodes}.
 */
// Wrapping raw host addresses (reinterpret) and making upcall stubs are restricted FFM operations: that
// is the whole point of this module, and the JVM runs with --enable-native-access=ALL-UNNAMED.
@SuppressWarnings("restricted")
final class Upcalls {
    private Upcalls() {
    }

    private static final DType[] DTYPES = {DType.F32, DType.F64};

    /** Transforms are immutable: keep the common ones so a tiny call allocates as little as possible. */
    private static final int CACHED_K = 64;
    private static final int SCALES = Scale.values().length;
    private static final int POLICIES = NonFinite.values().length;
    private static final Transform[] CACHE = new Transform[Estimator.values().length * SCALES * POLICIES * CACHED_K];

    /** The transform of {@code pkpo.h} codes (see {@link AbiCodes}); the engine checks k. */
    static Transform transform(int estimatorCode, int k, int scaleCode, int nonFiniteCode) {
        Estimator estimator = AbiCodes.estimator(estimatorCode);
        Scale scale = AbiCodes.scale(scaleCode);
        NonFinite policy = AbiCodes.nonFinite(nonFiniteCode);
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

    static void writeReport(long report, TransformReport r) {
        if (report != 0) {
            MemorySegment s = wrap("report", report, 32);
            s.set(ValueLayout.JAVA_LONG, 0, r.groups());
            s.set(ValueLayout.JAVA_LONG, 8, r.samples());
            s.set(ValueLayout.JAVA_LONG, 16, r.excludedSamples());
            s.set(ValueLayout.JAVA_LONG, 24, r.zeroedGroups());
        }
    }

    /**
     * Reinterprets a ragged call's buffers: the element count is {@code offsets[groups]} when that fits the
     * buffer the host declared, else the declared size, so the engine reports what is wrong.
     */
    private static long raggedElements(MemorySegment offsets, long groups, long declaredElems) {
        long last = offsets.getAtIndex(ValueLayout.JAVA_LONG, groups);
        return last >= 0 && last <= declaredElems ? last : declaredElems;
    }

    /** {@code pkpo_transform_*}: uniform when {@code offsets == 0}, else ragged. */
    static int transform(int dtype, int estimator, int k, int scale, int nonFinite, long in, long inBytes, long out,
            long outBytes, long groups, int n, long offsets, long report, long err, int errCap) {
        try {
            DType type = dtype(dtype);
            Transform t = transform(estimator, k, scale, nonFinite);
            TransformReport r;
            if (offsets == 0) {
                r = t.apply(type, wrap("rewards", in, inBytes), groups, n, wrap("out", out, outBytes));
            } else {
                MemorySegment off = wrap("offsets", offsets, (groups + 1) * 8);
                int es = type.byteSize();
                long elems = raggedElements(off, groups, inBytes / es);
                long outElems = t.estimator().perGroup() ? groups : elems;
                r = t.applyRagged(type, wrap("rewards", in, elems * es), off, groups,
                        wrap("out", out, Math.min(outBytes, outElems * es)));
            }
            writeReport(report, r);
            return AbiCodes.Error.OK.code;
        } catch (Throwable e) {
            return LastError.report(e, err, errCap);
        }
    }

    /**
     * {@code pkpo_estimate_*}: rho for each of {@code numK} values of k; out is k-major, {@code out[j * groups + g]}.
     * All k are checked against the smallest group before anything is written; after that the first k meets
     * every other check (the input is the same for every k and out cannot overlap it), so the call stays all
     * or nothing.
     */
    static int estimate(int dtype, long in, long inBytes, long groups, int n, long offsets, long ks, int numK,
            int nonFinite, long out, long outBytes, long report, long err, int errCap) {
        try {
            DType type = dtype(dtype);
            int es = type.byteSize();
            if (numK < 1) {
                throw new IllegalArgumentException("num_k must be >= 1, got " + numK);
            }
            int[] kv = wrap("ks", ks, (long) numK * 4).toArray(ValueLayout.JAVA_INT);
            MemorySegment off = offsets == 0 ? null : wrap("offsets", offsets, (groups + 1) * 8);
            long smallest = n;
            if (off != null) {
                smallest = Long.MAX_VALUE;
                for (long g = 0; g < groups; g++) {
                    smallest = Math.min(smallest, off.getAtIndex(ValueLayout.JAVA_LONG, g + 1)
                            - off.getAtIndex(ValueLayout.JAVA_LONG, g));
                }
            }
            // Decreasing offsets (smallest < 0) are left to the engine, whose first call reports them.
            for (int j = 0; j < numK && smallest >= 0; j++) {
                if (kv[j] < 1 || kv[j] > smallest) {
                    throw new PkpoException(PkpoException.Reason.BAD_K, "rho needs 1 <= k <= n for every group, got ks[" + j + "]="
                            + kv[j] + " and a smallest group of n=" + smallest);
                }
            }
            MemorySegment inSeg = wrap("rewards", in, off == null ? inBytes : raggedElements(off, groups, inBytes / es) * es);
            long zeroed = 0;
            TransformReport r = null;
            for (int j = 0; j < numK; j++) {
                Transform t = transform(AbiCodes.code(Estimator.RHO), kv[j], AbiCodes.code(Scale.PAPER), nonFinite);
                long at = (long) j * groups * es;
                MemorySegment o = wrap("out", out + at, Math.min(outBytes - at, groups * es));
                r = off == null ? t.apply(type, inSeg, groups, n, o) : t.applyRagged(type, inSeg, off, groups, o);
                zeroed += r.zeroedGroups();
            }
            writeReport(report, new TransformReport(r.groups(), r.samples(), r.excludedSamples(), zeroed));
            return AbiCodes.Error.OK.code;
        } catch (Throwable e) {
            return LastError.report(e, err, errCap);
        }
    }

    /** {@code pkpo_pass_at_k}: eq. 3 for {@code count} problems; the counts are small, so they are copied. */
    static int passAtK(long n, long c, long count, int k, long out, long err, int errCap) {
        try {
            if (count > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("count must be < 2^31, got " + count);
            }
            long[] nv = wrap("n", n, count * 8).toArray(ValueLayout.JAVA_LONG);
            long[] cv = wrap("c", c, count * 8).toArray(ValueLayout.JAVA_LONG);
            double[] res = new double[(int) count];
            Pkpo.passAtK(nv, cv, k, res);
            MemorySegment.copy(res, 0, wrap("out", out, count * 8), ValueLayout.JAVA_DOUBLE, 0, (int) count);
            return AbiCodes.Error.OK.code;
        } catch (Throwable e) {
            return LastError.report(e, err, errCap);
        }
    }
}
