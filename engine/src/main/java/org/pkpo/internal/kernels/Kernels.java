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
     * A masked call's compaction: copies a[i] for every i in [0, samples) with mask[i] != 0 to st, back to back, and
     * returns how many; posAt[c] is the number copied before sample 8c, for every c with 8c < samples. The same
     * values in every implementation ({@link Compaction} is the reference); st needs 8 spare elements past the
     * count and mask 8 readable bytes past samples (whole vectors are stored and read).
     */
    default int compact(float[] a, byte[] mask, int samples, float[] st, int[] posAt) {
        return Compaction.compact(a, mask, samples, st, posAt);
    }

    /** {@link #compact(float[], byte[], int, float[], int[])} in float64. */
    default int compact(double[] a, byte[] mask, int samples, double[] st, int[] posAt) {
        return Compaction.compact(a, mask, samples, st, posAt);
    }

    /**
     * The inverse of {@link #compact}: o[i] = so[valid samples before i] where mask[i] != 0, +0.0 where it is 0 (no bit
     * of the output read there survives). so needs 8 readable elements past its last output.
     */
    default void expand(float[] so, byte[] mask, int samples, float[] o) {
        Compaction.expand(so, mask, samples, o);
    }

    /** {@link #expand(float[], byte[], int, float[])} in float64. */
    default void expand(double[] so, byte[] mask, int samples, double[] o) {
        Compaction.expand(so, mask, samples, o);
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
