package org.pkpo;

/** How transformed rewards are scaled. */
public enum Scale {
    /**
     * The paper's convention: per-sample weights whose sum, times the score functions, is the gradient
     * estimate ({@code s} at k = 1 is g_i / n).
     */
    PAPER,
    /**
     * The paper's weights times the group size n, for trainers that average their loss over samples.
     * {@code sloo_minus_one} at k = 1 is then exactly eq. 26. {@code loo} (already eq. 26) and {@code rho}
     * (an estimate, not a weight) are the same under both scales.
     */
    PER_SAMPLE
}
