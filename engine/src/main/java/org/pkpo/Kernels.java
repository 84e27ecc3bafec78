package org.pkpo;

/**
 * A family of batch kernels. The facade validates everything first (sizes, alignment, overlap, k for every
 * group, finiteness), so a kernel may assume clean input and only asserts.
 */
interface Kernels {
    /** A short name for logs and benchmarks, e.g. {@code scalar}. */
    String name();

    /** Transforms groups [g0, g1) of {@code b}: every reward finite, k valid for every group. */
    void transform(Spec spec, Batch b, long g0, long g1);
}
