package org.pkpo;

/**
 * What a {@link Groups} call does with a group that has fewer valid samples than the estimator needs (n < k,
 * n < 2 for a baseline, a singleton, or a group emptied by its mask).
 */
public enum TooSmall {
    /** Reject the whole call with a {@link PkpoException.Reason#BAD_K} naming the group, its size and k; nothing is written. */
    REJECT,
    /** Give every sample of such a group (or its one rho value) the output 0, and count it in {@link TransformReport#zeroedGroups()}. */
    ZERO
}
