package org.pkpo.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pkpo.Estimator;

class FiguresTest {
    @TempDir
    Path dir;

    @Test
    void everyFigureIsAReadablePng() throws Exception {
        Figures.figure1(dir.resolve("f1.png"), new int[] {1, 4});
        Figures.figure4(dir.resolve("f4.png"), VarianceExperiment.run(1, 2, new int[] {2, 4}, 200, 1,
                List.of(GradientEstimator.values()), Progress.NONE));
        Figures.figure5(dir.resolve("f5.png"), EffectiveRewards.run(8, new int[] {1, 2}, 50, 10, 1, Progress.NONE));
        Figures.training(dir.resolve("t.png"), Trainer.run(new Trainer.Config(KSchedule.constant(2), Estimator.S, 4, 2, 10,
                0.01, 0.5, 1, 5), Progress.NONE));
        for (String name : List.of("f1.png", "f4.png", "f5.png", "t.png")) {
            BufferedImage img = ImageIO.read(dir.resolve(name).toFile());
            assertTrue(img != null && img.getWidth() >= 640 && img.getHeight() >= 480, name);
        }
        assertEquals(3 * 640, ImageIO.read(dir.resolve("f5.png").toFile()).getWidth());
    }

    @Test
    void effectiveRewardsOfSAtKOneAreTheRawRewards() {
        EffectiveRewards.Result r = EffectiveRewards.run(16, new int[] {1}, 500, 10, 3, Progress.NONE);
        EffectiveRewards.Curve s = r.curves().get(0);
        assertEquals(Estimator.S, s.estimator());
        for (int b = 0; b < r.binCenters().length; b++) {
            // Per-sample scale: s at k = 1 is the identity, so each bin's mean lies inside the bin.
            assertEquals(r.binCenters()[b], s.mean()[b], 0.5 / r.binCenters().length + 1e-12);
        }
    }
}
