package org.pkpo.cli.toy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.pkpo.Estimator;
import org.pkpo.cli.ProgressBar;
import org.pkpo.toy.EffectiveRewards;
import org.pkpo.toy.ExactCurves;
import org.pkpo.toy.Figures;
import org.pkpo.toy.GradientEstimator;
import org.pkpo.toy.KSchedule;
import org.pkpo.toy.Trainer;
import org.pkpo.toy.VarianceExperiment;

/** Part 2 of {@code pkpo demo}: the toy experiment of section 5.1, one stage per figure. */
public final class ToyDemo {
    static final String FIGURE1 = "figure1-optimal-theta.png";
    static final String FIGURE4 = "figure4-variance.png";
    static final String FIGURE5 = "figure5-effective-rewards.png";
    static final String TRAINING = "training-k-annealing.png";
    public static final List<String> FILES = List.of(FIGURE1, FIGURE4, FIGURE5, TRAINING);

    /** The annealing run: k = 8 for the first half, then k = 1 (figure 3's schedule, shortened). */
    private static final KSchedule SCHEDULE = KSchedule.parse("8:0,1:150");
    private static final int TRAIN_STEPS = 300;

    private ToyDemo() {
    }

    /**
     * Runs the four stages. Each stage's text is collected and printed once its progress bar line is done,
     * so that tables and the bar never share a terminal line.
     */
    public static void run(Path dir, long seed, int trials, ProgressBar bar, PrintStream stdout) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        out.println();
        out.println("PART 2. The paper's toy experiment (section 5.1)");
        out.println("   Policy x ~ Normal(theta, 0.1); reward g(x) = x^2 on [0, 1], else 0 (eq. 35). A sample just below 1");
        out.println("   is worth most, one above 1 is worth nothing: how far theta should go towards 1 depends on k.");
        out.println();

        bar.stage("figure 1: exact optima");
        int[] ks = ToyCommand.DEFAULT_OPTIMA_KS;
        out.println("2a. Exact max_g@k and its derivative by quadrature (no sampling); the optimum moves towards 1 with k:");
        ToyReport.printOptima(ks, out);
        endStage(dir.resolve(FIGURE1), Figures.figure1(ks), out, bar, buf, stdout);
        out.println();

        var progress = bar.stage("figure 4: estimator variance");
        VarianceExperiment.Result v = VarianceExperiment.run(1, 4, ToyCommand.DEFAULT_NS, trials, seed,
                List.of(GradientEstimator.values()), progress);
        out.printf("2b. Figure 4: %,d gradient estimates per n at theta=1, k=4, for six estimators.%n", trials);
        out.println("   (the same as: pkpo toy variance --k 4 --theta 1 --n 4,8,16,32,64 --trials " + trials + " --seed " + seed + ")");
        ToyReport.printVariance(v, out);
        double s = v.cell(GradientEstimator.S, 16).variance();
        double sloo = v.cell(GradientEstimator.SLOO, 16).variance();
        double m1 = v.cell(GradientEstimator.SLOO_MINUS_ONE, 16).variance();
        out.printf("   At n=16: sloo_minus_one %.3g < sloo %.3g < s %.3g, as the paper reports%s.%n", m1, sloo, s,
                m1 < sloo && sloo < s ? "" : " (NOT reproduced with this seed)");
        endStage(dir.resolve(FIGURE4), Figures.figure4(v), out, bar, buf, stdout);
        out.println();

        progress = bar.stage("figure 5: effective rewards");
        EffectiveRewards.Result e = EffectiveRewards.run(32, ToyCommand.DEFAULT_EFFECTIVE_KS, 4000, 20, seed, progress);
        out.println("2c. Figure 5: how each transform maps raw rewards (n=32, uniform on [-1/2, 1/2]), a few bins:");
        out.println("   raw reward      " + columns(e));
        for (int b : new int[] {0, 5, 10, 15, 19}) {
            StringBuilder row = new StringBuilder();
            for (EffectiveRewards.Curve c : e.curves()) {
                if (c.skipped() == null) {
                    row.append(String.format(" %+8.3f", c.mean()[b]));
                }
            }
            out.printf("   %+8.3f      %s%n", e.binCenters()[b], row);
        }
        out.println("   s alone lifts every reward by an offset that grows with k; the baselines centre it.");
        endStage(dir.resolve(FIGURE5), Figures.figure5(e), out, bar, buf, stdout);
        out.println();

        progress = bar.stage("training with k annealed 8 -> 1");
        Trainer.Config config = new Trainer.Config(SCHEDULE, Estimator.SLOO_MINUS_ONE, 16, 8, TRAIN_STEPS, 0.01, 0.5, seed, 5);
        out.printf("2d. Training theta by policy gradient with sloo_minus_one in the loop, k schedule %s (k=8, then k=1),%n",
                SCHEDULE);
        out.printf("   8 groups of n=16 per step, lr 0.01, from theta=0.5. Optima: k=8 %.4f, k=1 %.4f.%n",
                ExactCurves.standard().optimalTheta(8), ExactCurves.standard().optimalTheta(1));
        ToyReport.printTrainHeader(out);
        Trainer.Result t = Trainer.run(config, progress, p -> {
            if (p.step() % 50 == 0) {
                ToyReport.printTrainPoint(p, out);
            }
        });
        ToyReport.printTrainSummary(t, out);
        endStage(dir.resolve(TRAINING), Figures.training(t), out, bar, buf, stdout);
    }

    /** Saves the stage's plot and names it, closes the stage's bar line, then prints the stage's text. */
    private static void endStage(Path png, byte[] bytes, PrintStream out, ProgressBar bar, ByteArrayOutputStream buf,
            PrintStream stdout) throws IOException {
        ToyReport.writePng(png, bytes);
        out.println("   plot: " + png);
        bar.finish();
        flush(buf, stdout);
    }

    private static void flush(ByteArrayOutputStream buf, PrintStream stdout) {
        stdout.print(buf.toString(StandardCharsets.UTF_8));
        stdout.flush();
        buf.reset();
    }

    private static String columns(EffectiveRewards.Result e) {
        StringBuilder sb = new StringBuilder();
        for (EffectiveRewards.Curve c : e.curves()) {
            if (c.skipped() == null) {
                String name = switch (c.estimator()) {
                    case SLOO -> "sloo";
                    case SLOO_MINUS_ONE -> "slm1";
                    default -> c.estimator().wireName();
                };
                sb.append(String.format(" %8s", name + ":" + c.k()));
            }
        }
        return sb.toString();
    }
}
