package org.pkpo.internal.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.pkpo.Estimator;
import org.pkpo.PkpoException;
import org.pkpo.Scale;
import org.junit.jupiter.api.Test;

/** The plans and the validity rule against the paper's definitions, written out independently. */
class EstimatorPlanTest {
    /** Where each estimator is defined (README table): an independent statement of the rule. */
    private static boolean defined(Estimator e, int k, long n) {
        return switch (e) {
            case RHO, S -> 1 <= k && k <= n;
            case SLOO -> 1 <= k && k < n;
            case SLOO_MINUS_ONE -> 1 <= k && k <= n && n >= 2;
            case LOO -> k == 1 && n >= 2;
        };
    }

    @Test
    void validityRuleMatchesTheDefinitions() {
        for (Estimator e : Estimator.values()) {
            for (long n = 0; n <= 9; n++) {
                for (int k = -1; k <= 11; k++) {
                    String why = e.whyInvalid(k, n);
                    assertEquals(defined(e, k, n), why == null, e + " k=" + k + " n=" + n + ": " + why);
                    if (why != null) {
                        assertEquals(true, why.startsWith(e.wireName() + " needs ") && why.contains("k=" + k)
                                && why.contains("n=" + n), why);
                    }
                }
            }
        }
    }

    @Test
    void plansSayWhatEachEstimatorComputes() {
        for (Scale scale : Scale.values()) {
            boolean perSample = scale == Scale.PER_SAMPLE;
            EstimatorPlan rho = EstimatorPlan.of(Estimator.RHO, 3, scale);
            assertEquals(EstimatorPlan.Shape.PER_GROUP, rho.shape());
            assertEquals(EstimatorPlan.ScaleStep.NONE, rho.scaleStep());

            EstimatorPlan s = EstimatorPlan.of(Estimator.S, 3, scale);
            assertEquals(EstimatorPlan.Shape.SORTED, s.shape());
            assertEquals(0, s.baselineK());
            assertEquals(perSample ? EstimatorPlan.ScaleStep.MULTIPLY_BY_N : EstimatorPlan.ScaleStep.NONE, s.scaleStep());

            EstimatorPlan sloo = EstimatorPlan.of(Estimator.SLOO, 3, scale);
            assertEquals(3, sloo.baselineK());
            assertEquals(3.0 / 9, sloo.baselineCoefficient(10));

            EstimatorPlan m = EstimatorPlan.of(Estimator.SLOO_MINUS_ONE, 3, scale);
            assertEquals(2, m.baselineK());
            assertEquals(3.0 / 10, m.baselineCoefficient(10));

            EstimatorPlan m1 = EstimatorPlan.of(Estimator.SLOO_MINUS_ONE, 1, scale);
            assertEquals(EstimatorPlan.Shape.ORDER_FREE, m1.shape());
            assertEquals(perSample ? EstimatorPlan.ScaleStep.NONE : EstimatorPlan.ScaleStep.DIVIDE_BY_N, m1.scaleStep());

            EstimatorPlan loo = EstimatorPlan.of(Estimator.LOO, 1, scale);
            assertEquals(EstimatorPlan.Shape.ORDER_FREE, loo.shape());
            assertEquals(EstimatorPlan.ScaleStep.NONE, loo.scaleStep());
        }
    }

    @Test
    void kThatNoGroupCanTakeIsRefusedAtPlanTime() {
        assertEquals(PkpoException.Reason.BAD_K,
                assertThrows(PkpoException.class, () -> EstimatorPlan.of(Estimator.S, 0, Scale.PAPER)).reason());
        assertEquals("loo has no k: use k = 1, got 2",
                assertThrows(PkpoException.class, () -> EstimatorPlan.of(Estimator.LOO, 2, Scale.PAPER)).getMessage());
        assertNull(EstimatorPlan.of(Estimator.SLOO, 2, Scale.PAPER).whyInvalid(3));
    }
}
