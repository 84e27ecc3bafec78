package org.pkpo.cli.toy;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.pkpo.Estimator;
import org.pkpo.cli.Args;
import org.pkpo.cli.CliException;
import org.pkpo.cli.Command;
import org.pkpo.cli.format.JsonWriter;
import org.pkpo.toy.EffectiveRewards;
import org.pkpo.toy.Figures;
import org.pkpo.toy.GradientEstimator;
import org.pkpo.toy.KSchedule;
import org.pkpo.toy.Progress;
import org.pkpo.toy.Trainer;
import org.pkpo.toy.VarianceExperiment;

/** {@code pkpo toy optima|variance|effective|train}: the paper's one-dimensional toy experiment (section 5.1). */
public final class ToyCommand implements Command {
    static final int[] DEFAULT_NS = {4, 8, 16, 32, 64};
    static final int[] DEFAULT_EFFECTIVE_KS = {1, 4, 8, 16};
    static final int[] DEFAULT_OPTIMA_KS = {1, 2, 4, 8, 16};

    @Override
    public String name() {
        return "toy";
    }

    @Override
    public String summary() {
        return "the paper's toy experiment: exact optima, estimator variance (fig. 4), effective rewards (fig. 5), training";
    }

    @Override
    public String usage() {
        return """
                usage: pkpo toy optima    [--k 1,2,4,8,16] [--json] [--png FILE]
                       pkpo toy variance  [--k 4] [--theta 1] [--n 4,8,16,32,64] [--trials 10000] [--seed 1]
                                          [--estimators s,sloo,...] [--json] [--png FILE]
                       pkpo toy effective [--n 32] [--k 1,4,8,16] [--groups 4000] [--bins 20] [--seed 1] [--json] [--png FILE]
                       pkpo toy train     [--k 8 | --k-schedule 8:0,1:1500] [--n 16] [--groups 8] [--steps 300]
                                          [--lr 0.01] [--theta0 0.5] [--estimator sloo_minus_one] [--every 25]
                                          [--seed 1] [--json] [--png FILE]

                The toy problem of section 5.1: policy x ~ Normal(theta, 0.1), reward g(x) = x^2 on [0, 1] else 0
                (eq. 35). A gradient estimate from n samples is sum_i w_i (x_i - theta) / 0.01 for transformed
                rewards w (paper scale).

                optima     figure 1: exact max_g@k and its derivative by quadrature; the optimal theta per k.
                variance   figure 4: mean and variance of --trials independent gradient estimates per n for six
                           estimators: s, sloo, sloo_minus_one (the engine, one batched call per n) and
                           naive_partitioned, naive_partitioned_baselined, loo_minus_one_partitioned (n/k
                           disjoint blocks of k; n must be a multiple of k). Prints the exact gradient and flags
                           any mean further than 4 standard errors from it.
                effective  figure 5: rewards uniform on [-1/2, 1/2], transformed (paper weight x n) by s, sloo and
                           sloo_minus_one, averaged in --bins bins of the raw reward.
                train      policy-gradient ascent on theta with the engine in the loop: each step transforms
                           --groups groups of --n samples in one call. --k-schedule k:step,... changes k during
                           training (the paper's annealing: 8:0,1:1500). --estimator: s, sloo, sloo_minus_one, loo.

                --png FILE also draws the figure. Results depend only on the options and --seed.
                """;
    }

    @Override
    public Set<String> flagOptions() {
        return Set.of("json");
    }

    @Override
    public void run(Args args, InputStream stdin, PrintStream out, PrintStream err) throws Exception {
        List<String> pos = args.positional();
        if (pos.size() != 1) {
            throw CliException.usage(pos.isEmpty() ? "say which experiment: optima, variance, effective or train"
                    : "expected one experiment name, got " + pos);
        }
        switch (pos.get(0)) {
            case "optima" -> optima(args, out);
            case "variance" -> variance(args, out);
            case "effective" -> effective(args, out);
            case "train" -> train(args, out);
            default -> throw CliException.usage("unknown experiment '" + pos.get(0)
                    + "': expected optima, variance, effective or train");
        }
    }

    private static void optima(Args args, PrintStream out) throws Exception {
        int[] ks = positive("k", args.getIntList("k", DEFAULT_OPTIMA_KS));
        boolean json = args.flag("json");
        String png = args.get("png", null);
        args.finish();
        if (json) {
            out.println(JsonWriter.write(ToyReport.optimaJson(ks)));
        } else {
            out.println("Optimal policy mean theta per k (figure 1; exact, by quadrature):");
            ToyReport.printOptima(ks, out);
        }
        if (png != null) {
            ToyReport.writePng(Path.of(png), Figures.figure1(ks));
        }
    }

    private static void variance(Args args, PrintStream out) throws Exception {
        int k = args.getInt("k", 4);
        double theta = finite("theta", args.getDouble("theta", 1));
        int[] ns = positive("n", args.getIntList("n", DEFAULT_NS));
        int trials = args.getInt("trials", 10_000);
        long seed = args.getLong("seed", 1);
        List<GradientEstimator> estimators = estimators(args.get("estimators", null));
        boolean json = args.flag("json");
        String png = args.get("png", null);
        args.finish();
        if (k < 1) {
            throw CliException.usage("--k must be >= 1, got " + k);
        }
        if (trials < 2) {
            throw CliException.usage("--trials must be >= 2, got " + trials);
        }
        for (int n : ns) {
            if ((long) n * trials > 50_000_000L) {
                throw CliException.usage("--n " + n + " x --trials " + trials + " is more than 50 million samples");
            }
        }
        VarianceExperiment.Result r = VarianceExperiment.run(theta, k, ns, trials, seed, estimators, Progress.NONE);
        if (json) {
            out.println(JsonWriter.write(ToyReport.varianceJson(r)));
        } else {
            out.printf("pkpo toy variance: k=%d, theta=%s, %,d trials per n, seed %d%n", k, ToyReport.num(theta), trials, seed);
            ToyReport.printVariance(r, out);
        }
        if (png != null) {
            ToyReport.writePng(Path.of(png), Figures.figure4(r));
        }
    }

    private static void effective(Args args, PrintStream out) throws Exception {
        int n = args.getInt("n", 32);
        int[] ks = positive("k", args.getIntList("k", DEFAULT_EFFECTIVE_KS));
        int groups = args.getInt("groups", 4000);
        int bins = args.getInt("bins", 20);
        long seed = args.getLong("seed", 1);
        boolean json = args.flag("json");
        String png = args.get("png", null);
        args.finish();
        if (n < 2 || groups < 1 || bins < 1 || (long) n * groups > 50_000_000L) {
            throw CliException.usage("need --n >= 2, --groups >= 1, --bins >= 1 and n x groups <= 50 million, got n=" + n
                    + ", groups=" + groups + ", bins=" + bins);
        }
        EffectiveRewards.Result r = EffectiveRewards.run(n, ks, groups, bins, seed, Progress.NONE);
        if (json) {
            out.println(JsonWriter.write(ToyReport.effectiveJson(r)));
        } else {
            ToyReport.printEffective(r, out);
        }
        if (png != null) {
            ToyReport.writePng(Path.of(png), Figures.figure5(r));
        }
    }

    private static void train(Args args, PrintStream out) throws Exception {
        Integer k = args.getIntOrNull("k");
        String scheduleText = args.get("k-schedule", null);
        int n = args.getInt("n", 16);
        int groups = args.getInt("groups", 8);
        int steps = args.getInt("steps", 300);
        double lr = args.getDouble("lr", 0.01);
        double theta0 = finite("theta0", args.getDouble("theta0", 0.5));
        String estimatorName = args.get("estimator", "sloo_minus_one");
        int every = args.getInt("every", 25);
        long seed = args.getLong("seed", 1);
        boolean json = args.flag("json");
        String png = args.get("png", null);
        args.finish();
        if (k != null && scheduleText != null) {
            throw CliException.usage("give --k or --k-schedule, not both");
        }
        KSchedule schedule;
        Estimator estimator;
        Trainer.Config config;
        try {
            schedule = scheduleText != null ? KSchedule.parse(scheduleText)
                    : KSchedule.constant(k == null ? 8 : k);
            estimator = Estimator.fromName(estimatorName);
            config = new Trainer.Config(schedule, estimator, n, groups, steps, lr, theta0, seed, every);
            if ((long) n * groups > 10_000_000L) {
                throw new IllegalArgumentException("--n x --groups is more than 10 million samples per step");
            }
            Trainer.validate(config);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < schedule.ks().length; i++) {
            if (schedule.starts()[i] >= steps) {
                notes.add("note: k=" + schedule.ks()[i] + " starts at step " + schedule.starts()[i] + ", after the last step ("
                        + steps + "); raise --steps to reach it");
            }
        }
        Trainer.Result r;
        if (json) {
            r = Trainer.run(config, Progress.NONE);
            out.println(JsonWriter.write(ToyReport.trainJson(r)));
        } else {
            out.printf("pkpo toy train: %s, k schedule %s, %d groups of n=%d per step, lr=%s, theta0=%s, seed %d%n",
                    estimator.wireName(), schedule, groups, n, ToyReport.num(lr), ToyReport.num(theta0), seed);
            notes.forEach(out::println);
            ToyReport.printTrainHeader(out);
            r = Trainer.run(config, Progress.NONE, p -> ToyReport.printTrainPoint(p, out));
            ToyReport.printTrainSummary(r, out);
        }
        if (png != null) {
            ToyReport.writePng(Path.of(png), Figures.training(r));
        }
    }

    static List<GradientEstimator> estimators(String list) throws CliException {
        if (list == null) {
            return List.of(GradientEstimator.values());
        }
        List<GradientEstimator> out = new ArrayList<>();
        for (String name : list.split(",")) {
            try {
                out.add(GradientEstimator.fromName(name));
            } catch (IllegalArgumentException e) {
                StringBuilder names = new StringBuilder();
                for (GradientEstimator g : GradientEstimator.values()) {
                    names.append(names.isEmpty() ? "" : ", ").append(g.wireName());
                }
                throw CliException.usage("--estimators: unknown '" + name.trim() + "', expected some of " + names);
            }
        }
        return out;
    }

    private static int[] positive(String name, int[] values) throws CliException {
        for (int v : values) {
            if (v < 1) {
                throw CliException.usage("every --" + name + " must be >= 1, got " + v);
            }
        }
        return values;
    }

    private static double finite(String name, double v) throws CliException {
        if (!Double.isFinite(v)) {
            throw CliException.usage("--" + name + " must be a finite number, got " + v);
        }
        return v;
    }
}
