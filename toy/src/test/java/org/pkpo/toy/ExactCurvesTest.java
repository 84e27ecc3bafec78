package org.pkpo.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestSeeds.class)
class ExactCurvesTest {
    private final ExactCurves exact = ExactCurves.standard();

    @Test
    void normalCdfMatchesReferenceValues() {
        // Reference values: R's pnorm, to 17 digits with options(digits = 17).
        assertEquals(0.5, Normal.cdf(0), 1e-16);
        assertEquals(0.8413447460685429, Normal.cdf(1), 1e-15);
        assertEquals(0.024997895148220435, Normal.cdf(-1.96), 1e-15);
        assertEquals(0.9986501019683699, Normal.cdf(3), 1e-15);
        // Both sides of the switch from series (absolute accuracy) to continued fraction (relative).
        assertEquals(0.0013498980316300946, Normal.cdf(-3), 1e-15);
        assertEquals(0.0013498980316300946 - 4.4318484119380075e-13, Normal.cdf(-3.0000000001), 1e-18);
        assertEquals(2.866515718791939e-07, Normal.cdf(-5), 1e-20);
        assertEquals(6.220960574271785e-16, Normal.cdf(-8), 1e-29);
        assertEquals(1.1285884059538324e-19, Normal.cdf(-9), 1e-32);
        assertEquals(1 - 1.1285884059538324e-19, Normal.cdf(9), 0);
    }

    @Test
    void quadratureHasConverged() {
        ExactCurves finer = ExactCurves.withRule(24, 200);
        for (double theta : new double[] {-0.1, 0.3, 0.86, 1.0, 1.2}) {
            for (int k : new int[] {1, 4, 16}) {
                assertEquals(finer.maxAtK(theta, k), exact.maxAtK(theta, k), 1e-13, "theta=" + theta + " k=" + k);
                assertEquals(finer.gradient(theta, k), exact.gradient(theta, k), 1e-11, "theta=" + theta + " k=" + k);
            }
        }
    }

    @Test
    void kEqualsOneIsTheMeanReward() {
        // E[g] at theta = 0.5: the integral of x^2 phi over [0, 1] in closed form,
        // E[x^2; a<x<b] = (theta^2 + s^2)(Phi(b') - Phi(a')) + s (theta + a) phi(a') - s (theta + b) phi(b').
        double theta = 0.5;
        double s = ToyProblem.SIGMA;
        double a = (0 - theta) / s;
        double b = (1 - theta) / s;
        double closed = (theta * theta + s * s) * (Normal.cdf(b) - Normal.cdf(a))
                + s * (theta + 0) * Normal.pdf(a) - s * (theta + 1) * Normal.pdf(b);
        assertEquals(closed, exact.maxAtK(theta, 1), 1e-14);
    }

    @Test
    void maxAtKAgreesWithMonteCarlo() {
        long seed = TestSeeds.SEED;
        SplittableRandom rnd = new SplittableRandom(seed);
        int draws = 100_000;
        for (double theta : new double[] {0.5, 0.9, 1.05}) {
            for (int k : new int[] {1, 4, 8}) {
                double sum = 0;
                double sumSq = 0;
                for (int d = 0; d < draws; d++) {
                    double best = 0;
                    for (int j = 0; j < k; j++) {
                        best = Math.max(best, ToyProblem.reward(theta + ToyProblem.SIGMA * rnd.nextGaussian()));
                    }
                    sum += best;
                    sumSq += best * best;
                }
                double mean = sum / draws;
                double se = Math.sqrt((sumSq / draws - mean * mean) / (draws - 1));
                double want = exact.maxAtK(theta, k);
                assertTrue(Math.abs(mean - want) <= 4 * se, String.format(
                        "seed=%d theta=%s k=%d: Monte Carlo %.6f +- %.6f vs quadrature %.6f", seed, theta, k, mean, se, want));
            }
        }
    }

    @Test
    void gradientIsTheDerivativeOfMaxAtK() {
        double h = 1e-5;
        for (double theta : new double[] {0.2, 0.7, 0.95, 1.1}) {
            for (int k : new int[] {1, 3, 8}) {
                double fd = (exact.maxAtK(theta + h, k) - exact.maxAtK(theta - h, k)) / (2 * h);
                assertEquals(fd, exact.gradient(theta, k), 1e-7, "theta=" + theta + " k=" + k);
            }
        }
    }

    @Test
    void optimumIsAZeroOfTheDerivativeAndMovesTowardsOneWithK() {
        double previous = 0;
        for (int k : new int[] {1, 2, 4, 8, 16}) {
            double opt = exact.optimalTheta(k);
            assertEquals(0, exact.gradient(opt, k), 1e-9, "k=" + k + " optimum " + opt);
            assertTrue(exact.gradient(opt - 0.01, k) > 0 && exact.gradient(opt + 0.01, k) < 0, "k=" + k);
            assertTrue(exact.maxAtK(opt, k) > exact.maxAtK(opt - 0.01, k), "k=" + k);
            assertTrue(exact.maxAtK(opt, k) > exact.maxAtK(opt + 0.01, k), "k=" + k);
            assertTrue(opt > previous && opt < 1, "k=" + k + ": optimum " + opt + " after " + previous);
            previous = opt;
        }
    }
}
