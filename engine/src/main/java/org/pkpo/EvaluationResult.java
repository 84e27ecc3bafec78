package org.pkpo;

import java.util.List;

/**
 * The outcome of an {@link Evaluation}: one row per k, in increasing k.
 *
 * @param metric what was estimated
 * @param rows   one per k
 */
public record EvaluationResult(Metric metric, List<Row> rows) {
    /** The two-sided 95% normal quantile. */
    public static final double Z95 = 1.959963984540054;

    public EvaluationResult {
        rows = List.copyOf(rows);
    }

    /**
     * One k over all problems.
     *
     * @param k                     the k
     * @param problems              problems with n >= k: the estimate is their mean
     * @param refused               problems with n < k, left out (no unbiased estimate exists, Corollary 2)
     * @param withoutVariance       used problems with n < 2k, which have no unbiased variance estimate
     * @param estimate              the mean of the per-problem unbiased estimates; NaN when no problem is used
     * @param withinStandardError   sqrt(sum of the per-problem variance estimates) / problems: the problems
     *                              held fixed, only the samples random; sums over the problems that have a
     *                              variance estimate; NaN when none has
     * @param acrossStandardError   the sample standard deviation (n - 1 divisor) of the per-problem
     *                              estimates / sqrt(problems): the problems drawn from a population too;
     *                              NaN below two problems
     */
    public record Row(int k, long problems, long refused, long withoutVariance, double estimate,
            double withinStandardError, double acrossStandardError) {
        /** The lower end of the normal 95% interval from the across-problem standard error. */
        public double lower95() {
            return estimate - Z95 * acrossStandardError;
        }

        /** The upper end of the normal 95% interval from the across-problem standard error. */
        public double upper95() {
            return estimate + Z95 * acrossStandardError;
        }
    }
}
