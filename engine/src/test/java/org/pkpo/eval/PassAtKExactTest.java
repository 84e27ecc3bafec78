package org.pkpo.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pkpo.Pkpo;
import org.pkpo.PkpoException;
import org.pkpo.Seeds;

/**
 * Eq. 3 from counts against exact rationals: at huge n, c and k, at the cases the C ABI fuzzing found
 * (issue 12, item 1), and at random points. The time is O(min(k, c)) for any n; the error a few ulps.
 */
@ExtendWith(Seeds.class)
class PassAtKExactTest {
    /** Per-factor logs to ~1.5 ulps, compensated sum, expm1: the bound the documentation promises. */
    private static final double MAX_ULPS = 4;

    /** 1 - C(n-c, k) / C(n, k), exactly, over whichever of k or c factors is shorter. */
    static Rational exact(long n, long c, long k) {
        return Rational.ONE.minus(c <= k
                ? Rational.binomialRatio(n - k, n, c)
                : Rational.binomialRatio(n - c, n, k));
    }

    private static void assertClose(long n, long c, int k) {
        Rational e = exact(n, c, k);
        double got = Pkpo.passAtK(n, c, k);
        double ulps = e.ulpsFrom(got);
        assertTrue(ulps <= MAX_ULPS, "n=" + n + " c=" + c + " k=" + k + ": got " + got + ", exact " + e + ", "
                + ulps + " ulps");
    }

    @Test
    void theTwoProductFormsAreTheSameRational() {
        // C(n-c, k) / C(n, k) = C(n-k, c) / C(n, c): the identity that lets the code use the shorter product.
        for (long[] nck : new long[][] {{20, 7, 5}, {1000, 3, 40}, {Long.MAX_VALUE, 17, 9}, {99, 0, 4}}) {
            assertEquals(Rational.binomialRatio(nck[0] - nck[1], nck[0], nck[2]),
                    Rational.binomialRatio(nck[0] - nck[2], nck[0], nck[1]), () -> java.util.Arrays.toString(nck));
        }
    }

    @Test
    void casesFromTheCAbiFuzzingAreExactToAFewUlps() {
        assertClose(1_000_000_000L, 900_000_000L, 11);
        assertClose(314_348_979_664L, 31_355_203_183L, 11);
        // Was 0.68521565409513074; the exact value starts 0.685215654090686.
        assertEquals(0.685215654090686, Pkpo.passAtK(314_348_979_664L, 31_355_203_183L, 11), 1e-15);
        assertEquals(0.5, Pkpo.passAtK(2_000_000_000L, 1_000_000_000L, 1));
    }

    @Test
    void noCorrectSampleGivesPositiveZero() {
        for (long n : new long[] {1, 2, 16, 1_000_000_000L, Long.MAX_VALUE}) {
            for (int k : new int[] {1, 2, 16}) {
                if (n >= k) {
                    assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(Pkpo.passAtK(n, 0, k)),
                            "n=" + n + " k=" + k);
                }
            }
        }
    }

    @Test
    void hugeCountsReturnPromptly() {
        // A hang guard, not a speed assertion: the old loop over n-c+1..n never ended at Long.MAX_VALUE.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            assertEquals(0.0, Pkpo.passAtK(Long.MAX_VALUE, 0, 1));
            assertEquals(1.0, Pkpo.passAtK(Long.MAX_VALUE, Long.MAX_VALUE, 1));
            assertEquals(0.5, Pkpo.passAtK(Long.MAX_VALUE - 1, (Long.MAX_VALUE - 1) / 2, 1));
            assertClose(Long.MAX_VALUE, 1, 1);
            assertClose(Long.MAX_VALUE, 3, 1_000_000);
            assertClose(Long.MAX_VALUE, Long.MAX_VALUE / 3, 7);
            assertClose(Long.MAX_VALUE, 1_000_000_007L, 2_000);
            assertClose(1_000_000_000_000_000_000L, 100_000_000_000_000_000L, 30);
            assertClose(1_000_000_000_000L, 1_000, 100_000);
            assertClose(4_000_000_000L, 3_999_999_000L, 999);
            assertEquals(1.0, Pkpo.passAtK(Long.MAX_VALUE, Long.MAX_VALUE / 2, Integer.MAX_VALUE));
        });
    }

    @Test
    void tinyPassAtKKeepsItsRelativePrecision() {
        // 1 - product cancels here; the log1p / expm1 route does not.
        assertClose(Long.MAX_VALUE, 1, 1);
        assertClose(1_000_000_000_000_000L, 2, 3);
        assertClose(1L << 53, 1, 1);
        assertClose((1L << 53) + 1, 5, 2);
    }

    @Test
    void smallCountsAreExactToAFewUlpsEverywhere() {
        for (int n = 1; n <= 60; n++) {
            for (int c = 0; c <= n; c++) {
                for (int k = 1; k <= n; k++) {
                    assertClose(n, c, k);
                }
            }
        }
    }

    @Test
    void randomLargeCountsAreExactToAFewUlps() {
        long seed = Seeds.seed(14);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int t = 0; t < 800; t++) {
            long n = switch (t % 3) {
                case 0 -> rnd.nextLong(1, 1_000_000);
                case 1 -> rnd.nextLong(1, 1L << 53);
                default -> rnd.nextLong(1, Long.MAX_VALUE);
            };
            int k = (int) Math.min(n, rnd.nextInt(1, 120));
            long c = switch (t % 4) {
                case 0 -> rnd.nextLong(0, Math.min(n, 300) + 1);
                case 1 -> n - rnd.nextLong(0, Math.min(n, 300) + 1);
                default -> rnd.nextLong(0, n + 1);
            };
            Rational e = exact(n, c, k);
            double got = Pkpo.passAtK(n, c, k);
            double ulps = e.ulpsFrom(got);
            assertTrue(ulps <= MAX_ULPS, "n=" + n + " c=" + c + " k="
                    + k + ": got " + got + ", exact " + e + ", " + ulps + " ulps");
        }
    }

    @Test
    void agreesWithTheCodexFormulaWhereThatIsAccurate() {
        // The Codex paper's numpy form: 1 - prod(1 - k / arange(n - c + 1, n + 1)).
        for (int n = 1; n <= 200; n += 7) {
            for (int c = 0; c <= n; c += 3) {
                for (int k = 1; k <= n; k += 5) {
                    double codex = 1.0;
                    if (n - c >= k) {
                        double prod = 1.0;
                        for (int i = n - c + 1; i <= n; i++) {
                            prod *= 1.0 - (double) k / i;
                        }
                        codex = 1.0 - prod;
                    }
                    assertEquals(codex, Pkpo.passAtK(n, c, k), 1e-12, "n=" + n + " c=" + c + " k=" + k);
                }
            }
        }
    }

    @Test
    void refusesWhatHasNoUnbiasedEstimate() {
        PkpoException e = assertThrows(PkpoException.class, () -> Pkpo.passAtK(3, 0, 4));
        assertEquals(PkpoException.Reason.BAD_K, e.reason());
        assertTrue(e.getMessage().contains("n=3") && e.getMessage().contains("k=4"), e.getMessage());
        assertThrows(PkpoException.class, () -> Pkpo.passAtK(3, 4, 1));
        assertThrows(PkpoException.class, () -> Pkpo.passAtK(3, -1, 1));
        assertThrows(PkpoException.class, () -> Pkpo.passAtK(3, 1, 0));
    }
}
