package org.pkpo.toy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestSeeds.class)
class EstimatorsTest {
    private static final List<GradientEstimator> ALL = List.of(GradientEstimator.values());

    @Test
    void everyEstimatorIsUnbiased() {
        long seed = TestSeeds.SEED;
        double[][] cases = {{1.0, 4, 16}, {0.8, 2, 8}, {0.95, 8, 24}, {1.1, 3, 6}, {0.5, 1, 4}};
        for (double[] c : cases) {
            double theta = c[0];
            int k = (int) c[1];
            int n = (int) c[2];
            VarianceExperiment.Result r = VarianceExperiment.run(theta, k, new int[] {n}, 20_000, seed, ALL, Progress.NONE);
            for (VarianceExperiment.Cell cell : r.cells()) {
                if (cell.skipped() != null) {
                    assertTrue(cell.estimator().partitioned() || cell.estimator() == GradientEstimator.SLOO,
                            "all-subsets estimators must run: " + cell);
                    continue;
                }
                assertFalse(cell.flagged(r.exactGradient()), String.format(
                        "seed=%d theta=%s k=%d n=%d %s: mean %.5f, exact %.5f, %.2f standard errors away", seed, theta, k,
                        n, cell.estimator().wireName(), cell.mean(), r.exactGradient(), cell.zScore(r.exactGradient())));
            }
            for (GradientEstimator e : List.of(GradientEstimator.S, GradientEstimator.SLOO, GradientEstimator.SLOO_MINUS_ONE)) {
                if (e != GradientEstimator.SLOO || k < n) {
                    assertTrue(r.cell(e, n).skipped() == null, e + " skipped at k=" + k + " n=" + n);
                }
            }
        }
    }

    @Test
    void varianceOrderingAtThetaOneKFourNSixteen() {
        long seed = TestSeeds.SEED;
        VarianceExperiment.Result r = VarianceExperiment.run(1, 4, new int[] {16}, 10_000, seed, ALL, Progress.NONE);
        double s = r.cell(GradientEstimator.S, 16).variance();
        double sloo = r.cell(GradientEstimator.SLOO, 16).variance();
        double slooMinusOne = r.cell(GradientEstimator.SLOO_MINUS_ONE, 16).variance();
        String msg = String.format("seed=%d: var s=%.4f sloo=%.4f sloo_minus_one=%.4f", seed, s, sloo, slooMinusOne);
        assertTrue(slooMinusOne < sloo && sloo < s, msg);
        // Figure 4 also has loo minus one all subsets beating its partitioned twin.
        assertTrue(slooMinusOne < r.cell(GradientEstimator.LOO_MINUS_ONE_PARTITIONED, 16).variance(), msg);
    }

    @Test
    void constantEstimatesAreNotFlagged() {
        // At theta = -2 every reward is 0, so every estimate is exactly 0 and the exact gradient is ~1e-80.
        VarianceExperiment.Result r = VarianceExperiment.run(-2, 2, new int[] {4}, 100, 1, ALL, Progress.NONE);
        for (VarianceExperiment.Cell c : r.cells()) {
            assertFalse(c.flagged(r.exactGradient()), c.toString());
        }
    }

    @Test
    void naivePartitionedWithOneBlockIsS() {
        SplittableRandom rnd = new SplittableRandom(TestSeeds.SEED);
        int k = 5;
        double[] g = new double[7 * k];
        for (int i = 0; i < g.length; i++) {
            g[i] = rnd.nextDouble();
        }
        assertArrayEquals(GradientEstimator.S.weights(g, k, k), GradientEstimator.NAIVE_PARTITIONED.weights(g, k, k));
        assertArrayEquals(GradientEstimator.SLOO_MINUS_ONE.weights(g, k, k),
                GradientEstimator.LOO_MINUS_ONE_PARTITIONED.weights(g, k, k));
    }

    @Test
    void invalidCombinationsSayWhy() {
        assertNotNull(GradientEstimator.SLOO.whyInvalid(4, 4));
        assertNotNull(GradientEstimator.NAIVE_PARTITIONED.whyInvalid(4, 10));
        assertNotNull(GradientEstimator.NAIVE_PARTITIONED_BASELINED.whyInvalid(4, 4));
        assertTrue(GradientEstimator.NAIVE_PARTITIONED_BASELINED.whyInvalid(4, 10).contains("n=10"));
    }
}
