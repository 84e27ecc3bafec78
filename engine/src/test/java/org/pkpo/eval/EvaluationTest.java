package org.pkpo.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pkpo.Evaluation;
import org.pkpo.EvaluationResult;
import org.pkpo.Metric;
import org.pkpo.PkpoException;
import org.pkpo.Seeds;

/** The public evaluation API: aggregation over problems against exact rationals, refusals, errors, forms. */
@ExtendWith(Seeds.class)
class EvaluationTest {
    private static final long[] N = {4, 4, 2, 8, 16, 5};
    private static final long[] C = {1, 2, 0, 8, 3, 5};

    /** The row for k, computed from the exact per-problem rationals. */
    private static void assertRow(EvaluationResult.Row row, Metric metric, long[] n, long[] c) {
        int k = row.k();
        Rational sum = Rational.ZERO;
        Rational sumV = Rational.ZERO;
        long used = 0;
        long refused = 0;
        long noVar = 0;
        double[] est = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            if (n[i] < k) {
                refused++;
                continue;
            }
            long m = metric == Metric.PASS_HAT ? c[i] : n[i] - c[i];
            Rational a = Rational.binomialRatio(m, n[i], k);
            Rational e = metric == Metric.PASS_HAT ? a : Rational.ONE.minus(a);
            est[(int) used++] = e.toDouble();
            sum = sum.plus(e);
            if (n[i] >= 2L * k) {
                sumV = sumV.plus(CountsVarianceExactTest.variance(n[i], m, k));
            } else {
                noVar++;
            }
        }
        String at = metric + " k=" + k;
        assertEquals(used, row.problems(), at);
        assertEquals(refused, row.refused(), at);
        assertEquals(noVar, row.withoutVariance(), at);
        if (used == 0) {
            assertTrue(Double.isNaN(row.estimate()), at);
            return;
        }
        double mean = sum.divide(Rational.of(used)).toDouble();
        assertEquals(mean, row.estimate(), 1e-15, at);
        if (noVar == used) {
            assertTrue(Double.isNaN(row.withinStandardError()), at);
        } else {
            assertEquals(Math.sqrt(sumV.toDouble()) / used, row.withinStandardError(), 1e-15, at);
        }
        if (used < 2) {
            assertTrue(Double.isNaN(row.acrossStandardError()), at);
        } else {
            double ss = 0;
            for (int i = 0; i < used; i++) {
                ss += (est[i] - mean) * (est[i] - mean);
            }
            double se = Math.sqrt(ss / (used - 1) / used);
            assertEquals(se, row.acrossStandardError(), 1e-15, at);
            assertEquals(row.estimate() - 1.959963984540054 * se, row.lower95(), 1e-15, at);
        }
    }

    @Test
    void countsAggregateAsTheExactPerProblemValuesSay() {
        for (Metric metric : Metric.values()) {
            EvaluationResult r = Evaluation.of(metric, 16, 1, 4, 2, 8, 32, 3, 4).counts(N, C);
            assertEquals(List.of(1, 2, 3, 4, 8, 16, 32), r.rows().stream().map(EvaluationResult.Row::k).toList());
            for (EvaluationResult.Row row : r.rows()) {
                assertRow(row, metric, N, C);
            }
        }
    }

    @Test
    void largeCountsAggregateLikeSmallOnes() {
        long[] n = {1_000, 5_000_000_000L, 300, 1L << 40};
        long[] c = {17, 123_456_789L, 300, 5};
        for (Metric metric : new Metric[] {Metric.PASS, Metric.PASS_HAT}) {
            for (EvaluationResult.Row row : Evaluation.of(metric, 1, 7, 64, 150, 600).counts(n, c).rows()) {
                assertRow(row, metric, n, c);
            }
        }
    }

    @Test
    void refusesProblemsWithFewerSamplesThanKAndCountsThem() {
        EvaluationResult.Row row = Evaluation.of(Metric.PASS, 8).counts(new long[] {4, 7, 0}, new long[] {4, 0, 0})
                .rows().get(0);
        assertEquals(0, row.problems());
        assertEquals(3, row.refused());
        assertTrue(Double.isNaN(row.estimate()) && Double.isNaN(row.withinStandardError())
                && Double.isNaN(row.acrossStandardError()));
        double[] est = new double[2];
        double[] var = new double[2];
        Evaluation.of(Metric.PASS, 2, 3).accumulator().scoreCounts(5, 1, est, var);
        assertEquals(1 - 6.0 / 10, est[0], 1e-15);
        assertEquals(1 - 4.0 / 10, est[1], 1e-15);
        assertEquals(0.6 * 0.6 - 1.0 / 5, var[0], 1e-15);  // a^2 - C(4,4)/C(5,4)
        assertTrue(Double.isNaN(var[1]), "n = 5 < 2k = 6 has no unbiased variance");
    }

    @Test
    void everyInputFormGivesTheSameAnswer() {
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(14));
        int problems = 300;
        int size = 16;
        double[] rewards = new double[problems * size];
        double[] real = new double[problems * size];
        long[] n = new long[problems];
        long[] c = new long[problems];
        int[] offsets = new int[problems + 1];
        for (int p = 0; p < problems; p++) {
            double rate = rnd.nextDouble();
            n[p] = size;
            offsets[p + 1] = offsets[p] + size;
            for (int i = 0; i < size; i++) {
                real[p * size + i] = rnd.nextDouble();
                rewards[p * size + i] = real[p * size + i] < rate ? 1 : 0;
                c[p] += (long) rewards[p * size + i];
            }
        }
        int[] ks = {1, 2, 4, 8, 16};
        EvaluationResult fromCounts = Evaluation.of(Metric.PASS, ks).counts(n, c);
        assertSame(fromCounts, Evaluation.of(Metric.PASS, ks).groups(rewards, size));
        assertSame(fromCounts, Evaluation.of(Metric.PASS, ks).ragged(rewards, offsets));
        assertSame(fromCounts, Evaluation.of(Metric.MAX, ks).groups(rewards, size));
        Evaluation.Accumulator a = Evaluation.of(Metric.PASS, ks).accumulator();
        Evaluation.Accumulator b = Evaluation.of(Metric.PASS, ks).accumulator();
        for (int p = 0; p < problems; p++) {
            (p % 3 == 0 ? a : b).addGroup(rewards, p * size, (p + 1) * size);
        }
        a.merge(b);
        assertSame(fromCounts, a.result());
        // Log rows in any order, labelled by problem id: the same answer, for pass and for max.
        int[] order = Seeds.permutation(rnd, rewards.length);
        long[] ids = new long[rewards.length];
        double[] rows = new double[rewards.length];
        for (int i = 0; i < order.length; i++) {
            ids[i] = 1_000_003L * (order[i] / size) - 7;
            rows[i] = rewards[order[i]];
        }
        Evaluation.Accumulator byId = Evaluation.of(Metric.PASS, ks).accumulator();
        byId.addById(ids, rows);
        assertSame(fromCounts, byId.result());
        for (int i = 0; i < order.length; i++) {
            rows[i] = real[order[i]];
        }
        Evaluation.Accumulator maxById = Evaluation.of(Metric.MAX, ks).accumulator();
        maxById.addById(ids, rows);
        assertSame(Evaluation.of(Metric.MAX, ks).groups(real, size), maxById.result());
        // A threshold on real rewards counts r >= t as correct.
        double[] thresholded = new double[real.length];
        for (int i = 0; i < real.length; i++) {
            thresholded[i] = real[i] >= 0.7 ? 1 : 0;
        }
        assertSame(Evaluation.of(Metric.PASS_HAT, ks).groups(thresholded, size),
                Evaluation.of(Metric.PASS_HAT, ks).threshold(0.7).groups(real, size));
    }

    private static void assertSame(EvaluationResult want, EvaluationResult got) {
        for (int j = 0; j < want.rows().size(); j++) {
            EvaluationResult.Row w = want.rows().get(j);
            EvaluationResult.Row g = got.rows().get(j);
            String at = "k=" + w.k();
            assertEquals(w.problems(), g.problems(), at);
            assertEquals(w.estimate(), g.estimate(), 1e-13, at);
            assertEquals(w.withinStandardError(), g.withinStandardError(), 1e-13, at);
            assertEquals(w.acrossStandardError(), g.acrossStandardError(), 1e-13, at);
        }
    }

    @Test
    void badInputIsRejectedBeforeAnythingIsAdded() {
        Evaluation.Accumulator acc = Evaluation.of(Metric.PASS, 1).accumulator();
        acc.addCounts(10, 3);
        PkpoException e = assertThrows(PkpoException.class, () -> acc.addCounts(new long[] {5, 5}, new long[] {1, 6}));
        assertTrue(e.getMessage().contains("problem 1") && e.getMessage().contains("c=6"), e.getMessage());
        e = assertThrows(PkpoException.class, () -> acc.addGroups(new double[] {1, 0, 0, 0.5}, 2));
        assertTrue(e.getMessage().contains("group 1, position 1") && e.getMessage().contains("0.5"), e.getMessage());
        e = assertThrows(PkpoException.class, () -> acc.addGroups(new double[] {1, Double.NaN}, 2));
        assertEquals(PkpoException.Reason.NON_FINITE, e.reason());
        e = assertThrows(PkpoException.class, () -> acc.addById(new long[] {7, 9, 7}, new double[] {1, 0, 2}));
        assertTrue(e.getMessage().startsWith("row 2 (problem 7): pass@k needs 0/1 rewards"), e.getMessage());
        e = assertThrows(PkpoException.class, () -> acc.addRagged(new double[] {1, 0}, new int[] {0, 3}));
        assertTrue(e.getMessage().contains("offsets"), e.getMessage());
        assertEquals(1, acc.result().rows().get(0).problems(), "only the first, valid problem was added");
        assertEquals(0.3, acc.result().rows().get(0).estimate(), 1e-15);
        assertThrows(PkpoException.class, () -> Evaluation.of(Metric.PASS, 0, 1));
        assertThrows(PkpoException.class, () -> Evaluation.of(Metric.MAX, 1).threshold(0.5));
        assertEquals(Metric.PASS_HAT, Metric.fromName("pass-hat"));
    }
}
