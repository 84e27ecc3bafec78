package org.pkpo;

/**
 * What a call did.
 *
 * @param groups          groups in the call
 * @param samples         samples in the call (masked ones included)
 * @param excludedSamples non-finite rewards left out ({@link NonFinite#EXCLUDE} only)
 * @param zeroedGroups    groups whose outputs were set to zero because they were (or exclusion and masking left
 *                        them) too small for k or their baseline
 * @param maskedSamples   samples left out by a {@link Groups#mask mask}
 */
public record TransformReport(long groups, long samples, long excludedSamples, long zeroedGroups, long maskedSamples) {
    /** A report of a call without a mask. */
    public TransformReport(long groups, long samples, long excludedSamples, long zeroedGroups) {
        this(groups, samples, excludedSamples, zeroedGroups, 0);
    }
}
