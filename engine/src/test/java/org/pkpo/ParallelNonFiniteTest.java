package org.pkpo;

import org.pkpo.internal.kernels.ParallelKernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With threads, the finiteness pass shares the hand-off with the work: a bad reward anywhere still means
 * nothing is written and the same message as one thread; EXCLUDE still matches one thread bit for bit.
 */
@ExtendWith(Seeds.class)
class ParallelNonFiniteTest {
    @Test
    void rejectWritesNothingAndNamesTheSameRewardAsOneThread() {
        int n = 16;
        int groups = (int) (4 * ParallelKernels.MIN_SAMPLES / n) + 5;
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(3));
        float[] x = new float[groups * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble();
        }
        for (String kernels : new String[] {"simd", "scalar"}) {
            Transform t = Transform.of(Estimator.SLOO_MINUS_ONE, 4).kernels(kernels);
            for (int bad : new int[] {0, x.length / 3, x.length / 2 + 7, x.length - 1}) {
                for (float v : new float[] {Float.NaN, Float.NEGATIVE_INFINITY}) {
                    float[] in = x.clone();
                    in[bad] = v;
                    String one = assertThrows(IllegalArgumentException.class, () -> t.apply(in, n, new float[in.length]))
                            .getMessage();
                    for (int threads : new int[] {2, 3, 8}) {
                        float[] out = new float[in.length];
                        Arrays.fill(out, 42f);
                        String many = assertThrows(IllegalArgumentException.class, () -> t.threads(threads).apply(in, n, out))
                                .getMessage();
                        assertEquals(one, many);
                        float[] untouched = new float[in.length];
                        Arrays.fill(untouched, 42f);
                        assertArrayEquals(untouched, out, "written despite a bad reward at " + bad);
                        float[] inPlace = in.clone();
                        assertThrows(IllegalArgumentException.class, () -> t.threads(threads).apply(inPlace, n, inPlace));
                        assertArrayEquals(in, inPlace, "in place written despite a bad reward at " + bad);
                    }
                }
            }
        }
    }

    @Test
    void excludeMatchesOneThread() {
        int n = 12;
        int groups = (int) (3 * ParallelKernels.MIN_SAMPLES / n) + 9;
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(5));
        double[] x = new double[groups * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextInt(7) == 0 ? 0.5 : rnd.nextDouble();
        }
        Transform t = Transform.of(Estimator.SLOO, 3).nonFinite(NonFinite.EXCLUDE);
        assertArrayEquals(t.apply(x, n), t.threads(3).apply(x, n));
        x[x.length / 2] = Double.NaN;
        x[7] = Double.POSITIVE_INFINITY;
        assertArrayEquals(t.apply(x, n), t.threads(3).apply(x, n));
    }
}
