package org.pkpo.internal.kernels;

import org.pkpo.DType;
import org.pkpo.internal.call.Batch;
import org.pkpo.internal.math.EstimatorPlan;

/**
 * A family of batch kernels. The facade validates everything first (sizes, alignment, overlap, k for every
 * group, finiteness), so a kernel may assume clean input and only asserts.
 */
public interface Kernels {
    /** A short name for logs and benchmarks, e.g. {@code scalar}. */
    String name();

    /** Transforms groups [g0, g1) of {@code b}: every reward finite, k valid for every group. */
    void transform(EstimatorPlan plan, Batch b, long g0, long g1);

    /**
     * Whether every reward in elements [from, to) of {@code b.in} is finite. Only a fast yes or no: the
     * facade finds and reports the first offender itself, so the message does not depend on the kernels.
     */
    default boolean allFinite(Batch b, long from, long to) {
        return allFiniteScalar(b, from, to);
    }

    /**
     * Transforms groups [g0, g1) and returns true if all their rewards are finite; otherwise writes nothing
     * and returns false. One pass for the facade's check and the work, so that threads can share both.
     */
    default boolean transformIfFinite(EstimatorPlan plan, Batch b, long g0, long g1) {
        if (!allFinite(b, b.start(g0), b.end(g1 - 1))) {
            return false;
        }
        transform(plan, b, g0, g1);
        return true;
    }

    /**
     * A masked call's compaction, for samples [from, to) (from a multiple of 8): copies the reward of every sample i
     * with mask[i] != 0, which is a[i - aBase], to st from position pos on, back to back, and returns the next
     * position; posAt[c] is the position before sample 8c, for every 8c in [from, to). Calls over consecutive ranges
     * continue one another. The same values in every implementation ({@link Compaction} is the reference); st needs 8
     * spare elements past the last position and mask 8 readable bytes past to (whole vectors are stored and read).
     */
    default int compact(float[] a, int aBase, byte[] mask, int from, int to, float[] st, int pos, int[] posAt) {
        return Compaction.compact(a, aBase, mask, from, to, st, pos, posAt);
    }

    /** {@link #compact(float[], int, byte[], int, int, float[], int, int[])} in float64. */
    default int compact(double[] a, int aBase, byte[] mask, int from, int to, double[] st, int pos, int[] posAt) {
        return Compaction.compact(a, aBase, mask, from, to, st, pos, posAt);
    }

    /**
     * The inverse of {@link #compact}: for samples i in [from, to) (from a multiple of 8), o[i - oBase] is the next
     * output of so (from position pos on) where mask[i] != 0 and +0.0 where it is 0 (no bit of the output read there
     * survives); returns the next position. so needs 8 readable elements past its last output.
     */
    default int expand(float[] so, int pos, byte[] mask, int from, int to, float[] o, int oBase) {
        return Compaction.expand(so, pos, mask, from, to, o, oBase);
    }

    /** {@link #expand(float[], int, byte[], int, int, float[], int)} in float64. */
    default int expand(double[] so, int pos, byte[] mask, int from, int to, double[] o, int oBase) {
        return Compaction.expand(so, pos, mask, from, to, o, oBase);
    }

    /** The plain loop: finite means the exponent bits are not all ones. */
    static boolean allFiniteScalar(Batch b, long from, long to) {
        if (b.type == DType.F64) {
            long m = 0;
            for (long i = from; i < to; i++) {
                m |= (b.in.getAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG, i) & Long.MAX_VALUE)
                        + 0x0010_0000_0000_0000L;
            }
            return m >= 0;
        }
        int m = 0;
        for (long i = from; i < to; i++) {
            m |= (b.in.getAtIndex(java.lang.foreign.ValueLayout.JAVA_INT, i) & Integer.MAX_VALUE) + 0x0080_0000;
        }
        return m >= 0;
    }
}
