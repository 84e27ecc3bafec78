package org.pkpo;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.pkpo.internal.call.CallChecks;
import org.pkpo.internal.call.Grouping;

/**
 * How the samples of a batch form groups, for {@link Transform#apply(float[], Groups, float[])} and its twins:
 * uniform groups of n, ragged groups by offsets, or a group id per sample (any values, any order; outputs stay
 * in sample order). Optionally a validity mask (one byte per sample, nonzero = valid: a masked sample is left
 * out of its group's baselines, is never read, and gets output 0) and a k per group.
 *
 * <pre>{@code
 * long[] promptIds = ...;                  // one per sample, any order
 * byte[] valid = ...;                      // 0 = truncated / failed to score
 * Groups g = Groups.ids(promptIds).mask(valid);
 * float[] adv = Transform.of(Estimator.SLOO_MINUS_ONE, 4).tooSmall(TooSmall.ZERO).apply(rewards, g);
 * }</pre>
 *
 * <p>Group numbers (for per-group k, rho outputs and error messages) are offsets order, or for ids the order in
 * which each id first appears. Immutable: the arrays and segments given are the caller's and are read at call
 * time, not copied. A call holds at most {@code Integer.MAX_VALUE - 8} samples.
 */
public final class Groups {
    final Grouping spec;

    private Groups(Grouping spec) {
        this.spec = spec;
    }

    /** Contiguous groups of n samples each (n >= 1). */
    public static Groups uniform(int n) {
        if (n < 1) {
            throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "n must be >= 1, got " + n);
        }
        return new Groups(new Grouping(Grouping.Kind.UNIFORM, n, null, null, -1, null, null, 0));
    }

    /** Group g is samples {@code [offsets[g], offsets[g+1])}; offsets start at 0 and end at the sample count. */
    public static Groups offsets(int[] offsets) {
        CallChecks.nonNull(offsets, "offsets");
        return new Groups(new Grouping(Grouping.Kind.OFFSETS, 0, MemorySegment.ofArray(offsets), ValueLayout.JAVA_INT,
                offsets.length - 1L, null, null, 0));
    }

    /** {@link #offsets(int[])} with int64 offsets. */
    public static Groups offsets(long[] offsets) {
        CallChecks.nonNull(offsets, "offsets");
        return new Groups(new Grouping(Grouping.Kind.OFFSETS, 0, MemorySegment.ofArray(offsets), ValueLayout.JAVA_LONG,
                offsets.length - 1L, null, null, 0));
    }

    /** {@link #offsets(long[])} over a segment of {@code groups + 1} int64 values. */
    public static Groups offsets(MemorySegment offsets, long groups) {
        CallChecks.nonNull(offsets, "offsets");
        if (groups < 0) {
            throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "groups must be >= 0, got " + groups);
        }
        return new Groups(new Grouping(Grouping.Kind.OFFSETS, 0, offsets, ValueLayout.JAVA_LONG, groups, null, null, 0));
    }

    /** One group id per sample (any values, any order); groups are numbered by first appearance. */
    public static Groups ids(int[] ids) {
        CallChecks.nonNull(ids, "ids");
        return new Groups(new Grouping(Grouping.Kind.IDS, 0, MemorySegment.ofArray(ids), ValueLayout.JAVA_INT, -1, null,
                null, 0));
    }

    /** {@link #ids(int[])} with int64 ids (prompt uids, hashes). */
    public static Groups ids(long[] ids) {
        CallChecks.nonNull(ids, "ids");
        return new Groups(new Grouping(Grouping.Kind.IDS, 0, MemorySegment.ofArray(ids), ValueLayout.JAVA_LONG, -1, null,
                null, 0));
    }

    /** {@link #ids(int[])} over a segment holding at least one int32 per sample. */
    public static Groups ids32(MemorySegment ids) {
        CallChecks.nonNull(ids, "ids");
        return new Groups(new Grouping(Grouping.Kind.IDS, 0, ids, ValueLayout.JAVA_INT, -1, null, null, 0));
    }

    /** {@link #ids(long[])} over a segment holding at least one int64 per sample. */
    public static Groups ids64(MemorySegment ids) {
        CallChecks.nonNull(ids, "ids");
        return new Groups(new Grouping(Grouping.Kind.IDS, 0, ids, ValueLayout.JAVA_LONG, -1, null, null, 0));
    }

    /** The same groups with a validity mask: one byte per sample, nonzero = valid. */
    public Groups mask(byte[] valid) {
        return new Groups(spec.withMask(MemorySegment.ofArray(CallChecks.nonNull(valid, "mask"))));
    }

    /** {@link #mask(byte[])} over a segment holding at least one byte per sample. */
    public Groups mask(MemorySegment valid) {
        return new Groups(spec.withMask(CallChecks.nonNull(valid, "mask")));
    }

    /** The same groups with one k per group (in group order), instead of the transform's k. */
    public Groups k(int[] perGroup) {
        return new Groups(spec.withK(MemorySegment.ofArray(CallChecks.nonNull(perGroup, "k")), 0));
    }

    /** {@link #k(int[])} over a segment holding at least one int32 per group. */
    public Groups k(MemorySegment perGroup) {
        return new Groups(spec.withK(CallChecks.nonNull(perGroup, "k"), 0));
    }

    /** The same groups with one k for all of them, instead of the transform's k. */
    public Groups k(int k) {
        if (k < 1) {
            throw new PkpoException(PkpoException.Reason.BAD_K, "k must be >= 1, got " + k);
        }
        return new Groups(spec.withK(null, k));
    }

    @Override
    public String toString() {
        String form = switch (spec.kind) {
            case UNIFORM -> "uniform(n=" + spec.n + ")";
            case OFFSETS -> "offsets(" + spec.offsetGroups + " groups)";
            case IDS -> spec.indexLayout == ValueLayout.JAVA_INT ? "ids(int32)" : "ids(int64)";
        };
        return "Groups." + form + (spec.mask != null ? ".mask(...)" : "")
                + (spec.ks != null ? ".k(per group)" : spec.oneK > 0 ? ".k(" + spec.oneK + ")" : "");
    }
}
