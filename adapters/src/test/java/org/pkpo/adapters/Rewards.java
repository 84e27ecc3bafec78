package org.pkpo.adapters;

import java.util.Random;

/**
 * Test rewards with plenty of ties (the estimators' hard case) and ragged group layouts. Each call names its
 * own stream; every stream derives from {@link TestSeeds#SEED}, so one {@code -Dpkpo.seed} reruns them all.
 */
final class Rewards {
    private Rewards() {
    }

    static double[] f64(int count, long stream) {
        Random r = random(stream);
        double[] x = new double[count];
        for (int i = 0; i < count; i++) {
            x[i] = r.nextInt(4) == 0 ? r.nextInt(3) * 0.5 : r.nextGaussian();
        }
        return x;
    }

    static float[] f32(int count, long stream) {
        double[] d = f64(count, stream);
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = (float) d[i];
        }
        return x;
    }

    /** groups+1 offsets with group sizes in [minSize, minSize + 12]. */
    static int[] raggedOffsets(int groups, int minSize, long stream) {
        Random r = random(stream);
        int[] o = new int[groups + 1];
        for (int g = 0; g < groups; g++) {
            o[g + 1] = o[g] + minSize + r.nextInt(13);
        }
        return o;
    }

    private static Random random(long stream) {
        return new Random(TestSeeds.seed(stream));
    }
}
