package org.pkpo;

import java.util.Locale;
import org.pkpo.internal.math.EstimatorPlan;

/**
 * The PKPO estimators. Equation numbers refer to the PKPO paper (Walder and Karkhanis, 2025).
 *
 * <p>All transforms work on one group of {@code n} rewards at a time and are invariant to the order
 * of the group: tied rewards get bit-identical outputs.
 */
public enum Estimator {
    /** Eq. 12: the unbiased max_g@k estimate of a group (pass@k of eq. 3 for 0/1 rewards); one value per group. */
    RHO("rho"),
    /** Eq. 19-21: the all-subsets max_g@k gradient weights, no baseline. Needs 1 <= k <= n. */
    S("s"),
    /** Eq. 29: {@code s} with the unbiased leave-one-out baseline. Needs 1 <= k < n. */
    SLOO("sloo"),
    /**
     * Eq. 33: {@code s} with the max_g@(k-1) leave-one-out baseline. Needs 1 <= k <= n and n >= 2; at k = 1
     * it is defined as (g_i - mean_{j != i} g_j) / n so that a k schedule annealed down to 1 keeps working.
     */
    SLOO_MINUS_ONE("sloo_minus_one"),
    /** Eq. 26: g_i - mean_{j != i} g_j, the plain leave-one-out baseline (k must be 1). Needs n >= 2. */
    LOO("loo");

    private final String wireName;

    Estimator(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name used by the command line, JSON and the C ABI, e.g. {@code sloo_minus_one}. */
    public String wireName() {
        return wireName;
    }

    /** True for {@link #RHO}, which writes one value per group instead of one per sample. */
    public boolean perGroup() {
        return PerGroup.OF[ordinal()];
    }

    /** perGroup of every estimator, asked of its plan once: a plan per question allocated on every C ABI call. */
    private static final class PerGroup {
        static final boolean[] OF = new boolean[values().length];

        static {
            for (Estimator e : values()) {
                OF[e.ordinal()] = EstimatorPlan.of(e, 1, Scale.PAPER).perGroup();
            }
        }
    }

    /** Parses a wire name ({@code sloo_minus_one}) or an enum name, case-insensitively. */
    public static Estimator fromName(String name) {
        if (name != null) {
            String lower = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
            for (Estimator e : values()) {
                if (e.wireName.equals(lower)) {
                    return e;
                }
            }
        }
        throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT, "unknown estimator '" + name + "': expected one of rho, s, sloo, sloo_minus_one, loo");
    }

    /**
     * Why {@code k} cannot be used on a group of {@code n} samples, or {@code null} when it can. The message
     * carries the actual values. This is the one validity rule: the transforms, the command line and the C ABI
     * all ask it.
     */
    public String whyInvalid(int k, long n) {
        return EstimatorPlan.whyInvalid(this, k, n);
    }
}
