package org.pkpo;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Optional;

/**
 * Validates a whole call before anything is written (all or nothing), then hands clean runs of groups to
 * the kernels and groups with non-finite rewards (EXCLUDE only) to the exclusion path.
 */
final class Engine {
    private Engine() {
    }

    static TransformReport run(Spec spec, NonFinite policy, Batch b, Kernels kernels) {
        checkBuffers(spec, b);
        checkK(spec, b);
        if (b.groups == 0) {
            return new TransformReport(0, 0, 0, 0);
        }
        long samples = b.end(b.groups - 1) - b.start(0);
        if (policy == NonFinite.REJECT) {
            // The finiteness pass and the work in one call (threads share both); only a failed pass walks
            // group by group to name the first offender.
            if (!kernels.transformIfFinite(spec, b, 0, b.groups)) {
                rejectNonFinite(b);
                throw new IllegalStateException("a non-finite reward was reported but not found");
            }
            return new TransformReport(b.groups, samples, 0, 0);
        }
        if (kernels.transformIfFinite(spec, b, 0, b.groups)) {
            // Nothing to exclude: no per-group scan.
            return new TransformReport(b.groups, samples, 0, 0);
        }
        long excluded = 0;
        long zeroed = 0;
        long runStart = 0;
        for (long g = 0; g < b.groups; g++) {
            if (firstNonFinite(b, b.start(g), b.end(g)) >= 0) {
                if (runStart < g) {
                    kernels.transform(spec, b, runStart, g);
                }
                int bad = excludeGroup(spec, b, g);
                excluded += bad & 0x7fffffff;
                zeroed += bad < 0 ? 1 : 0;
                runStart = g + 1;
            }
        }
        if (runStart < b.groups) {
            kernels.transform(spec, b, runStart, b.groups);
        }
        return new TransformReport(b.groups, samples, excluded, zeroed);
    }

    private static void checkBuffers(Spec spec, Batch b) {
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
        String t = b.type.name().toLowerCase(java.util.Locale.ROOT);
        checkSegment("rewards", b.in, elems, es, t);
        long outElems = spec.estimator().perGroup() ? b.groups : elems;
        checkSegment("out", b.out, outElems, es, t);
        if (b.groups == 0) {
            return;
        }
        Optional<MemorySegment> overlap = b.in.asOverlappingSlice(b.out);
        if (overlap.isPresent()) {
            boolean sameStart = b.in.address() == b.out.address()
                    && b.in.heapBase().orElse(null) == b.out.heapBase().orElse(null);
            if (spec.estimator().perGroup() || !sameStart) {
                throw new PkpoException(PkpoException.Reason.OVERLAP, "rewards and out overlap without being the same buffer"
                        + " (in place is allowed for per-sample transforms only): rewards at 0x"
                        + Long.toHexString(b.in.address()) + " (" + b.in.byteSize() + " bytes), out at 0x"
                        + Long.toHexString(b.out.address()) + " (" + b.out.byteSize() + " bytes)");
            }
        }
    }

    private static void checkSegment(String what, MemorySegment seg, long elems, int es, String t) {
        if (seg == null) {
            throw new PkpoException(PkpoException.Reason.NULL_POINTER, what + " is null");
        }
        if (seg.isReadOnly() && what.equals("out")) {
            throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "out is read-only");
        }
        if (seg.maxByteAlignment() < es) {
            throw new PkpoException(PkpoException.Reason.MISALIGNED, what + " at 0x" + Long.toHexString(seg.address())
                    + " is not aligned to " + es + " bytes, as " + t + " values must be");
        }
        long need = elems * es;
        if (elems > Long.MAX_VALUE / es || seg.byteSize() < need) {
            throw new PkpoException(PkpoException.Reason.BUFFER_TOO_SMALL, what + " holds " + seg.byteSize() / es + " " + t
                    + " values but the call needs " + elems);
        }
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

    private static void checkK(Spec spec, Batch b) {
        Estimator est = spec.estimator();
        if (b.uniform()) {
            String why = b.groups == 0 ? null : est.whyInvalid(spec.k(), b.n);
            if (why != null) {
                throw new PkpoException(PkpoException.Reason.BAD_K, why);
            }
            if (b.groups == 0 && spec.k() < 1) {
                throw new PkpoException(PkpoException.Reason.BAD_K, "k must be >= 1, got " + spec.k());
            }
            return;
        }
        for (long g = 0; g < b.groups; g++) {
            String why = est.whyInvalid(spec.k(), b.end(g) - b.start(g));
            if (why != null) {
                throw new PkpoException(PkpoException.Reason.BAD_K, "group " + g + ": " + why);
            }
        }
    }

    private static void rejectNonFinite(Batch b) {
        for (long g = 0; g < b.groups; g++) {
            long s = b.start(g);
            long i = firstNonFinite(b, s, b.end(g));
            if (i >= 0) {
                throw new PkpoException(PkpoException.Reason.NON_FINITE, "non-finite reward " + b.get(i) + " at group " + g
                        + ", position " + (i - s) + " (element " + i + ")");
            }
        }
    }

    private static long firstNonFinite(Batch b, long from, long to) {
        if (b.type == DType.F64) {
            for (long i = from; i < to; i++) {
                if (!Double.isFinite(b.in.getAtIndex(ValueLayout.JAVA_DOUBLE, i))) {
                    return i;
                }
            }
        } else {
            for (long i = from; i < to; i++) {
                if (!Float.isFinite(b.in.getAtIndex(ValueLayout.JAVA_FLOAT, i))) {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * Transforms group g without its non-finite samples, which get 0. Returns the number excluded, with the
     * sign bit set when the group was left too small and zeroed.
     */
    private static int excludeGroup(Spec spec, Batch b, long g) {
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
        boolean tooSmall = spec.estimator().whyInvalid(spec.k(), m) != null;
        if (spec.estimator().perGroup()) {
            b.set(g, tooSmall ? 0.0 : ScalarKernels.rho(raw, m, spec.k(), sc));
        } else if (tooSmall) {
            for (int i = 0; i < n; i++) {
                b.set(s + i, 0.0);
            }
        } else {
            ScalarKernels.transformGroup(spec, raw, m, sc);
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
