package org.pkpo.toy;

import java.util.random.RandomGenerator;

/**
 * Section 5.1 of the PKPO paper: the policy is x ~ Normal(theta, 0.1) and the raw reward is eq. 35,
 * g(x) = x^2 on [0, 1] and 0 elsewhere. The score function is d/dtheta log p(x) = (x - theta) / 0.1^2,
 * so a gradient estimate from n samples is sum_i w_i (x_i - theta) / 0.01 for transformed rewards w.
 */
public final class ToyProblem {
    /** The policy's fixed standard deviation (section 5.1). */
    public static final double SIGMA = 0.1;

    private ToyProblem() {
    }

    /** Eq. 35. */
    public static double reward(double x) {
        return x >= 0 && x <= 1 ? x * x : 0;
    }

    /** d/dtheta log Normal(x; theta, SIGMA). */
    public static double score(double x, double theta) {
        return (x - theta) / (SIGMA * SIGMA);
    }

    /** Fills {@code x} with draws from the policy and {@code g} with their rewards. */
    public static void sample(RandomGenerator rnd, double theta, double[] x, double[] g) {
        for (int i = 0; i < x.length; i++) {
            x[i] = theta + SIGMA * rnd.nextGaussian();
            g[i] = reward(x[i]);
        }
    }

    /**
     * The gradient estimates of {@code x.length / n} groups: out[j] = sum over group j of w_i score(x_i).
     */
    public static double[] gradients(double[] x, double[] w, int n, double theta) {
        double[] out = new double[x.length / n];
        for (int j = 0; j < out.length; j++) {
            double sum = 0;
            for (int i = j * n; i < (j + 1) * n; i++) {
                sum += w[i] * score(x[i], theta);
            }
            out[j] = sum;
        }
        return out;
    }
}
