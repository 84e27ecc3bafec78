package org.pkpo.toy;

import org.pkpo.Estimator;
import org.pkpo.Transform;

/**
 * The six max_g@k gradient estimators compared in figure 4 (described in its caption, appendix C). Each
 * turns a batch of groups of n raw rewards into per-sample weights w (paper scale), so that a group's
 * gradient estimate is sum_i w_i score_i. The first three are the engine's all-subsets transforms; the
 * partitioned ones split each group, in sample order, into n/k disjoint blocks of k and average over blocks.
 */
public enum GradientEstimator {
    /** Eq. 19, all subsets, no baseline. */
    S("s", "all subsets no baseline (s)"),
    /** Eq. 29, all subsets with the unbiased leave-one-out baseline. */
    SLOO("sloo", "all subsets baselined (sloo)"),
    /** Eq. 33, all subsets with the max_g@(k-1) leave-one-out baseline. */
    SLOO_MINUS_ONE("sloo_minus_one", "loo minus one all subsets (sloo_minus_one)"),
    /** Every sample of a block gets the block's maximum; blocks averaged. */
    NAIVE_PARTITIONED("naive_partitioned", "naive partitioned no baseline"),
    /** As {@link #NAIVE_PARTITIONED}, minus the mean of the other blocks' maxima. */
    NAIVE_PARTITIONED_BASELINED("naive_partitioned_baselined", "naive partitioned baselined"),
    /** sloo_minus_one applied to each block of k on its own (the method of [TZSM25]), blocks averaged. */
    LOO_MINUS_ONE_PARTITIONED("loo_minus_one_partitioned", "loo minus one partitioned");

    private final String wireName;
    private final String label;

    GradientEstimator(String wireName, String label) {
        this.wireName = wireName;
        this.label = label;
    }

    /** The name used on the command line and in JSON. */
    public String wireName() {
        return wireName;
    }

    /** The legend of figure 4. */
    public String label() {
        return label;
    }

    public boolean partitioned() {
        return ordinal() >= NAIVE_PARTITIONED.ordinal();
    }

    public static GradientEstimator fromName(String name) {
        for (GradientEstimator e : values()) {
            if (e.wireName.equalsIgnoreCase(name.trim().replace('-', '_'))) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown estimator '" + name + "'");
    }

    /** Why this estimator cannot run with k on groups of n, or {@code null} when it can. */
    public String whyInvalid(int k, int n) {
        if (k < 1 || k > n) {
            return "needs 1 <= k <= n, got k=" + k + ", n=" + n;
        }
        return switch (this) {
            case S -> null;
            case SLOO -> k < n ? null : "needs k < n (no size-k subset is left for the baseline), got k=n=" + n;
            case SLOO_MINUS_ONE -> n >= 2 ? null : "needs n >= 2, got n=" + n;
            case NAIVE_PARTITIONED -> n % k == 0 ? null : "needs n a multiple of k, got n=" + n + ", k=" + k;
            case NAIVE_PARTITIONED_BASELINED -> n % k == 0 && n >= 2 * k ? null
                    : "needs n a multiple of k with at least two blocks, got n=" + n + ", k=" + k;
            case LOO_MINUS_ONE_PARTITIONED -> n % k == 0 && k >= 2 ? null
                    : "needs n a multiple of k and k >= 2, got n=" + n + ", k=" + k;
        };
    }

    /**
     * The weights of {@code g.length / n} groups of n rewards, row-major. The all-subsets estimators (and the
     * per-block sloo_minus_one) go through the engine in a single batched call.
     */
    public double[] weights(double[] g, int n, int k) {
        String why = whyInvalid(k, n);
        if (why != null) {
            throw new IllegalArgumentException(wireName + " " + why);
        }
        return switch (this) {
            case S -> Transform.of(Estimator.S, k).apply(g, n);
            case SLOO -> Transform.of(Estimator.SLOO, k).apply(g, n);
            case SLOO_MINUS_ONE -> Transform.of(Estimator.SLOO_MINUS_ONE, k).apply(g, n);
            case NAIVE_PARTITIONED -> naive(g, n, k, false);
            case NAIVE_PARTITIONED_BASELINED -> naive(g, n, k, true);
            case LOO_MINUS_ONE_PARTITIONED -> {
                // Blocks of k are contiguous, so the batch is simply groups of k for the engine.
                double[] w = Transform.of(Estimator.SLOO_MINUS_ONE, k).apply(g, k);
                double blocks = n / k;
                for (int i = 0; i < w.length; i++) {
                    w[i] /= blocks;
                }
                yield w;
            }
        };
    }

    private static double[] naive(double[] g, int n, int k, boolean baseline) {
        int blocks = n / k;
        double[] w = new double[g.length];
        double[] max = new double[blocks];
        for (int start = 0; start < g.length; start += n) {
            double total = 0;
            for (int b = 0; b < blocks; b++) {
                double m = Double.NEGATIVE_INFINITY;
                for (int i = start + b * k; i < start + (b + 1) * k; i++) {
                    m = Math.max(m, g[i]);
                }
                max[b] = m;
                total += m;
            }
            for (int b = 0; b < blocks; b++) {
                double v = baseline ? max[b] - (total - max[b]) / (blocks - 1) : max[b];
                for (int i = start + b * k; i < start + (b + 1) * k; i++) {
                    w[i] = v / blocks;
                }
            }
        }
        return w;
    }
}
