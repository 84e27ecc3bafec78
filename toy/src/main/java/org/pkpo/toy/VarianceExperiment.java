package org.pkpo.toy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Figure 4: for each group size n, draw {@code trials} independent groups of n samples at theta, turn each
 * into one gradient estimate per estimator (all estimators see the same samples), and report the mean and
 * the sample variance of the estimates against the exact gradient.
 */
public final class VarianceExperiment {
    /** A mean further than this many standard errors from the exact gradient is flagged. */
    public static final double FLAG_STANDARD_ERRORS = 4;

    private VarianceExperiment() {
    }

    /** One estimator at one n; {@code skipped} is null when it ran, else why it could not. */
    public record Cell(GradientEstimator estimator, int n, double mean, double variance, int trials, String skipped) {
        public double standardError() {
            return Math.sqrt(variance / trials);
        }

        /** How many standard errors the mean is from {@code exact}. */
        public double zScore(double exact) {
            return (mean - exact) / standardError();
        }

        public boolean flagged(double exact) {
            if (skipped != null) {
                return false;
            }
            if (standardError() == 0) {
                // Every estimate identical (e.g. theta so far out that all rewards are 0): no z-score exists,
                // so the mean must match up to rounding.
                return !(Math.abs(mean - exact) <= 1e-9 * (1 + Math.abs(exact)));
            }
            return !(Math.abs(zScore(exact)) <= FLAG_STANDARD_ERRORS);
        }
    }

    public record Result(double theta, int k, int trials, long seed, double exactGradient, int[] ns,
            List<GradientEstimator> estimators, List<Cell> cells) {
        public Cell cell(GradientEstimator e, int n) {
            for (Cell c : cells) {
                if (c.estimator() == e && c.n() == n) {
                    return c;
                }
            }
            throw new IllegalArgumentException("no cell for " + e.wireName() + " at n=" + n);
        }
    }

    public static Result run(double theta, int k, int[] ns, int trials, long seed, List<GradientEstimator> estimators,
            Progress progress) {
        if (trials < 2) {
            throw new IllegalArgumentException("trials must be >= 2, got " + trials);
        }
        for (int n : ns) {
            if (n < 1) {
                throw new IllegalArgumentException("every n must be >= 1, got " + n);
            }
        }
        List<Cell> cells = new ArrayList<>();
        long total = (long) ns.length * estimators.size();
        long done = 0;
        for (int n : ns) {
            // The samples of each n come from their own stream, so a row does not depend on the other n asked for.
            SplittableRandom rnd = new SplittableRandom(Seeds.derive(seed, 1, n));
            double[] x = new double[Math.multiplyExact(trials, n)];
            double[] g = new double[x.length];
            ToyProblem.sample(rnd, theta, x, g);
            for (GradientEstimator e : estimators) {
                progress.update(done, total, "n=" + n + " " + e.wireName());
                String why = e.whyInvalid(k, n);
                if (why != null) {
                    cells.add(new Cell(e, n, Double.NaN, Double.NaN, trials, why));
                } else {
                    double[] est = ToyProblem.gradients(x, e.weights(g, n, k), n, theta);
                    cells.add(new Cell(e, n, mean(est), variance(est), trials, null));
                }
                done++;
            }
        }
        progress.update(total, total, "done");
        return new Result(theta, k, trials, seed, ExactCurves.standard().gradient(theta, k), ns.clone(),
                List.copyOf(estimators), List.copyOf(cells));
    }

    static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    /** Two-pass unbiased sample variance. */
    static double variance(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double d : v) {
            s += (d - m) * (d - m);
        }
        return s / (v.length - 1);
    }
}
