package org.pkpo.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.SplittableRandom;
import org.pkpo.Estimator;
import org.pkpo.Pkpo;
import org.pkpo.Transform;

/** {@code pkpo demo}: a worked example of every estimator on small groups, then one batched call. */
final class DemoCommand implements Command {
    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "a worked example: pass@k estimates and every transform on small groups, then a batched call";
    }

    @Override
    public String usage() {
        return """
                usage: pkpo demo

                Prints a worked example: pass@k from a group of 0/1 rewards, each PKPO transform of a group of
                real-valued rewards, and one batched call over 65,536 groups with its throughput.
                """;
    }

    @Override
    public void run(Args args, InputStream stdin, PrintStream out, PrintStream stderr) throws CliException {
        args.finish();
        out.println("pkpo demo: Pass@k Policy Optimization reward transforms (kernels: " + Pkpo.kernels() + ")");
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
        SplittableRandom rnd = new SplittableRandom(7);
        float[] batch = new float[groups * n];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = (float) rnd.nextDouble();
        }
        float[] outBuf = new float[batch.length];
        Transform t = Transform.of(Estimator.SLOO_MINUS_ONE, 4);
        for (int i = 0; i < 5; i++) {
            t.apply(batch, n, outBuf);
        }
        long t0 = System.nanoTime();
        int reps = 5;
        for (int i = 0; i < reps; i++) {
            t.apply(batch, n, outBuf);
        }
        double sec = (System.nanoTime() - t0) / 1e9 / reps;
        out.printf("3. One batched call: %,d groups x %d float32 rewards, sloo_minus_one k=4: %.2f ms, %.1f M rewards/s%n",
                groups, n, sec * 1e3, groups * (double) n / sec / 1e6);
        out.println("   (measured here after a short warm-up; pkpo bench gives careful numbers)");
    }

    private static String row(double[] v, String fmt) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(fmt, v[i]));
        }
        return sb.append(']').toString();
    }
}
