package org.pkpo.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pkpo.internal.eval.MaxAtK;
import org.pkpo.internal.eval.RatioWalk;
import org.pkpo.Seeds;

/** max@k and its unbiased variance (MaxAtK) against subsets and disjoint pairs, exactly unbiased. */
@ExtendWith(Seeds.class)
class MaxAtKExactTest {
    private static final double[] VALUES = {-3, -0.5, 0, 0.25, 1, 2, 7.5, 100};

    private static Rational[] exact(double[] v) {
        Rational[] r = new Rational[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Rational.of(v[i]);
        }
        return r;
    }

    @Test
    void matchesTheDefinitionsOnRandomGroups() {
        long seed = Seeds.seed(14);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int t = 0; t < 400; t++) {
            int n = rnd.nextInt(1, 9);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = VALUES[rnd.nextInt(VALUES.length)] + (t % 2 == 0 ? 0 : 1000);
            }
            double[] sorted = v.clone();
            Arrays.sort(sorted);
            Rational[] g = exact(v);
            for (int k = 1; k <= n; k++) {
                String at = Arrays.toString(v) + " k=" + k;
                double rho = MaxAtK.estimate(sorted, 0, n, k);
                double scale = Math.abs(sorted[0]) + Math.abs(sorted[n - 1]);
                assertEquals(Subsets.meanMax(g, k).toDouble(), rho, 1e-14 * scale, at);
                double var = MaxAtK.variance(sorted, 0, n, k, rho);
                if (n >= 2 * k) {
                    assertEquals(Subsets.variance(g, k).toDouble(), var, 1e-13 * scale * scale, at);
                } else {
                    assertTrue(Double.isNaN(var), at);
                }
            }
        }
    }

    /**
     * The pair count formula, literally and exactly: sum over sorted positions i < j of
     * 2 v_i v_j C(i-1, k-1) C(j-k-1, k-1), over C(n, k) C(n-k, k) (checked against the pair definition above
     * for small n): an O(n^2) oracle for groups too large to enumerate.
     */
    private static Rational[] exactByPairCounts(double[] sorted, int k) {
        int n = sorted.length;
        Rational rho = Rational.ZERO;
        for (int i = 1; i <= n; i++) {
            rho = rho.plus(Rational.of(sorted[i - 1]).times(new Rational(Rational.binomial(i - 1, k - 1),
                    java.math.BigInteger.ONE)));
        }
        rho = rho.divide(new Rational(Rational.binomial(n, k), java.math.BigInteger.ONE));
        Rational u2 = Rational.ZERO;
        for (int j = 2 * k; j <= n; j++) {
            Rational below = Rational.ZERO;
            for (int i = 1; i < j; i++) {
                below = below.plus(Rational.of(sorted[i - 1]).times(new Rational(Rational.binomial(i - 1, k - 1),
                        java.math.BigInteger.ONE)));
            }
            u2 = u2.plus(Rational.of(2 * sorted[j - 1]).times(below).times(new Rational(
                    Rational.binomial(j - k - 1, k - 1), java.math.BigInteger.ONE)));
        }
        u2 = u2.divide(new Rational(Rational.binomial(n, k).multiply(Rational.binomial(n - k, k)),
                java.math.BigInteger.ONE));
        return new Rational[] {rho, rho.times(rho).minus(u2)};
    }

    @Test
    void largeGroupsMatchThePairCountsExactly() {
        long seed = Seeds.seed(14);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int n : new int[] {9, 64, 150}) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = Math.rint(rnd.nextGaussian() * 1000) / 64 + 50;
            }
            Arrays.sort(v);
            for (int k : new int[] {1, 2, 3, n / 8 + 1, n / 2 - 1, n / 2}) {
                Rational[] exact = exactByPairCounts(v, k);
                double rho = MaxAtK.estimate(v, 0, n, k);
                double var = MaxAtK.variance(v, 0, n, k, rho);
                String at = "n=" + n + " k=" + k;
                assertEquals(exact[0].toDouble(), rho, 1e-13 * Math.abs(exact[0].toDouble()), at);
                // The variance is a difference of O(v^2) terms: its error is relative to v^2, not to itself.
                assertEquals(exact[1].toDouble(), var, 1e-12 * v[n - 1] * v[n - 1], at);
                assertTrue(Math.abs(var - exact[1].toDouble()) <= 1e-11 * exact[1].toDouble(), at + ": " + var + " vs "
                        + exact[1]);
            }
        }
    }

    @Test
    void zeroOneRewardsGiveTheCountsForm() {
        RatioWalk walk = new RatioWalk();
        for (int n = 1; n <= 64; n++) {
            for (int c = 0; c <= n; c++) {
                double[] sorted = new double[n + 3];
                Arrays.fill(sorted, 3 + n - c, n + 3, 1.0);
                walk.reset(n, n - c);
                for (int k = 1; k <= n; k++) {
                    walk.advance();
                    double rho = MaxAtK.estimate(sorted, 3, n, k);
                    assertEquals(walk.oneMinusA(), rho, 1e-13, "n=" + n + " c=" + c + " k=" + k);
                    assertEquals(walk.variance(), MaxAtK.variance(sorted, 3, n, k, rho), 1e-13,
                            "n=" + n + " c=" + c + " k=" + k);
                }
            }
        }
    }

    @Test
    void varianceEstimateIsExactlyUnbiasedOverADiscreteRewardDistribution() {
        // Rewards 0, 1/2 and 3 with probabilities 1/2, 1/3, 1/6: every n-tuple enumerated.
        Rational[] support = {Rational.ZERO, Rational.of(1, 2), Rational.of(3)};
        Rational[] prob = {Rational.of(1, 2), Rational.of(1, 3), Rational.of(1, 6)};
        for (int n = 2; n <= 5; n++) {
            for (int k = 1; 2 * k <= n; k++) {
                Rational mean = Rational.ZERO;
                Rational meanSquare = Rational.ZERO;
                Rational meanV = Rational.ZERO;
                int outcomes = (int) Math.pow(3, n);
                for (int code = 0; code < outcomes; code++) {
                    Rational[] g = new Rational[n];
                    Rational pr = Rational.ONE;
                    for (int i = 0, x = code; i < n; i++, x /= 3) {
                        g[i] = support[x % 3];
                        pr = pr.times(prob[x % 3]);
                    }
                    Rational est = Subsets.meanMax(g, k);
                    mean = mean.plus(pr.times(est));
                    meanSquare = meanSquare.plus(pr.times(est).times(est));
                    meanV = meanV.plus(pr.times(Subsets.variance(g, k)));
                }
                // max@k exactly: sum over values of v (P(max <= v) - P(max < v)).
                Rational below = Rational.ZERO;
                Rational truth = Rational.ZERO;
                for (int s = 0; s < 3; s++) {
                    Rational upTo = below.plus(prob[s]);
                    truth = truth.plus(support[s].times(upTo.pow(k).minus(below.pow(k))));
                    below = upTo;
                }
                String at = "n=" + n + " k=" + k;
                assertEquals(truth, mean, at);
                assertEquals(meanSquare.minus(mean.times(mean)), meanV, at);
            }
        }
    }
}
