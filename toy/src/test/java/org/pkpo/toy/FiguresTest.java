package org.pkpo.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pkpo.Estimator;

@ExtendWith(TestSeeds.class)
class FiguresTest {
    @Test
    void everyFigureIsAReadablePng() throws Exception {
        Map<String, byte[]> pngs = new LinkedHashMap<>();
        pngs.put("f1.png", Figures.figure1(new int[] {1, 4}));
        pngs.put("f4.png", Figures.figure4(VarianceExperiment.run(1, 2, new int[] {2, 4}, 200, TestSeeds.SEED,
                List.of(GradientEstimator.values()), Progress.NONE)));
        pngs.put("f5.png", Figures.figure5(EffectiveRewards.run(8, new int[] {1, 2}, 50, 10, TestSeeds.SEED, Progress.NONE)));
        pngs.put("t.png", Figures.training(Trainer.run(new Trainer.Config(KSchedule.constant(2), Estimator.S, 4, 2, 10,
                0.01, 0.5, TestSeeds.SEED, 5), Progress.NONE)));
        for (String name : List.of("f1.png", "f4.png", "f5.png", "t.png")) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(pngs.get(name)));
            assertTrue(img != null && img.getWidth() >= 640 && img.getHeight() >= 480, name);
        }
        assertEquals(3 * 640, ImageIO.read(new ByteArrayInputStream(pngs.get("f5.png"))).getWidth());
    }

    @Test
    void effectiveRewardsOfSAtKOneAreTheRawRewards() {
        EffectiveRewards.Result r = EffectiveRewards.run(16, new int[] {1}, 500, 10, TestSeeds.SEED, Progress.NONE);
        EffectiveRewards.Curve s = r.curves().get(0);
        assertEquals(Estimator.S, s.estimator());
        for (int b = 0; b < r.binCenters().length; b++) {
            // Per-sample scale: s at k = 1 is the identity, so each bin's mean lies inside the bin.
            assertEquals(r.binCenters()[b], s.mean()[b], 0.5 / r.binCenters().length + 1e-12);
        }
    }
}
