package org.pkpo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The counting reference agrees with literal subset enumeration ({@link BruteForce}) where that is affordable. */
@ExtendWith(Seeds.class)
class ExactReferenceTest {
    @Test
    void countingMatchesEnumeration() {
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(12));
        for (int n = 1; n <= 8; n++) {
            for (int trial = 0; trial < 20; trial++) {
                double[] g = BruteForceTest.randomGroup(rnd, n);
                double scale = 1e-12 * Math.max(1, java.util.Arrays.stream(g).map(Math::abs).max().orElse(1));
                for (int k = 1; k <= n; k++) {
                    String where = "n=" + n + " k=" + k + " trial " + trial;
                    assertEquals(BruteForce.rho(g, k), ExactReference.rho(g, k).approx(), scale, "rho " + where);
                    check(BruteForce.s(g, k), ExactReference.transform(Estimator.S, k, Scale.PAPER, g), scale, "s " + where);
                    if (k < n) {
                        check(BruteForce.sloo(g, k), ExactReference.transform(Estimator.SLOO, k, Scale.PAPER, g), scale,
                                "sloo " + where);
                    }
                    if (n >= 2) {
                        check(BruteForce.slooMinusOne(g, k),
                                ExactReference.transform(Estimator.SLOO_MINUS_ONE, k, Scale.PAPER, g), scale,
                                "sloo_minus_one " + where);
                    }
                }
                if (n >= 2) {
                    check(BruteForce.loo(g), ExactReference.transform(Estimator.LOO, 1, Scale.PAPER, g), scale,
                            "loo n=" + n);
                }
            }
        }
    }

    private static void check(double[] want, ExactReference.Q[] got, double tol, String what) {
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i].approx(), tol, what + " i=" + i);
        }
    }
}
