package org.pkpo.internal.math;

import org.pkpo.Estimator;
import org.pkpo.PkpoException;
import org.pkpo.Scale;

/**
 * Everything a kernel needs to know about one (estimator, k, scale), derived once: the one place where the
 * estimators differ. Kernels execute plans and never switch on {@link Estimator}. For a group of n rewards
 * sorted ascending into x (equation numbers from the PKPO paper):
 *
 * <ul>
 *   <li>{@link Shape#PER_GROUP}: one value, rho_k(x) = sum_i w_i x_i (eq. 12), weights {@link Weights#of}(n, k).</li>
 *   <li>{@link Shape#ORDER_FREE}: y_i = x_i - mean_{j != i} x_j (eq. 26), needs no sort.</li>
 *   <li>{@link Shape#SORTED}: y = s_k(x) (eq. 19-21 by the recursion of eq. 47); then, when
 *       {@link #baselineK()} > 0, y_i -= {@link #baselineCoefficient}(n) * rho_{baselineK}(x without x_i)
 *       (the leave-one-out baselines of eq. 29 and eq. 33, by the recursion of eq. 32).</li>
 * </ul>
 *
 * Then every per-sample output goes through {@link #scaleStep()}. Adding an estimator means one enum constant,
 * one case in {@link #of} and one in {@link #rule}, and its tests.
 */
public final class EstimatorPlan {
    /** How the outputs of a group are computed. */
    public enum Shape {
        PER_GROUP, ORDER_FREE, SORTED
    }

    /** The last step on every per-sample output. */
    public enum ScaleStep {
        NONE, MULTIPLY_BY_N, DIVIDE_BY_N
    }

    private final Estimator estimator;
    private final int k;
    private final Scale scale;
    private final Shape shape;
    private final int baselineK;
    private final int baselineDenominatorLess;
    private final ScaleStep scaleStep;

    private EstimatorPlan(Estimator estimator, int k, Scale scale, Shape shape, int baselineK,
            int baselineDenominatorLess, ScaleStep scaleStep) {
        this.estimator = estimator;
        this.k = k;
        this.scale = scale;
        this.shape = shape;
        this.baselineK = baselineK;
        this.baselineDenominatorLess = baselineDenominatorLess;
        this.scaleStep = scaleStep;
    }

    /** The plan of (estimator, k, scale); a k that no group size can take is a {@code BAD_K} error. */
    public static EstimatorPlan of(Estimator estimator, int k, Scale scale) {
        if (estimator == null || scale == null) {
            throw new PkpoException(PkpoException.Reason.NULL_POINTER, estimator == null ? "estimator is null" : "scale is null");
        }
        if (k < 1) {
            throw new PkpoException(PkpoException.Reason.BAD_K, "k must be >= 1, got " + k);
        }
        if (rule(estimator).onlyKOne && k != 1) {
            throw new PkpoException(PkpoException.Reason.BAD_K, estimator.wireName() + " has no k: use k = 1, got " + k);
        }
        ScaleStep perSample = scale == Scale.PER_SAMPLE ? ScaleStep.MULTIPLY_BY_N : ScaleStep.NONE;
        return switch (estimator) {
            case RHO -> new EstimatorPlan(estimator, k, scale, Shape.PER_GROUP, 0, 0, ScaleStep.NONE);
            case S -> new EstimatorPlan(estimator, k, scale, Shape.SORTED, 0, 0, perSample);
            // Eq. 29 with the inner sum normalised over the n-1 remaining samples: k/(n-1) * rho_k(x without x_i).
            case SLOO -> new EstimatorPlan(estimator, k, scale, Shape.SORTED, k, 1, perSample);
            // At k = 1, (g_i - mean of the others) / n in the paper's scale: eq. 26 in the convention of eq. 33.
            case SLOO_MINUS_ONE -> k == 1
                    ? new EstimatorPlan(estimator, k, scale, Shape.ORDER_FREE, 0, 0,
                            scale == Scale.PAPER ? ScaleStep.DIVIDE_BY_N : ScaleStep.NONE)
                    // Eq. 33-34: k/n * rho_{k-1}(x without x_i).
                    : new EstimatorPlan(estimator, k, scale, Shape.SORTED, k - 1, 0, perSample);
            // Eq. 26 is already per sample: the scale does not change it.
            case LOO -> new EstimatorPlan(estimator, k, scale, Shape.ORDER_FREE, 0, 0, ScaleStep.NONE);
        };
    }

    /** Which (k, n) an estimator accepts, and how to say why a pair is refused. */
    private record Rule(boolean kBelowN, int minN, boolean onlyKOne, String requirement) {
    }

    /** The rules, one per estimator, made once: whyInvalid runs on every call and should allocate nothing. */
    private static final Rule[] RULES = new Rule[Estimator.values().length];

    static {
        for (Estimator e : Estimator.values()) {
            RULES[e.ordinal()] = makeRule(e);
        }
    }

    private static Rule rule(Estimator estimator) {
        return RULES[estimator.ordinal()];
    }

    private static Rule makeRule(Estimator estimator) {
        return switch (estimator) {
            case RHO, S -> new Rule(false, 1, false, "1 <= k <= n");
            case SLOO -> new Rule(true, 2, false, "1 <= k < n");
            case SLOO_MINUS_ONE -> new Rule(false, 2, false, "1 <= k <= n and n >= 2");
            case LOO -> new Rule(false, 2, true, "k = 1 and n >= 2");
        };
    }

    /**
     * Why {@code estimator} cannot take k on a group of n samples, with the values, or {@code null} when it can.
     * The one validity rule: the facade, the command line and the C ABI all ask it.
     */
    public static String whyInvalid(Estimator estimator, int k, long n) {
        Rule r = rule(estimator);
        boolean ok = k >= 1 && n >= r.minN && (r.onlyKOne ? k == 1 : (r.kBelowN ? k < n : k <= n));
        if (ok) {
            return null;
        }
        String why = estimator.wireName() + " needs " + r.requirement + ", got k=" + k + ", n=" + n;
        if (!r.onlyKOne && !r.kBelowN && r.minN == 1 && k > n && k >= 1) {
            why += " (no unbiased estimate exists for n < k, Corollary 2)";
        } else if (r.kBelowN && k == n && n >= 2) {
            why += " (at k = n no size-k subset is left for the baseline: use sloo_minus_one)";
        }
        return why;
    }

    /** {@link #whyInvalid(Estimator, int, long)} for this plan's estimator and k. */
    public String whyInvalid(long n) {
        return whyInvalid(estimator, k, n);
    }

    public Estimator estimator() {
        return estimator;
    }

    public int k() {
        return k;
    }

    public Scale scale() {
        return scale;
    }

    public Shape shape() {
        return shape;
    }

    /** True when the plan writes one value per group (rho) instead of one per sample. */
    public boolean perGroup() {
        return shape == Shape.PER_GROUP;
    }

    /** True when the outputs need no sort: each is a function of its own reward and the group's sum. */
    public boolean orderFree() {
        return shape == Shape.ORDER_FREE;
    }

    /** The k of the leave-one-out rho baseline of a {@link Shape#SORTED} plan, 0 for none. */
    public int baselineK() {
        return baselineK;
    }

    /** The multiplier of the leave-one-out rho baseline for a group of n: k/(n-1) for sloo, k/n for sloo_minus_one. */
    public double baselineCoefficient(int n) {
        return (double) k / (n - baselineDenominatorLess);
    }

    /**
     * The multiplier of x[n-1] (the group's maximum) in every output of a {@link Shape#SORTED} plan: w[n-1] = k/n
     * from s, less the baseline coefficient. Exactly 0 for sloo_minus_one, whose outputs are then shift-invariant
     * in floating point too.
     */
    public double topCoefficient(int n) {
        double top = (double) k / n;
        return baselineK > 0 ? top - baselineCoefficient(n) : top;
    }

    public ScaleStep scaleStep() {
        return scaleStep;
    }

    @Override
    public String toString() {
        return estimator.wireName() + "(k=" + k + ", " + scale + ": " + shape
                + (baselineK > 0 ? ", baseline rho_" + baselineK : "") + ", " + scaleStep + ")";
    }
}
