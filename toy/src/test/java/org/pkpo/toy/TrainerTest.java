package org.pkpo.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pkpo.Estimator;

@ExtendWith(TestSeeds.class)
class TrainerTest {
    private final ExactCurves exact = ExactCurves.standard();

    @Test
    void trainingEndsNearTheOptimumOfItsK() {
        long seed = TestSeeds.SEED;
        for (int[] pair : new int[][] {{8, 1}, {1, 8}}) {
            int k = pair[0];
            int other = pair[1];
            Trainer.Result r = Trainer.run(new Trainer.Config(KSchedule.constant(k), Estimator.SLOO_MINUS_ONE, 16, 8, 250,
                    0.01, 0.5, seed, 50), Progress.NONE);
            double mine = Math.abs(r.finalTheta() - exact.optimalTheta(k));
            double theirs = Math.abs(r.finalTheta() - exact.optimalTheta(other));
            assertTrue(mine < theirs, String.format("seed=%d k=%d: theta=%.4f, optimum %.4f, optimum of k=%d %.4f", seed,
                    k, r.finalTheta(), exact.optimalTheta(k), other, exact.optimalTheta(other)));
        }
    }

    @Test
    void annealedScheduleEndsAtTheFinalKOptimum() {
        long seed = TestSeeds.SEED;
        Trainer.Result r = Trainer.run(new Trainer.Config(KSchedule.parse("8:0,1:150"), Estimator.SLOO, 16, 8, 300, 0.01,
                0.5, seed, 10), Progress.NONE);
        assertEquals(1, r.finalK());
        double mine = Math.abs(r.finalTheta() - exact.optimalTheta(1));
        double theirs = Math.abs(r.finalTheta() - exact.optimalTheta(8));
        assertTrue(mine < theirs, "seed=" + seed + " theta=" + r.finalTheta());
        Trainer.Point before = r.trajectory().stream().filter(p -> p.step() == 150).findFirst().orElseThrow();
        assertEquals(8, before.k());
        assertTrue(Math.abs(before.theta() - exact.optimalTheta(8)) < Math.abs(before.theta() - exact.optimalTheta(1)),
                "seed=" + seed + " theta at step 150=" + before.theta());
    }

    @Test
    void sameSeedSameTrajectory() {
        Trainer.Config c = new Trainer.Config(KSchedule.constant(4), Estimator.S, 8, 4, 40, 0.005, 0.6, 99, 10);
        assertEquals(Trainer.run(c, Progress.NONE).trajectory(), Trainer.run(c, Progress.NONE).trajectory());
    }

    @Test
    void scheduleParsingAndValidation() {
        KSchedule s = KSchedule.parse("8:0, 4:100,1:1500");
        assertEquals(8, s.kAt(0));
        assertEquals(8, s.kAt(99));
        assertEquals(4, s.kAt(100));
        assertEquals(1, s.kAt(1500));
        assertEquals(1, s.finalK());
        assertEquals("8:0,4:100,1:1500", s.toString());
        assertThrows(IllegalArgumentException.class, () -> KSchedule.parse("8:10"));
        assertThrows(IllegalArgumentException.class, () -> KSchedule.parse("8:0,1:0"));
        assertThrows(IllegalArgumentException.class, () -> KSchedule.parse("eight"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.validate(
                new Trainer.Config(KSchedule.constant(16), Estimator.SLOO, 16, 1, 1, 0.01, 0.5, 1, 1)));
        assertTrue(e.getMessage().contains("n=16"), e.getMessage());
    }
}
