package org.pkpo.toy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.pkpo.Estimator;
import org.pkpo.Scale;
import org.pkpo.Transform;

/**
 * Figure 5: groups of n raw rewards uniform on [-1/2, 1/2] are transformed, and the transformed rewards are
 * averaged within regularly spaced bins of the raw reward. The transforms are shown per sample (the paper's
 * weights times n, {@link Scale#PER_SAMPLE}), so that s at k = 1 is the identity and curves for different k
 * share an axis.
 */
public final class EffectiveRewards {
    /** The estimators of figure 5 (a), (b), (c). */
    public static final List<Estimator> ESTIMATORS = List.of(Estimator.S, Estimator.SLOO, Estimator.SLOO_MINUS_ONE);

    private EffectiveRewards() {
    }

    /** The binned curve of one estimator at one k; {@code skipped} is null when it ran. */
    public record Curve(Estimator estimator, int k, double[] mean, String skipped) {
    }

    public record Result(int n, int groups, long seed, double[] binCenters, List<Curve> curves) {
    }

    public static Result run(int n, int[] ks, int groups, int bins, long seed, Progress progress) {
        if (n < 2 || groups < 1 || bins < 1) {
            throw new IllegalArgumentException("need n >= 2, groups >= 1 and bins >= 1, got n=" + n + ", groups="
                    + groups + ", bins=" + bins);
        }
        SplittableRandom rnd = new SplittableRandom(Seeds.derive(seed, 2, n));
        double[] g = new double[Math.multiplyExact(groups, n)];
        for (int i = 0; i < g.length; i++) {
            g[i] = rnd.nextDouble() - 0.5;
        }
        int[] bin = new int[g.length];
        int[] count = new int[bins];
        for (int i = 0; i < g.length; i++) {
            bin[i] = Math.min(bins - 1, (int) ((g[i] + 0.5) * bins));
            count[bin[i]]++;
        }
        double[] centers = new double[bins];
        for (int b = 0; b < bins; b++) {
            centers[b] = -0.5 + (b + 0.5) / bins;
        }
        List<Curve> curves = new ArrayList<>();
        long total = (long) ESTIMATORS.size() * ks.length;
        long done = 0;
        for (Estimator e : ESTIMATORS) {
            for (int k : ks) {
                progress.update(done++, total, e.wireName() + " k=" + k);
                if (e.whyInvalid(k, n) != null) {
                    curves.add(new Curve(e, k, new double[0], e.wireName() + " cannot use k=" + k + " with n=" + n));
                    continue;
                }
                double[] w = Transform.of(e, k).scale(Scale.PER_SAMPLE).apply(g, n);
                double[] sum = new double[bins];
                for (int i = 0; i < w.length; i++) {
                    sum[bin[i]] += w[i];
                }
                for (int b = 0; b < bins; b++) {
                    sum[b] = count[b] == 0 ? Double.NaN : sum[b] / count[b];
                }
                curves.add(new Curve(e, k, sum, null));
            }
        }
        progress.update(total, total, "done");
        return new Result(n, groups, seed, centers, List.copyOf(curves));
    }
}
