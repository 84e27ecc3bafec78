package org.pkpo.internal.call;

import java.lang.foreign.MemorySegment;
import org.pkpo.DType;
import org.pkpo.PkpoException;
import org.pkpo.internal.math.EstimatorPlan;

/**
 * Every rule a call must meet before anything is written: sizes, alignment, overlap, offsets, and k for every
 * group (asked of the plan). Messages carry the values. The C ABI relies on these checks; it has none of its own.
 */
public final class CallChecks {
    private CallChecks() {
    }

    /** Null arguments are bad input like any other: a PkpoException naming the argument. */
    public static <T> T nonNull(T value, String name) {
        if (value == null) {
            throw new PkpoException(PkpoException.Reason.NULL_POINTER, name + " is null");
        }
        return value;
    }

    /** A uniform call's n (a negative n would read as a ragged batch): the facade and the C ABI ask this first. */
    public static void checkUniformN(int n) {
        if (n < 0) {
            throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "n must be >= 0, got " + n);
        }
    }

    /** Throws a {@link PkpoException} for the first rule the call breaks. */
    public static void check(EstimatorPlan plan, Batch b) {
        checkBuffers(plan, b);
        checkK(plan, b);
    }

    /** The in-place rule: out may be the very memory of in (per-sample transforms only), nothing else shared. */
    static void checkOverlap(boolean perGroup, MemorySegment in, MemorySegment out) {
        if (overlap(in, out)) {
            boolean sameStart = in.address() == out.address()
                    && in.heapBase().orElse(null) == out.heapBase().orElse(null);
            if (perGroup || !sameStart) {
                throw new PkpoException(PkpoException.Reason.OVERLAP, "rewards and out overlap without being the same buffer"
                        + " (in place is allowed for per-sample transforms only): rewards at 0x"
                        + Long.toHexString(in.address()) + " (" + in.byteSize() + " bytes), out at 0x"
                        + Long.toHexString(out.address()) + " (" + out.byteSize() + " bytes)");
            }
        }
    }

    /** An index segment (ids, offsets, mask, k): non-null, aligned to its element size, holding {@code count} elements. */
    static void checkIndexSegment(String what, MemorySegment seg, long count, long elemSize) {
        if (seg == null) {
            throw new PkpoException(PkpoException.Reason.NULL_POINTER, what + " is null");
        }
        if (seg.maxByteAlignment() < elemSize) {
            throw new PkpoException(PkpoException.Reason.MISALIGNED, what + " at 0x" + Long.toHexString(seg.address())
                    + " is not aligned to " + elemSize + " bytes");
        }
        if (count > Long.MAX_VALUE / elemSize || seg.byteSize() < count * elemSize) {
            throw new PkpoException(PkpoException.Reason.BUFFER_TOO_SMALL, what + " holds " + seg.byteSize() / elemSize
                    + " values but the call needs " + count);
        }
    }

    private static void checkBuffers(EstimatorPlan plan, Batch b) {
        if (b.groups < 0) {
            throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "groups must be >= 0, got " + b.groups);
        }
        long elems;
        if (b.uniform()) {
            try {
                elems = Math.multiplyExact(b.groups, (long) b.n);
            } catch (ArithmeticException e) {
                throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "groups=" + b.groups + " x n=" + b.n + " overflows");
            }
        } else {
            elems = checkOffsets(b);
        }
        int es = b.type.byteSize();
        checkSegment("rewards", b.in, elems, es, b.type);
        long outElems = plan.perGroup() ? b.groups : elems;
        checkSegment("out", b.out, outElems, es, b.type);
        if (b.groups == 0) {
            return;
        }
        checkOverlap(plan.perGroup(), b.in, b.out);
    }

    /**
     * Whether the two segments share a byte. Native segments are compared on their addresses, which allocates
     * nothing (asOverlappingSlice makes an Optional and a slice on every call of the C ABI).
     */
    static boolean overlap(MemorySegment a, MemorySegment b) {
        if (a.isNative() && b.isNative()) {
            return a.byteSize() > 0 && b.byteSize() > 0 && a.address() < b.address() + b.byteSize()
                    && b.address() < a.address() + a.byteSize();
        }
        return a.asOverlappingSlice(b).isPresent();
    }

    static void checkSegment(String what, MemorySegment seg, long elems, int es, DType type) {
        if (seg == null) {
            throw new PkpoException(PkpoException.Reason.NULL_POINTER, what + " is null");
        }
        if (seg.isReadOnly() && what.equals("out")) {
            throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "out is read-only");
        }
        if (seg.maxByteAlignment() < es) {
            throw new PkpoException(PkpoException.Reason.MISALIGNED, what + " at 0x" + Long.toHexString(seg.address())
                    + " is not aligned to " + es + " bytes, as " + name(type) + " values must be");
        }
        long need = elems * es;
        if (elems > Long.MAX_VALUE / es || seg.byteSize() < need) {
            throw new PkpoException(PkpoException.Reason.BUFFER_TOO_SMALL, what + " holds " + seg.byteSize() / es + " "
                    + name(type) + " values but the call needs " + elems);
        }
    }

    /** The type as messages name it ("f32"), built only for a message. */
    private static String name(DType type) {
        return type.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Validates the offsets and returns the element index one past the last group. */
    private static long checkOffsets(Batch b) {
        if (b.offsets == null) {
            throw new PkpoException(PkpoException.Reason.NULL_POINTER, "offsets is null");
        }
        long os = b.offsetLayout.byteSize();
        if (b.offsets.maxByteAlignment() < os) {
            throw new PkpoException(PkpoException.Reason.MISALIGNED, "offsets at 0x" + Long.toHexString(b.offsets.address())
                    + " is not aligned to " + os + " bytes");
        }
        if (b.groups >= Long.MAX_VALUE / os || b.offsets.byteSize() < (b.groups + 1) * os) {
            throw new PkpoException(PkpoException.Reason.BUFFER_TOO_SMALL, "offsets must hold groups+1=" + (b.groups + 1)
                    + " values, has " + b.offsets.byteSize() / os);
        }
        long prev = b.offset(0);
        if (prev < 0) {
            throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "offsets[0]=" + prev + " must be >= 0");
        }
        for (long g = 1; g <= b.groups; g++) {
            long o = b.offset(g);
            if (o < prev) {
                throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "offsets must not decrease: offsets[" + g + "]=" + o
                        + " < offsets[" + (g - 1) + "]=" + prev);
            }
            if (o - prev > Integer.MAX_VALUE - 8) {
                throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "group " + (g - 1) + " has " + (o - prev)
                        + " samples, more than a group may hold");
            }
            prev = o;
        }
        return prev;
    }

    private static void checkK(EstimatorPlan plan, Batch b) {
        if (b.uniform()) {
            String why = b.groups == 0 ? null : plan.whyInvalid(b.n);
            if (why != null) {
                throw new PkpoException(PkpoException.Reason.BAD_K, why);
            }
            return;
        }
        for (long g = 0; g < b.groups; g++) {
            String why = plan.whyInvalid(b.end(g) - b.start(g));
            if (why != null) {
                throw new PkpoException(PkpoException.Reason.BAD_K, "group " + g + ": " + why);
            }
        }
    }
}
