package org.pkpo.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.pkpo.internal.eval.RatioWalk;

/**
 * The counts form of pass@k and pass^k with their unbiased variances (RatioWalk): the closed forms against
 * enumeration of subsets and disjoint subset pairs, the unbiasedness proven exactly over the binomial
 * distribution of c, and the doubles against the exact rationals, at small and at huge n.
 */
class CountsVarianceExactTest {
    /** 0/1 values with the first c correct. */
    private static Rational[] outcomes(int n, int c) {
        Rational[] g = new Rational[n];
        for (int i = 0; i < n; i++) {
            g[i] = i < c ? Rational.ONE : Rational.ZERO;
        }
        return g;
    }

    /** pass@k exactly: 1 - C(n-c, k) / C(n, k). */
    static Rational pass(long n, long c, long k) {
        return Rational.ONE.minus(Rational.binomialRatio(n - c, n, k));
    }

    /** The closed form of the variance estimate: a_k^2 - b_k, with m misses. */
    static Rational variance(long n, long m, long k) {
        Rational a = Rational.binomialRatio(m, n, k);
        return a.times(a).minus(Rational.binomialRatio(m, n, 2 * k));
    }

    @Test
    void closedFormsEqualTheSubsetDefinitions() {
        for (int n = 1; n <= 8; n++) {
            for (int c = 0; c <= n; c++) {
                Rational[] g = outcomes(n, c);
                Rational[] flipped = outcomes(n, n - c);
                for (int k = 1; k <= n; k++) {
                    String at = "n=" + n + " c=" + c + " k=" + k;
                    assertEquals(pass(n, c, k), Subsets.meanMax(g, k), at);
                    // pass^k: all k correct, i.e. 1 - max over the complemented outcomes.
                    assertEquals(Rational.binomialRatio(c, n, k), Rational.ONE.minus(Subsets.meanMax(flipped, k)), at);
                    if (n >= 2 * k) {
                        assertEquals(variance(n, n - c, k), Subsets.variance(g, k), at);
                        assertEquals(variance(n, c, k), Subsets.variance(flipped, k), at);
                        assertTrue(variance(n, n - c, k).signum() >= 0, at);
                    }
                }
            }
        }
    }

    @Test
    void varianceEstimateIsExactlyUnbiased() {
        Rational[] ps = {Rational.of(1, 3), Rational.of(2, 7), Rational.of(1, 2), Rational.of(9, 10)};
        for (int n = 2; n <= 14; n++) {
            for (int k = 1; 2 * k <= n; k++) {
                for (Rational p : ps) {
                    Rational q = Rational.ONE.minus(p);
                    Rational mean = Rational.ZERO;
                    Rational meanSquare = Rational.ZERO;
                    Rational meanV = Rational.ZERO;
                    Rational hatMean = Rational.ZERO;
                    Rational hatMeanSquare = Rational.ZERO;
                    Rational hatMeanV = Rational.ZERO;
                    for (int c = 0; c <= n; c++) {
                        Rational prob = new Rational(Rational.binomial(n, c), BigInteger.ONE).times(p.pow(c))
                                .times(q.pow(n - c));
                        Rational est = pass(n, c, k);
                        mean = mean.plus(prob.times(est));
                        meanSquare = meanSquare.plus(prob.times(est).times(est));
                        meanV = meanV.plus(prob.times(variance(n, n - c, k)));
                        Rational hat = Rational.binomialRatio(c, n, k);
                        hatMean = hatMean.plus(prob.times(hat));
                        hatMeanSquare = hatMeanSquare.plus(prob.times(hat).times(hat));
                        hatMeanV = hatMeanV.plus(prob.times(variance(n, c, k)));
                    }
                    String at = "n=" + n + " k=" + k + " p=" + p;
                    assertEquals(Rational.ONE.minus(q.pow(k)), mean, at);
                    assertEquals(meanSquare.minus(mean.times(mean)), meanV, at);
                    assertEquals(p.pow(k), hatMean, at);
                    assertEquals(hatMeanSquare.minus(hatMean.times(hatMean)), hatMeanV, at);
                }
            }
        }
    }

    private static void check(long n, long c, long maxK, double relTol) {
        RatioWalk miss = new RatioWalk();
        RatioWalk hit = new RatioWalk();
        miss.reset(n, n - c);
        hit.reset(n, c);
        for (long k = 1; k <= maxK; k++) {
            miss.advance();
            hit.advance();
            String at = "n=" + n + " c=" + c + " k=" + k;
            assertClose(pass(n, c, k), miss.oneMinusA(), 4 * Math.ulp(1.0), at + " pass@k");
            assertClose(Rational.binomialRatio(c, n, k), hit.a(), relTol, at + " pass^k");
            if (n >= 2 * k) {
                assertClose(variance(n, n - c, k), miss.variance(), relTol, at + " var pass@k");
                assertClose(variance(n, c, k), hit.variance(), relTol, at + " var pass^k");
            } else {
                assertTrue(Double.isNaN(miss.variance()) && Double.isNaN(hit.variance()), at);
            }
        }
    }

    private static void assertClose(Rational exact, double got, double relTol, String at) {
        double e = exact.toDouble();
        assertTrue(Math.abs(got - e) <= relTol * Math.abs(e) || got == e,
                at + ": got " + got + ", exact " + exact + ", relative error " + Math.abs(got - e) / Math.abs(e));
        assertTrue(Double.doubleToRawLongBits(got) != Double.doubleToRawLongBits(-0.0), at + ": -0.0");
    }

    @Test
    void doublesMatchTheRationalsForSmallCounts() {
        for (int n = 1; n <= 40; n++) {
            for (int c = 0; c <= n; c++) {
                check(n, c, n, 1e-13);
            }
        }
    }

    @Test
    void doublesMatchTheRationalsForHugeCountsWithoutCancellation() {
        // Here a_k^2 and b_k agree to 9+ digits: subtracting them would lose that many.
        check(1_000_000_000_000L, 1_000, 64, 1e-13);
        check(1_000_000_000_000L, 999_999_999_000L, 64, 1e-12);
        check(Long.MAX_VALUE, 12_345, 40, 1e-13);
        check(Long.MAX_VALUE, Long.MAX_VALUE / 2, 40, 1e-12);
        check(3_000_000_000L, 7, 200, 1e-13);
    }
}
