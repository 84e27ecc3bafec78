package org.pkpo;

import static org.pkpo.internal.call.CallChecks.nonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pkpo.internal.eval.DoubleSort;
import org.pkpo.internal.eval.IdGrouping;
import org.pkpo.internal.eval.KStats;
import org.pkpo.internal.eval.MaxAtK;
import org.pkpo.internal.eval.RatioWalk;

/**
 * Model evaluation from n samples per problem: pass@k, pass^k or max@k for several k at once, each with
 * an unbiased standard error.
 *
 * <p>Per problem, the estimate for every k comes from one pass (O(max k) from counts, O(n log n + n K)
 * from rewards) together with the unbiased estimate of its own sampling variance: these estimators are
 * U-statistics (paper, section A.2), and the average over disjoint pairs of k-subsets of the product of the
 * kernels is an unbiased estimate of the square of the estimand, so V = estimate^2 - that average is
 * unbiased for the variance. It exists only for n >= 2k (below, the variance is a polynomial of too high a
 * degree for n samples, as in Corollary 2): such problems count in the mean but are reported as lacking a
 * variance. A problem with n < k has no unbiased estimate at all: it is left out of that k and counted.
 *
 * <p>Over problems, {@link EvaluationResult.Row} gives the mean, the standard error from the per-problem
 * variances (problems fixed, samples random) and the usual standard error across problems.
 *
 * <pre>{@code
 * Evaluation eval = Evaluation.of(Metric.PASS, 1, 2, 4, 8, 16);          // immutable, thread-safe
 * EvaluationResult r = eval.counts(n, c);                                 // long[] n, c: one per problem
 * Evaluation.Accumulator acc = eval.accumulator();                        // per thread; no allocation when warm
 * acc.addGroups(rewards, 16);                                             // 0/1 rewards, problems x 16, row-major
 * acc.addCounts(n, c);
 * acc.addById(problemIds, rewards);                                     // log rows in any order
 * EvaluationResult total = acc.result();
 * }</pre>
 *
 * <p>Bad input is a {@link PkpoException} thrown before anything is accumulated.
 */
public final class Evaluation {
    private final Metric metric;
    private final int[] ks;
    private final double threshold;

    private Evaluation(Metric metric, int[] ks, double threshold) {
        this.metric = metric;
        this.ks = ks;
        this.threshold = threshold;
    }

    /** An evaluation of {@code metric} at each k (any order, duplicates ignored; reported in increasing k). */
    public static Evaluation of(Metric metric, int... ks) {
        nonNull(metric, "metric");
        nonNull(ks, "ks");
        if (ks.length == 0) {
            throw new PkpoException(PkpoException.Reason.BAD_K, "at least one k is needed");
        }
        int[] sorted = Arrays.stream(ks).sorted().distinct().toArray();
        if (sorted[0] < 1) {
            throw new PkpoException(PkpoException.Reason.BAD_K, "every k must be >= 1, got k=" + sorted[0]);
        }
        return new Evaluation(metric, sorted, Double.NaN);
    }

    /** k = 1, 2, 4, ... up to {@code maxN} (at least k = 1): the usual pass@k curve. */
    public static Evaluation powersOfTwo(Metric metric, long maxN) {
        List<Integer> ks = new ArrayList<>();
        for (long k = 1; k <= Math.max(1, maxN) && k <= Integer.MAX_VALUE; k *= 2) {
            ks.add((int) k);
        }
        return of(metric, ks.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * A copy that counts a reward {@code >= t} as correct (pass@k and pass^k from real-valued rewards).
     * Without a threshold those metrics accept only rewards 0 and 1.
     */
    public Evaluation threshold(double t) {
        if (metric == Metric.MAX) {
            throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT,
                    "a threshold turns rewards into 0/1, which makes max@k pass@k: use Metric.PASS");
        }
        if (Double.isNaN(t)) {
            throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "threshold must not be NaN");
        }
        return new Evaluation(metric, ks, t);
    }

    public Metric metric() {
        return metric;
    }

    /** The k values, increasing. */
    public int[] ks() {
        return ks.clone();
    }

    /** The threshold, or NaN when there is none. */
    public double threshold() {
        return threshold;
    }

    /** A new accumulator for this evaluation (one per thread). */
    public Accumulator accumulator() {
        return new Accumulator(this);
    }

    /** The evaluation of problems given as counts: n[i] samples, c[i] of them correct. */
    public EvaluationResult counts(long[] n, long[] c) {
        Accumulator acc = accumulator();
        acc.addCounts(n, c);
        return acc.result();
    }

    /** The evaluation of problems given as rewards, {@code groupSize} per problem, row-major. */
    public EvaluationResult groups(double[] rewards, int groupSize) {
        Accumulator acc = accumulator();
        acc.addGroups(rewards, groupSize);
        return acc.result();
    }

    /** The evaluation of problems given as rewards; problem g is {@code rewards[offsets[g], offsets[g+1])}. */
    public EvaluationResult ragged(double[] rewards, int[] offsets) {
        Accumulator acc = accumulator();
        acc.addRagged(rewards, offsets);
        return acc.result();
    }

    /**
     * Running totals for one {@link Evaluation}, and per-problem scores. Mutable and not thread-safe: use one
     * per thread and {@link #merge} them. Once it has seen its largest group, nothing it does allocates,
     * except {@link #result()}.
     */
    public static final class Accumulator {
        /** Counts forms with n up to this are scored once per (n, c) and then looked up. */
        private static final int CACHE_MAX_N = 256;

        private final Evaluation eval;
        private final int[] ks;
        private final KStats stats;
        private final RatioWalk walk = new RatioWalk();
        private final double[] rowEstimate;
        private final double[] rowVariance;
        private final double[][] cache = new double[CACHE_MAX_N + 1][];
        private double[] sorted = new double[0];
        private double[] sortScratch = new double[0];
        private final IdGrouping byId = new IdGrouping();

        private Accumulator(Evaluation eval) {
            this.eval = eval;
            this.ks = eval.ks;
            stats = new KStats(ks.length);
            rowEstimate = new double[ks.length];
            rowVariance = new double[ks.length];
        }

        public Evaluation evaluation() {
            return eval;
        }

        /** One problem: n samples, c correct. */
        public void addCounts(long n, long c) {
            PkpoException bad = checkCounts(n, c);
            if (bad != null) {
                throw bad;
            }
            accumulateCounts(n, c);
        }

        /** Many problems as counts; all are checked before any is added. */
        public void addCounts(long[] n, long[] c) {
            nonNull(n, "n");
            nonNull(c, "c");
            if (n.length != c.length) {
                throw new PkpoException(PkpoException.Reason.BUFFER_TOO_SMALL,
                        "n and c must have equal lengths, got " + n.length + " and " + c.length);
            }
            for (int i = 0; i < n.length; i++) {
                PkpoException bad = checkCounts(n[i], c[i]);
                if (bad != null) {
                    throw new PkpoException(bad.reason(), "problem " + i + ": " + bad.getMessage());
                }
            }
            for (int i = 0; i < n.length; i++) {
                accumulateCounts(n[i], c[i]);
            }
        }

        /** One problem given by its rewards {@code rewards[from, to)}. */
        public void addGroup(double[] rewards, int from, int to) {
            nonNull(rewards, "rewards");
            checkRange(rewards, from, to, "group");
            checkRewards(rewards, from, to, -1);
            accumulateGroup(rewards, from, to);
        }

        /** Problems of {@code groupSize} rewards each, row-major; all are checked before any is added. */
        public void addGroups(double[] rewards, int groupSize) {
            nonNull(rewards, "rewards");
            if (groupSize < 1 || rewards.length % groupSize != 0) {
                throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "groupSize must be >= 1 and divide "
                        + "rewards.length, got groupSize=" + groupSize + ", rewards.length=" + rewards.length);
            }
            int groups = rewards.length / groupSize;
            for (int g = 0; g < groups; g++) {
                checkRewards(rewards, g * groupSize, (g + 1) * groupSize, g);
            }
            for (int g = 0; g < groups; g++) {
                accumulateGroup(rewards, g * groupSize, (g + 1) * groupSize);
            }
        }

        /** Problems of varying size: problem g is {@code rewards[offsets[g], offsets[g+1])}. */
        public void addRagged(double[] rewards, int[] offsets) {
            nonNull(rewards, "rewards");
            nonNull(offsets, "offsets");
            if (offsets.length < 1 || offsets[0] < 0) {
                throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT,
                        "offsets needs groups + 1 entries starting at >= 0, got " + Arrays.toString(offsets));
            }
            for (int g = 0; g + 1 < offsets.length; g++) {
                if (offsets[g + 1] < offsets[g] || offsets[g + 1] > rewards.length) {
                    throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "offsets must not decrease and "
                            + "stay within rewards.length=" + rewards.length + ", got offsets[" + g + "]="
                            + offsets[g] + ", offsets[" + (g + 1) + "]=" + offsets[g + 1]);
                }
                checkRewards(rewards, offsets[g], offsets[g + 1], g);
            }
            for (int g = 0; g + 1 < offsets.length; g++) {
                accumulateGroup(rewards, offsets[g], offsets[g + 1]);
            }
        }

        /**
         * Rows labelled by problem id, in any order ({@code rewards[i]} belongs to problem {@code ids[i]}), as
         * evaluation logs come: rows with the same id form one problem. All are checked before any is added.
         */
        public void addById(long[] ids, double[] rewards) {
            nonNull(ids, "ids");
            nonNull(rewards, "rewards");
            if (ids.length != rewards.length) {
                throw new PkpoException(PkpoException.Reason.BUFFER_TOO_SMALL,
                        "ids and rewards must have equal lengths, got " + ids.length + " and " + rewards.length);
            }
            for (int i = 0; i < rewards.length; i++) {
                if (!acceptable(rewards[i])) {
                    throw badReward(rewards[i], "row " + i + " (problem " + ids[i] + "): ");
                }
            }
            byId.group(ids, rewards);
            int[] offsets = byId.offsets();
            double[] values = byId.values();
            for (int g = 0; g < byId.problems(); g++) {
                accumulateGroup(values, offsets[g], offsets[g + 1]);
            }
        }

        /** Whether this metric takes the reward: finite, and 0 or 1 for pass and pass^k without a threshold. */
        private boolean acceptable(double r) {
            return Double.isFinite(r)
                    && (eval.metric == Metric.MAX || !Double.isNaN(eval.threshold) || r == 0.0 || r == 1.0);
        }

        /** The error for a reward that is not {@link #acceptable}, its location first. */
        private PkpoException badReward(double r, String where) {
            if (!Double.isFinite(r)) {
                return new PkpoException(PkpoException.Reason.NON_FINITE, where + "reward " + r + " is not finite");
            }
            return new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, where + eval.metric.cliName()
                    + "@k needs 0/1 rewards (or a threshold), got " + r);
        }

        /**
         * The per-k scores of one problem from counts, without accumulating: {@code estimate[j]} and
         * {@code variance[j]} for the j-th k; the estimate is NaN when n < k, the variance when n < 2k.
         */
        public void scoreCounts(long n, long c, double[] estimate, double[] variance) {
            PkpoException bad = checkCounts(n, c);
            if (bad != null) {
                throw bad;
            }
            checkOut(estimate, variance);
            score(n, c, estimate, variance);
        }

        /** As {@link #scoreCounts} for one problem given by its rewards {@code rewards[from, to)}. */
        public void scoreGroup(double[] rewards, int from, int to, double[] estimate, double[] variance) {
            nonNull(rewards, "rewards");
            checkRange(rewards, from, to, "group");
            checkRewards(rewards, from, to, -1);
            checkOut(estimate, variance);
            scoreGroupUnchecked(rewards, from, to, estimate, variance);
        }

        /** Adds another accumulator of the same evaluation. */
        public void merge(Accumulator other) {
            if (other.eval.metric != eval.metric || !Arrays.equals(other.ks, ks)) {
                throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT,
                        "can only merge accumulators of the same metric and k values");
            }
            stats.merge(other.stats);
        }

        public void reset() {
            stats.reset();
        }

        /** The totals so far. */
        public EvaluationResult result() {
            List<EvaluationResult.Row> rows = new ArrayList<>(ks.length);
            for (int j = 0; j < ks.length; j++) {
                rows.add(new EvaluationResult.Row(ks[j], stats.used(j), stats.refused(j), stats.withoutVariance(j),
                        stats.mean(j), stats.withinStandardError(j), stats.acrossStandardError(j)));
            }
            return new EvaluationResult(eval.metric, rows);
        }

        private void accumulateCounts(long n, long c) {
            if (n <= CACHE_MAX_N) {
                double[] row = cached((int) n);
                int offset = (int) c * 2 * ks.length;
                add(n, row, offset, row, offset + ks.length);
            } else {
                score(n, c, rowEstimate, rowVariance);
                add(n, rowEstimate, 0, rowVariance, 0);
            }
        }

        private void add(long n, double[] est, int estOffset, double[] var, int varOffset) {
            for (int j = 0; j < ks.length; j++) {
                if (ks[j] > n) {
                    stats.refuse(j);
                } else {
                    stats.add(j, est[estOffset + j], var[varOffset + j]);
                }
            }
        }

        /** For each c in 0..n: the estimates then the variances, 2 K values per c. */
        private double[] cached(int n) {
            double[] row = cache[n];
            if (row == null) {
                int width = ks.length;
                row = new double[(n + 1) * 2 * width];
                for (int c = 0; c <= n; c++) {
                    score(n, c, rowEstimate, rowVariance);
                    System.arraycopy(rowEstimate, 0, row, c * 2 * width, width);
                    System.arraycopy(rowVariance, 0, row, c * 2 * width + width, width);
                }
                cache[n] = row;
            }
            return row;
        }

        private void score(long n, long c, double[] estimate, double[] variance) {
            boolean hat = eval.metric == Metric.PASS_HAT;
            walk.reset(n, hat ? c : n - c);
            for (int j = 0; j < ks.length; j++) {
                int k = ks[j];
                if (k > n) {
                    estimate[j] = Double.NaN;
                    variance[j] = Double.NaN;
                    continue;
                }
                while (walk.k() < k) {
                    walk.advance();
                }
                estimate[j] = hat ? walk.a() : walk.oneMinusA();
                variance[j] = walk.variance();
            }
        }

        private void accumulateGroup(double[] rewards, int from, int to) {
            if (eval.metric == Metric.MAX) {
                scoreGroupUnchecked(rewards, from, to, rowEstimate, rowVariance);
                add(to - from, rowEstimate, 0, rowVariance, 0);
            } else {
                accumulateCounts(to - from, correct(rewards, from, to));
            }
        }

        private void scoreGroupUnchecked(double[] rewards, int from, int to, double[] estimate, double[] variance) {
            int n = to - from;
            if (eval.metric != Metric.MAX) {
                score(n, correct(rewards, from, to), estimate, variance);
                return;
            }
            if (sorted.length < n) {
                sorted = new double[Math.max(n, 2 * sorted.length)];
                sortScratch = new double[sorted.length];
            }
            System.arraycopy(rewards, from, sorted, 0, n);
            DoubleSort.sort(sorted, sortScratch, n);
            for (int j = 0; j < ks.length; j++) {
                int k = ks[j];
                if (k > n) {
                    estimate[j] = Double.NaN;
                    variance[j] = Double.NaN;
                } else {
                    estimate[j] = MaxAtK.estimate(sorted, 0, n, k);
                    variance[j] = MaxAtK.variance(sorted, 0, n, k, estimate[j]);
                }
            }
        }

        private long correct(double[] rewards, int from, int to) {
            long c = 0;
            boolean byThreshold = !Double.isNaN(eval.threshold);
            for (int i = from; i < to; i++) {
                c += (byThreshold ? rewards[i] >= eval.threshold : rewards[i] == 1.0) ? 1 : 0;
            }
            return c;
        }

        private static PkpoException checkCounts(long n, long c) {
            if (n < 0 || c < 0 || c > n) {
                return new PkpoException(PkpoException.Reason.INVALID_ARGUMENT,
                        "counts need 0 <= c <= n, got n=" + n + ", c=" + c);
            }
            return null;
        }

        /** Checks one group's rewards; {@code group} is its index for the message, or -1 for a single group. */
        private void checkRewards(double[] rewards, int from, int to, int group) {
            for (int i = from; i < to; i++) {
                if (!acceptable(rewards[i])) {
                    throw badReward(rewards[i], where(group) + "position " + (i - from) + ": ");
                }
            }
        }

        private static String where(int group) {
            return group < 0 ? "" : "group " + group + ", ";
        }

        private static void checkRange(double[] rewards, int from, int to, String what) {
            if (from < 0 || to < from || to > rewards.length) {
                throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, what + " range [" + from + ", " + to
                        + ") is not within rewards.length=" + rewards.length);
            }
        }

        private void checkOut(double[] estimate, double[] variance) {
            nonNull(estimate, "estimate");
            nonNull(variance, "variance");
            if (estimate.length < ks.length || variance.length < ks.length) {
                throw new PkpoException(PkpoException.Reason.BUFFER_TOO_SMALL, "estimate and variance need "
                        + ks.length + " entries (one per k), got " + estimate.length + " and " + variance.length);
            }
        }
    }
}
