package org.pkpo.internal.panama;

import org.pkpo.internal.call.Batch;
import org.pkpo.internal.math.EstimatorPlan;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Full blocks of 16 groups of a uniform n = 64 float32 batch through {@link Net64F32} (16-lane vectors only): the block
 * is copied to a stage, sorted by the generated network with its rows in registers, transformed row-wise by the same
 * {@link RowsF32} maths as every other float32 lane path, and unsorted and transposed back (into native output
 * directly, else through a stage). One instance per thread, owned by {@link LanesF32}.
 */
final class Uniform64F32 {
    private static final int N = Net64F32.N;
    private static final int L = 16;
    private static final ValueLayout.OfInt BITS = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;

    private final RowsF32 rows;
    private final int[] stageIn = new int[N * L];
    private final float[] stageOut = new float[N * L];
    private final int[] keys = new int[N * L];
    private final float[] x = new float[N * L];
    private final float[] y = new float[N * L];
    private final long[] swaps = new long[Net64F32.SWAP_LONGS];

    Uniform64F32(RowsF32 rows) {
        assert Net64F32.TRANSPOSES;
        this.rows = rows;
    }

    /** Groups [g, g1) of a uniform n = 64 batch while 16 remain, for a sorted per-sample plan; returns the first not done. */
    long run(EstimatorPlan plan, Batch b, long g, long g1) {
        MemorySegment in = b.in;
        MemorySegment out = b.out;
        boolean nativeOut = out.isNative();
        int[] st = stageIn;
        int[] k = keys;
        float[] xx = x;
        float[] yy = y;
        long[] sw = swaps;
        for (; g1 - g >= L; g += L) {
            long offset = g * (N * Float.BYTES);
            MemorySegment.copy(in, BITS, offset, st, 0, N * L); // whole block first: in may be out
            Net64F32.sort(st, k, xx, sw);
            rows.perSample(plan, xx, yy, N);
            if (nativeOut) {
                Net64F32.unsort(yy, sw, out, offset);
            } else {
                Net64F32.unsort(yy, sw, stageOut);
                MemorySegment.copy(stageOut, 0, out, F, offset, N * L);
            }
        }
        return g;
    }
}
