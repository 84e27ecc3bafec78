package org.pkpo.cli.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.pkpo.DType;
import org.pkpo.Estimator;
import org.pkpo.Pkpo;
import org.pkpo.Transform;
import org.pkpo.cli.Args;
import org.pkpo.cli.CliException;
import org.pkpo.cli.Command;
import org.pkpo.cli.ProgressBar;
import org.pkpo.cli.toy.ToyDemo;
import org.pkpo.internal.bench.BenchmarkInput;
import org.pkpo.internal.bench.BenchmarkInput.Memory;

/**
 * {@code pkpo demo}: a worked example of every estimator on small groups and one batched call, then the paper's
 * toy experiment with tables and plots ({@link ToyDemo}).
 */
public final class DemoCommand implements Command {
    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "the first thing to run: a worked example, then the paper's toy experiment with tables and plots";
    }

    @Override
    public String usage() {
        return """
                usage: pkpo demo [--out DIR] [--seed S] [--trials N] [--quick]

                Part 1 is a worked example: pass@k from a group of 0/1 rewards, each PKPO transform of a group of
                real-valued rewards, and one batched call over 65,536 groups with its throughput.

                Part 2 reproduces the paper's toy experiment (section 5.1): the exact optimal policy per k
                (figure 1), the variance of six gradient estimators (figure 4, --trials estimates per n, default
                10,000), the effective rewards of s, sloo and sloo_minus_one (figure 5), and a short training
                run that anneals k from 8 to 1. Tables go to stdout, a progress bar to stderr, and PNG plots to
                --out (default ./pkpo-demo-out). Everything but the throughput is fixed by --seed (default 1).

                --quick runs a short demo (a few seconds less): 1,000 trials unless --trials says otherwise, and
                0.1 s of warm-up instead of 1.5 s before the throughput line, which then understates the
                kernels' speed.
                """;
    }

    @Override
    public Set<String> flagOptions() {
        return Set.of("quick");
    }

    @Override
    public void run(Args args, InputStream stdin, PrintStream out, PrintStream stderr) throws Exception {
        Path dir = Path.of(args.get("out", "pkpo-demo-out"));
        long seed = args.getLong("seed", 1);
        boolean quick = args.flag("quick");
        int trials = args.getInt("trials", quick ? 1_000 : 10_000);
        args.finish();
        if (trials < 2 || trials > 200_000) {
            throw CliException.usage("--trials must be in [2, 200000], got " + trials);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw CliException.usage("cannot create the output folder " + dir + ": " + e.getMessage());
        }
        long start = System.nanoTime();
        ProgressBar bar = ProgressBar.forStderr(stderr, 5);
        bar.stage("worked example");
        ByteArrayOutputStream part1 = new ByteArrayOutputStream();
        workedExample(new PrintStream(part1, true, StandardCharsets.UTF_8), quick ? 0.1 : 1.5);
        bar.finish();
        out.print(part1.toString(StandardCharsets.UTF_8));
        ToyDemo.run(dir, seed, trials, bar, out);
        out.println();
        out.printf("pkpo demo finished in %.1f s. Plots in %s:%n", (System.nanoTime() - start) / 1e9,
                dir.toAbsolutePath().normalize());
        for (String f : ToyDemo.FILES) {
            out.println("  " + dir.resolve(f));
        }
    }

    private static void workedExample(PrintStream out, double warmUpSeconds) {
        out.println("pkpo demo: Pass@k Policy Optimization reward transforms (kernels: " + Pkpo.kernels() + ")");
        out.println();
        out.println("PART 1. A worked example");
        out.println();

        double[] binary = {1, 0, 0, 1, 0, 0, 0, 0};
        out.println("1. Eight attempts at one problem, two correct: rewards " + row(binary, "%.0f"));
        out.println("   Unbiased pass@k (eq. 3 from counts; rho of eq. 12 from the rewards gives the same):");
        for (int k : new int[] {1, 2, 4, 8}) {
            out.printf("     k=%d  pass@k = %.6f   rho = %.6f%n", k, Pkpo.passAtK(8, 2, k), Pkpo.rho(k, binary));
        }
        double[] s = Pkpo.transform(Estimator.S, 4, binary);
        out.println("   Transformed rewards for k=4 (s, eq. 19): " + row(s, "%.4f"));
        out.printf("   Theorem 2: correct samples get k/n = %.4f, incorrect ones k/n * pass@(k-1) of the other 7 = %.4f%n",
                4.0 / 8, 4.0 / 8 * Pkpo.passAtK(7, 2, 3));
        out.println();

        double[] g = {0.10, 0.70, 0.35, 0.90, 0.20, 0.55, 0.05, 0.40};
        out.println("2. Eight continuous rewards: " + row(g, "%.2f"));
        out.printf("   max@k estimates: k=1 %.4f (the mean)  k=4 %.4f  k=8 %.4f (the max)%n",
                Pkpo.rho(1, g), Pkpo.rho(4, g), Pkpo.rho(8, g));
        out.println("   Transforms at k=4 (paper scale: they sum, times the score functions, to the gradient):");
        for (Estimator e : new Estimator[] {Estimator.S, Estimator.SLOO, Estimator.SLOO_MINUS_ONE}) {
            out.printf("     %-15s %s%n", e.wireName(), row(Pkpo.transform(e, 4, g), "%+.4f"));
        }
        out.printf("     %-15s %s   (k=1 baseline, eq. 26)%n", "loo", row(Pkpo.transform(Estimator.LOO, 1, g), "%+.4f"));
        out.println("   s has no baseline, so every sample is pushed up; sloo and sloo_minus_one subtract one, and");
        out.println("   the weight goes to the samples that raise the best of 4: diversity is rewarded.");
        out.println();

        int groups = 65536;
        int n = 16;
        float[] batch = BenchmarkInput.rewards(DType.F32, groups, n, 7, Memory.HEAP, null).toArray(ValueLayout.JAVA_FLOAT);
        float[] outBuf = new float[batch.length];
        Transform t = Transform.of(Estimator.SLOO_MINUS_ONE, 4);
        // The vector kernels run at a fraction of their speed until the JIT has compiled them (about a
        // second of calls): warm up on this very call for a fixed time, then report the median of several.
        long warmUntil = System.nanoTime() + (long) (warmUpSeconds * 1e9);
        while (System.nanoTime() < warmUntil) {
            t.apply(batch, n, outBuf);
        }
        long[] times = new long[15];
        for (int i = 0; i < times.length; i++) {
            long t0 = System.nanoTime();
            t.apply(batch, n, outBuf);
            times[i] = System.nanoTime() - t0;
        }
        java.util.Arrays.sort(times);
        double sec = times[times.length / 2] / 1e9;
        out.printf("3. One batched call: %,d groups x %d float32 rewards, sloo_minus_one k=4: %.2f ms, %.1f M rewards/s%n",
                groups, n, sec * 1e3, groups * (double) n / sec / 1e6);
        out.println("   (median of 15 calls after " + warmUpSeconds + " s of warm-up, kernels: " + Pkpo.kernels()
                + "; pkpo bench compares them with the scalar path and a plain copy)");
    }

    private static String row(double[] v, String fmt) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(fmt, v[i]));
        }
        return sb.append(']').toString();
    }
}
