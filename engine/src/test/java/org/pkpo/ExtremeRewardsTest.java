package org.pkpo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rewards near the float32 limit (|g| <= 1e38, so every exact output, at most 2 max|g| in paper scale, is
 * representable): the scalar reference computes in double, and every kernel must give finite outputs within
 * the float32 tolerance, even where a float32 intermediate (a neighbour difference, a group sum) overflows.
 */
@ExtendWith(Seeds.class)
class ExtremeRewardsTest {
    private static final long SEED = Seeds.seed(3L);

    @Test
    void float32RewardsNearTheLimitStayFinite() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        for (int n : new int[] {2, 3, 4, 7, 8, 9, 16, 17, 33, 64, 65, 300}) {
            for (int groups : new int[] {1, 9}) {
                float[] g = new float[groups * n];
                for (int i = 0; i < g.length; i++) {
                    g[i] = switch (rnd.nextInt(4)) {
                        case 0 -> 1.0e38f;
                        case 1 -> -1.0e38f;
                        case 2 -> (float) (rnd.nextDouble() * 2 - 1) * 1.0e38f;
                        default -> (float) rnd.nextGaussian();
                    };
                }
                for (Estimator e : Estimator.values()) {
                    for (int k : new int[] {1, 2, n - 1, n}) {
                        if (k < 1 || e.whyInvalid(k, n) != null) {
                            continue;
                        }
                        float[] want = Transform.of(e, k).kernels("scalar").apply(g, n);
                        float[] got = Transform.of(e, k).apply(g, n);
                        for (int i = 0; i < got.length; i++) {
                            String where = "seed " + SEED + " " + e + " k=" + k + " n=" + n + " i=" + i + " kernels="
                                    + Pkpo.kernels();
                            assertTrue(Float.isFinite(want[i]), "reference " + where);
                            assertTrue(Float.isFinite(got[i]), where + ": " + got[i]);
                            assertEquals(want[i], got[i], 1e-5 * 1.0e38, where);
                        }
                    }
                }
            }
        }
    }
}
