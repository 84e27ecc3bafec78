package org.pkpo;

/**
 * Kernels that transform up to {@link #lanes()} groups of the same size at once, one per vector lane.
 * The caller fills {@link #starts()} (first element of each group) and {@link #ids()} (group numbers).
 */
interface LaneBlock {
    int lanes();

    long[] starts();

    long[] ids();

    void block(Spec spec, Batch b, int n, int count);
}
