package org.pkpo;

/**
 * What a call did.
 *
 * @param groups          groups in the call
 * @param samples         rewards read
 * @param excludedSamples non-finite rewards left out ({@link NonFinite#EXCLUDE} only)
 * @param zeroedGroups    groups whose outputs were set to zero because exclusion left them too small
 */
public record TransformReport(long groups, long samples, long excludedSamples, long zeroedGroups) {
}
