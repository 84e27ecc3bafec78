package org.pkpo.toy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.pkpo.Estimator;
import org.pkpo.Transform;

/**
 * Policy-gradient training of theta with the engine in the loop: each step draws {@code groups} groups
 * ("prompts") of n samples, transforms all of them in one engine call, averages the groups' gradient
 * estimates and takes a plain gradient-ascent step theta += lr * gradient.
 */
public final class Trainer {
    private Trainer() {
    }

    public record Config(KSchedule schedule, Estimator estimator, int n, int groups, int steps, double lr,
            double theta0, long seed, int reportEvery) {
        public Config {
            Objects.requireNonNull(schedule, "schedule");
            Objects.requireNonNull(estimator, "estimator");
            if (estimator.perGroup()) {
                throw new IllegalArgumentException("rho is an estimate, not a transform: choose s, sloo, sloo_minus_one or loo");
            }
            if (n < 1 || groups < 1 || steps < 0 || reportEvery < 1) {
                throw new IllegalArgumentException("need n >= 1, groups >= 1, steps >= 0, reportEvery >= 1, got n=" + n
                        + ", groups=" + groups + ", steps=" + steps + ", reportEvery=" + reportEvery);
            }
            if (!(lr > 0) || !Double.isFinite(lr) || !Double.isFinite(theta0)) {
                throw new IllegalArgumentException("need a finite lr > 0 and a finite theta0, got lr=" + lr + ", theta0=" + theta0);
            }
        }
    }

    /** Theta after {@code step} steps, with the exact objective for the k in force then. */
    public record Point(int step, int k, double theta, double maxAtK) {
    }

    public record Result(Config config, List<Point> trajectory, double finalTheta, int finalK, double optimalTheta) {
    }

    /** Fails early, with the engine's message, if the estimator cannot use some scheduled k with this n. */
    public static void validate(Config c) {
        for (int k : c.schedule().ks()) {
            Transform.of(c.estimator(), k).apply(new double[c.n()], c.n());
        }
    }

    public static Result run(Config c, Progress progress) {
        return run(c, progress, p -> { });
    }

    /** As {@link #run(Config, Progress)}, handing each trajectory point to {@code onPoint} as it is reached. */
    public static Result run(Config c, Progress progress, Consumer<Point> onPoint) {
        validate(c);
        ExactCurves exact = ExactCurves.standard();
        SplittableRandom rnd = new SplittableRandom(Seeds.derive(c.seed(), 3, 0));
        Map<Integer, Transform> transforms = new HashMap<>();
        double[] x = new double[Math.multiplyExact(c.groups(), c.n())];
        double[] g = new double[x.length];
        double[] w = new double[x.length];
        List<Point> trajectory = new ArrayList<>();
        double theta = c.theta0();
        trajectory.add(new Point(0, c.schedule().kAt(0), theta, exact.maxAtK(theta, c.schedule().kAt(0))));
        onPoint.accept(trajectory.get(0));
        for (int step = 0; step < c.steps(); step++) {
            int k = c.schedule().kAt(step);
            ToyProblem.sample(rnd, theta, x, g);
            transforms.computeIfAbsent(k, kk -> Transform.of(c.estimator(), kk)).apply(g, c.n(), w);
            double[] perGroup = ToyProblem.gradients(x, w, c.n(), theta);
            theta += c.lr() * VarianceExperiment.mean(perGroup);
            int done = step + 1;
            if (done % c.reportEvery() == 0 || done == c.steps()) {
                int kNow = c.schedule().kAt(step);
                trajectory.add(new Point(done, kNow, theta, exact.maxAtK(theta, kNow)));
                onPoint.accept(trajectory.get(trajectory.size() - 1));
                progress.update(done, c.steps(), "step " + done + " theta=" + String.format("%.4f", theta));
            }
        }
        int finalK = c.schedule().kAt(Math.max(0, c.steps() - 1));
        return new Result(c, List.copyOf(trajectory), theta, finalK, exact.optimalTheta(finalK));
    }
}
