package org.pkpo.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pkpo.Evaluation;
import org.pkpo.Metric;

/** Once warm, accumulating counts and reward groups allocates nothing (measured per call, best of many). */
class EvaluationWarmAllocationTest {
    private static final long LIMIT_NANOS = 20_000_000_000L;

    @Test
    void accumulatingAllocatesNothingOnceWarm() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SplittableRandom rnd = new SplittableRandom(1);
        int problems = 512;
        for (int size : new int[] {16, 300}) {
            long[] n = new long[problems];
            long[] c = new long[problems];
            double[] zeroOne = new double[problems * size];
            double[] real = new double[problems * size];
            int[] offsets = new int[problems + 1];
            long[] ids = new long[problems * size];
            for (int p = 0; p < problems; p++) {
                n[p] = size + (p % 2 == 0 ? 0 : 1_000_000);
                c[p] = rnd.nextLong(n[p] + 1);
                offsets[p + 1] = offsets[p] + size;
                for (int i = 0; i < size; i++) {
                    zeroOne[p * size + i] = rnd.nextInt(2);
                    real[p * size + i] = rnd.nextGaussian();
                    ids[(i * problems + p)] = 31L * p;
                }
            }
            Evaluation.Accumulator pass = Evaluation.of(Metric.PASS, 1, 2, 4, 8, 16).accumulator();
            Evaluation.Accumulator max = Evaluation.of(Metric.MAX, 1, 2, 4, 8, 16).accumulator();
            for (String form : new String[] {"counts", "groups", "ragged", "max", "byId"}) {
                long best = Long.MAX_VALUE;
                long deadline = System.nanoTime() + LIMIT_NANOS;
                while (best > 0 && System.nanoTime() < deadline) {
                    long a0 = mx.getCurrentThreadAllocatedBytes();
                    switch (form) {
                        case "counts" -> pass.addCounts(n, c);
                        case "groups" -> pass.addGroups(zeroOne, size);
                        case "ragged" -> pass.addRagged(zeroOne, offsets);
                        case "byId" -> max.addById(ids, real);
                        default -> max.addGroups(real, size);
                    }
                    best = Math.min(best, mx.getCurrentThreadAllocatedBytes() - a0);
                }
                assertTrue(best == 0, form + " size=" + size + ": " + best + " bytes per warm call");
            }
        }
    }
}
