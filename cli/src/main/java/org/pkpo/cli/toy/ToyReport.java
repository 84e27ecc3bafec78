package org.pkpo.cli.toy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pkpo.Estimator;
import org.pkpo.cli.format.Io;
import org.pkpo.toy.EffectiveRewards;
import org.pkpo.toy.ExactCurves;
import org.pkpo.toy.GradientEstimator;
import org.pkpo.toy.Trainer;
import org.pkpo.toy.VarianceExperiment;

/**
 * Text tables, JSON objects and saved plots for the toy experiment's results, shared by {@code pkpo toy} and
 * the demo.
 */
final class ToyReport {
    private ToyReport() {
    }

    /** Saves a plot from {@link org.pkpo.toy.Figures}, creating its folder if needed, atomically. */
    static void writePng(Path png, byte[] bytes) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Io.writeAtomically(png, bytes);
    }

    // ---- figure 1 -----------------------------------------------------------------------------------

    static void printOptima(int[] ks, PrintStream out) {
        ExactCurves exact = ExactCurves.standard();
        out.println("   k   optimal theta   max_g@k there   max_g@k at theta=1   d/dtheta max_g@k at theta=1");
        for (int k : ks) {
            double opt = exact.optimalTheta(k);
            out.printf("  %2d   %13.6f   %13.6f   %18.6f   %27.6f%n", k, opt, exact.maxAtK(opt, k), exact.maxAtK(1, k),
                    exact.gradient(1, k));
        }
    }

    static Map<String, Object> optimaJson(int[] ks) {
        ExactCurves exact = ExactCurves.standard();
        List<Object> rows = new ArrayList<>();
        for (int k : ks) {
            double opt = exact.optimalTheta(k);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("k", k);
            r.put("optimal_theta", opt);
            r.put("max_g_at_k", exact.maxAtK(opt, k));
            rows.add(r);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", "optima");
        m.put("sigma", 0.1);
        m.put("optima", rows);
        return m;
    }

    // ---- figure 4 -----------------------------------------------------------------------------------

    /** Prints the variance table, the mean table, and the flags; returns how many cells were flagged. */
    static int printVariance(VarianceExperiment.Result r, PrintStream out) {
        double exact = r.exactGradient();
        out.printf("Exact gradient d/dtheta max_g@%d at theta=%s: %.6f (quadrature, no sampling)%n", r.k(), num(r.theta()),
                exact);
        out.println();
        out.printf("Variance of %,d gradient estimates (lower is better):%n", r.trials());
        header(r, out);
        for (GradientEstimator e : r.estimators()) {
            out.printf("  %-28s", e.wireName());
            for (int n : r.ns()) {
                VarianceExperiment.Cell c = r.cell(e, n);
                out.printf(" %11s", c.skipped() != null ? "-" : sig(c.variance()));
            }
            out.println();
        }
        out.println();
        out.printf("Mean of the estimates (exact %.4f); * marks a mean more than %.0f standard errors from it:%n", exact,
                VarianceExperiment.FLAG_STANDARD_ERRORS);
        header(r, out);
        int flagged = 0;
        List<String> notes = new ArrayList<>();
        for (GradientEstimator e : r.estimators()) {
            out.printf("  %-28s", e.wireName());
            for (int n : r.ns()) {
                VarianceExperiment.Cell c = r.cell(e, n);
                if (c.skipped() != null) {
                    out.printf(" %11s", "-");
                    notes.add(e.wireName() + " at n=" + n + ": " + c.skipped());
                } else {
                    boolean flag = c.flagged(exact);
                    flagged += flag ? 1 : 0;
                    out.printf(" %10.4f%s", c.mean(), flag ? "*" : " ");
                }
            }
            out.println();
        }
        out.println();
        if (flagged == 0) {
            out.printf("All means are within %.0f standard errors of the exact gradient.%n", VarianceExperiment.FLAG_STANDARD_ERRORS);
        } else {
            out.printf("FLAGGED: %d mean(s) further than %.0f standard errors from the exact gradient (marked *).%n", flagged,
                    VarianceExperiment.FLAG_STANDARD_ERRORS);
        }
        for (String note : notes) {
            out.println("  skipped " + note);
        }
        return flagged;
    }

    private static void header(VarianceExperiment.Result r, PrintStream out) {
        out.printf("  %-28s", "estimator");
        for (int n : r.ns()) {
            out.printf(" %11s", "n=" + n);
        }
        out.println();
    }

    static Map<String, Object> varianceJson(VarianceExperiment.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", "variance");
        m.put("theta", r.theta());
        m.put("k", r.k());
        m.put("trials", r.trials());
        m.put("seed", r.seed());
        m.put("exact_gradient", r.exactGradient());
        m.put("flag_standard_errors", VarianceExperiment.FLAG_STANDARD_ERRORS);
        List<Object> rows = new ArrayList<>();
        for (VarianceExperiment.Cell c : r.cells()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("estimator", c.estimator().wireName());
            row.put("n", c.n());
            if (c.skipped() != null) {
                row.put("skipped", c.skipped());
            } else {
                row.put("mean", c.mean());
                row.put("variance", c.variance());
                row.put("standard_error", c.standardError());
                row.put("z", c.zScore(r.exactGradient()));
                row.put("flagged", c.flagged(r.exactGradient()));
            }
            rows.add(row);
        }
        m.put("results", rows);
        return m;
    }

    // ---- figure 5 -----------------------------------------------------------------------------------

    static void printEffective(EffectiveRewards.Result r, PrintStream out) {
        out.printf("Mean transformed reward (paper weight x n) per raw-reward bin; n=%d, %,d groups of rewards uniform on [-1/2, 1/2]%n",
                r.n(), r.groups());
        List<EffectiveRewards.Curve> shown = new ArrayList<>();
        out.printf("  %7s", "raw");
        for (EffectiveRewards.Curve c : r.curves()) {
            if (c.skipped() == null) {
                shown.add(c);
                out.printf(" %9s", abbreviation(c.estimator()) + ":" + c.k());
            }
        }
        out.println();
        for (int b = 0; b < r.binCenters().length; b++) {
            out.printf("  %+7.3f", r.binCenters()[b]);
            for (EffectiveRewards.Curve c : shown) {
                out.printf(" %+9.4f", c.mean()[b]);
            }
            out.println();
        }
        out.println("  (s = s, eq. 19; sl = sloo, eq. 29; sm1 = sloo_minus_one, eq. 33; the number is k)");
        for (EffectiveRewards.Curve c : r.curves()) {
            if (c.skipped() != null) {
                out.println("  skipped " + c.skipped());
            }
        }
    }

    private static String abbreviation(Estimator e) {
        return switch (e) {
            case SLOO -> "sl";
            case SLOO_MINUS_ONE -> "sm1";
            default -> e.wireName();
        };
    }

    static Map<String, Object> effectiveJson(EffectiveRewards.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", "effective");
        m.put("n", r.n());
        m.put("groups", r.groups());
        m.put("seed", r.seed());
        m.put("scale", "per_sample");
        m.put("bin_centers", r.binCenters());
        List<Object> curves = new ArrayList<>();
        for (EffectiveRewards.Curve c : r.curves()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("estimator", c.estimator().wireName());
            row.put("k", c.k());
            if (c.skipped() != null) {
                row.put("skipped", c.skipped());
            } else {
                row.put("mean_transformed", c.mean());
            }
            curves.add(row);
        }
        m.put("curves", curves);
        return m;
    }

    // ---- training -----------------------------------------------------------------------------------

    static void printTrainHeader(PrintStream out) {
        out.println("   step    k       theta   max_g@k(theta)   optimal theta for k");
    }

    static void printTrainPoint(Trainer.Point p, PrintStream out) {
        out.printf("  %5d   %2d   %9.5f   %14.6f   %19.5f%n", p.step(), p.k(), p.theta(), p.maxAtK(),
                ExactCurves.standard().optimalTheta(p.k()));
    }

    static void printTrainSummary(Trainer.Result r, PrintStream out) {
        ExactCurves exact = ExactCurves.standard();
        double best = exact.maxAtK(r.optimalTheta(), r.finalK());
        out.printf("Final theta %.5f for k=%d: optimum %.5f (|gap| %.5f); max_g@%d %.6f of a possible %.6f%n",
                r.finalTheta(), r.finalK(), r.optimalTheta(), Math.abs(r.finalTheta() - r.optimalTheta()), r.finalK(),
                exact.maxAtK(r.finalTheta(), r.finalK()), best);
    }

    static Map<String, Object> trainJson(Trainer.Result r) {
        Trainer.Config c = r.config();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", "train");
        m.put("estimator", c.estimator().wireName());
        m.put("k_schedule", c.schedule().toString());
        m.put("n", c.n());
        m.put("groups", c.groups());
        m.put("steps", c.steps());
        m.put("lr", c.lr());
        m.put("theta0", c.theta0());
        m.put("seed", c.seed());
        List<Object> points = new ArrayList<>();
        for (Trainer.Point p : r.trajectory()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("step", p.step());
            row.put("k", p.k());
            row.put("theta", p.theta());
            row.put("max_g_at_k", p.maxAtK());
            points.add(row);
        }
        m.put("trajectory", points);
        m.put("final_theta", r.finalTheta());
        m.put("final_k", r.finalK());
        m.put("optimal_theta", r.optimalTheta());
        return m;
    }

    /** A number as typed: 1 rather than 1.0. */
    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** Four significant digits, without exponent noise for ordinary magnitudes. */
    static String sig(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return Double.toString(v);
        }
        double a = Math.abs(v);
        if (a >= 1e5 || a < 1e-3) {
            return String.format("%.3e", v);
        }
        int decimals = Math.max(0, 3 - (int) Math.floor(Math.log10(a)));
        return String.format("%." + decimals + "f", v);
    }
}
