package org.pkpo.internal.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pkpo.DType;
import org.pkpo.Estimator;
import org.pkpo.NonFinite;
import org.pkpo.Scale;
import org.pkpo.Seeds;
import org.pkpo.TooSmall;
import org.pkpo.internal.kernels.ScalarKernels;
import org.pkpo.internal.kernels.Kernels;
import org.pkpo.internal.math.EstimatorPlan;

/**
 * Once warm, the Groups call layer allocates nothing (the facade's report aside): the id tables, buckets and staging
 * buffers are thread-local and only grow. Offsets with a mask, contiguous ids, and shuffled ids (the partitioned
 * mapping), with k per group; offsets and contiguous ids with a mask and one k; on heap arrays and native memory.
 */
@ExtendWith(Seeds.class)
class GroupedWarmAllocationTest {
    private static final long LIMIT_NANOS = 20_000_000_000L;

    @Test
    void warmGroupedCallsAllocateNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // The call layer's own allocation, on the scalar kernels: the simd kernels' is WarmAllocationTest's (with many
        // group sizes in one JVM they were seen allocating in Vector API fallbacks, which is theirs to fix).
        Kernels kernels = ScalarKernels.INSTANCE;
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(3));
        int groups = 6000;
        int[] offsets = new int[groups + 1];
        for (int g = 0; g < groups; g++) {
            offsets[g + 1] = offsets[g] + 12 + rnd.nextInt(9);
        }
        int samples = offsets[groups];
        float[] x = new float[samples];
        byte[] mask = new byte[samples];
        long[] ids = new long[samples];
        long[] shuffled = new long[samples];
        int[] ks = new int[groups];
        for (int g = 0; g < groups; g++) {
            ks[g] = 1 + rnd.nextInt(4);
            for (int i = offsets[g]; i < offsets[g + 1]; i++) {
                ids[i] = g * 0x9E3779B97F4A7C15L;
            }
        }
        int[] perm = Seeds.permutation(rnd, samples);
        for (int i = 0; i < samples; i++) {
            x[i] = (float) rnd.nextDouble();
            mask[i] = (byte) (rnd.nextInt(10) == 0 ? 0 : 1);
            shuffled[perm[i]] = ids[i];
        }
        float[] out = new float[samples];
        EstimatorPlan plan = EstimatorPlan.of(Estimator.SLOO_MINUS_ONE, 4, Scale.PAPER);
        MemorySegment in = MemorySegment.ofArray(x);
        MemorySegment o = MemorySegment.ofArray(out);
        MemorySegment nin = Arena.ofAuto().allocate(in.byteSize(), 64).copyFrom(in);
        MemorySegment nout = Arena.ofAuto().allocate(in.byteSize(), 64);
        MemorySegment kSeg = MemorySegment.ofArray(ks);
        Grouping[] forms = {
            new Grouping(Grouping.Kind.OFFSETS, 0, MemorySegment.ofArray(offsets), ValueLayout.JAVA_INT, groups,
                    MemorySegment.ofArray(mask), kSeg, 0),
            new Grouping(Grouping.Kind.IDS, 0, MemorySegment.ofArray(ids), ValueLayout.JAVA_LONG, -1, null, kSeg, 0),
            new Grouping(Grouping.Kind.IDS, 0, MemorySegment.ofArray(shuffled), ValueLayout.JAVA_LONG, -1,
                    MemorySegment.ofArray(mask), kSeg, 0),
            // One k: the masked calls on groups in runs compact through the kernels, native memory by windows.
            new Grouping(Grouping.Kind.OFFSETS, 0, MemorySegment.ofArray(offsets), ValueLayout.JAVA_INT, groups,
                    MemorySegment.ofArray(mask), null, 0),
            new Grouping(Grouping.Kind.IDS, 0, MemorySegment.ofArray(ids), ValueLayout.JAVA_LONG, -1,
                    MemorySegment.ofArray(mask), null, 0),
        };
        long[] counts = new long[5];
        for (Grouping gr : forms) {
            for (boolean nat : new boolean[] {false, true}) {
                long best = Long.MAX_VALUE;
                long deadline = System.nanoTime() + LIMIT_NANOS;
                while (best > 0 && System.nanoTime() < deadline) {
                    long a0 = mx.getCurrentThreadAllocatedBytes();
                    GroupedRunner.run(plan, NonFinite.REJECT, TooSmall.ZERO, DType.F32, nat ? nin : in, samples, gr,
                            nat ? nout : o, nat ? null : x, nat ? null : out, kernels, false, counts);
                    best = Math.min(best, mx.getCurrentThreadAllocatedBytes() - a0);
                }
                assertEquals(samples, counts[1]);
                assertTrue(best == 0, gr.kind + (gr.ks == null ? " one k" : "") + (nat ? " native" : " heap") + ": " + best
                        + " bytes per warm call");
            }
        }
    }
}
