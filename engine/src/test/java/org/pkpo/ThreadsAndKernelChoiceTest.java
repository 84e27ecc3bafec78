package org.pkpo;

import org.pkpo.internal.kernels.ParallelKernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Transform.threads(T) gives the same bits as one thread; Transform.kernels(name) runs the named kernels. */
class ThreadsAndKernelChoiceTest {
    private static final long SEED = Long.getLong("pkpo.seed", 11);

    @Test
    void threadsGiveBitIdenticalResults() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        for (int n : new int[] {8, 17, 64, 300}) {
            int groups = (int) (3 * ParallelKernels.MIN_SAMPLES / n) + 13;
            float[] x = new float[groups * n];
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextInt(5) == 0 ? 1 : (float) rnd.nextDouble();
            }
            for (String kernels : new String[] {"simd", "scalar"}) {
                Transform t = Transform.of(Estimator.SLOO_MINUS_ONE, 4).kernels(kernels);
                float[] one = t.apply(x, n);
                for (int threads : new int[] {2, 3, 7}) {
                    assertArrayEquals(one, t.threads(threads).apply(x, n), "seed " + SEED + " n=" + n + " threads=" + threads);
                }
            }
        }
    }

    @Test
    void raggedThreadsGiveBitIdenticalResults() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        int groups = 5000;
        int[] offsets = new int[groups + 1];
        for (int g = 0; g < groups; g++) {
            offsets[g + 1] = offsets[g] + 4 + (g / 7 % 3 == 0 ? rnd.nextInt(100) : 12);
        }
        double[] x = new double[offsets[groups]];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble();
        }
        Transform t = Transform.of(Estimator.SLOO, 3);
        assertArrayEquals(t.applyRagged(x, offsets), t.threads(4).applyRagged(x, offsets), "seed " + SEED);
    }

    @Test
    void namedKernels() {
        Transform t = Transform.of(Estimator.S, 2);
        assertEquals("scalar", t.kernels("scalar").kernelsName());
        assertEquals("simd", t.kernels("simd").kernelsName());
        assertEquals(Pkpo.kernels(), t.kernels("auto").kernelsName());
        assertThrows(IllegalArgumentException.class, () -> t.kernels("gpu"));
        assertThrows(IllegalArgumentException.class, () -> t.threads(0));
        assertEquals(3, t.threads(3).scale(Scale.PER_SAMPLE).threads());
        assertEquals("scalar", t.kernels("scalar").threads(2).nonFinite(NonFinite.EXCLUDE).kernelsName());
    }
}
