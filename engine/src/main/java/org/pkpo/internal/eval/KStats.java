package org.pkpo.internal.eval;

/**
 * Running per-k totals over problems: how many were used, refused (n < k) and lacked a variance estimate
 * (k <= n < 2k); the compensated sums of the estimates and of their variance estimates; and Welford's
 * running mean and sum of squared deviations for the across-problem spread. Mergeable (Chan et al.), so
 * chunks can be accumulated apart. Mutable, allocation-free after construction. Internal: not part of the
 * supported API.
 */
public final class KStats {
    private final long[] used;
    private final long[] refused;
    private final long[] withoutVariance;
    private final NeumaierSum[] estimates;
    private final NeumaierSum[] variances;
    private final double[] mean;
    private final double[] m2;

    public KStats(int ks) {
        used = new long[ks];
        refused = new long[ks];
        withoutVariance = new long[ks];
        estimates = new NeumaierSum[ks];
        variances = new NeumaierSum[ks];
        for (int j = 0; j < ks; j++) {
            estimates[j] = new NeumaierSum();
            variances[j] = new NeumaierSum();
        }
        mean = new double[ks];
        m2 = new double[ks];
    }

    /** One problem's estimate at the j-th k, with its variance estimate or NaN when it has none. */
    public void add(int j, double estimate, double variance) {
        long count = ++used[j];
        estimates[j].add(estimate);
        if (Double.isNaN(variance)) {
            withoutVariance[j]++;
        } else {
            variances[j].add(variance);
        }
        double delta = estimate - mean[j];
        mean[j] += delta / count;
        m2[j] += delta * (estimate - mean[j]);
    }

    /** One problem with fewer samples than the j-th k: left out of that k's mean, and counted. */
    public void refuse(int j) {
        refused[j]++;
    }

    public void merge(KStats o) {
        for (int j = 0; j < used.length; j++) {
            long a = used[j];
            long b = o.used[j];
            if (b > 0) {
                double delta = o.mean[j] - mean[j];
                long total = a + b;
                mean[j] += delta * b / total;
                m2[j] += o.m2[j] + delta * delta * ((double) a * b / total);
            }
            used[j] += b;
            refused[j] += o.refused[j];
            withoutVariance[j] += o.withoutVariance[j];
            estimates[j].add(o.estimates[j]);
            variances[j].add(o.variances[j]);
        }
    }

    public void reset() {
        for (int j = 0; j < used.length; j++) {
            used[j] = 0;
            refused[j] = 0;
            withoutVariance[j] = 0;
            estimates[j].reset();
            variances[j].reset();
            mean[j] = 0;
            m2[j] = 0;
        }
    }

    public long used(int j) {
        return used[j];
    }

    public long refused(int j) {
        return refused[j];
    }

    public long withoutVariance(int j) {
        return withoutVariance[j];
    }

    /** The mean of the estimates; NaN when no problem was used. */
    public double mean(int j) {
        return used[j] == 0 ? Double.NaN : estimates[j].value() / used[j];
    }

    /** sqrt(sum of the variance estimates) / problems used; NaN when none had a variance estimate. */
    public double withinStandardError(int j) {
        long with = used[j] - withoutVariance[j];
        double sum = variances[j].value();
        // Each V is >= 0 for pass@k and pass^k; a negative total (possible in principle for max@k, an
        // unbiased estimate is not always non-negative) has no square root: NaN, not a made-up clamp.
        return with == 0 || sum < 0 ? Double.NaN : Math.sqrt(sum) / used[j];
    }

    /** The sample standard deviation (n - 1 divisor) of the estimates over sqrt(problems); NaN below 2. */
    public double acrossStandardError(int j) {
        long count = used[j];
        return count < 2 ? Double.NaN : Math.sqrt(Math.max(m2[j], 0) / (count - 1) / count);
    }
}
