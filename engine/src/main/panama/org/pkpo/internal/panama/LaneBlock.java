package org.pkpo.internal.panama;

import org.pkpo.internal.call.Batch;
import org.pkpo.internal.math.EstimatorPlan;

/**
 * Kernels that transform up to {@link #lanes()} groups of the same size at once, one per vector lane.
 * The caller fills {@link #starts()} (first element of each group) and {@link #ids()} (group numbers).
 */
public interface LaneBlock {
    int lanes();

    long[] starts();

    long[] ids();

    void block(EstimatorPlan plan, Batch b, int n, int count);
}
