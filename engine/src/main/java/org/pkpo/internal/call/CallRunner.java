package org.pkpo.internal.call;

import java.lang.foreign.ValueLayout;
import org.pkpo.DType;
import org.pkpo.NonFinite;
import org.pkpo.PkpoException;
import org.pkpo.TransformReport;
import org.pkpo.internal.kernels.Kernels;
import org.pkpo.internal.kernels.ScalarKernels;
import org.pkpo.internal.math.EstimatorPlan;

/**
 * Runs one call: {@link CallChecks} first (all or nothing), then clean runs of groups go to the kernels and,
 * under {@link NonFinite#EXCLUDE}, groups with non-finite rewards go through the exclusion path one by one.
 */
public final class CallRunner {
    private CallRunner() {
    }

    public static TransformReport run(EstimatorPlan plan, NonFinite policy, Batch b, Kernels kernels) {
        long[] counts = new long[4];
        run(plan, policy, b, kernels, counts);
        return new TransformReport(counts[0], counts[1], counts[2], counts[3]);
    }

    /**
     * {@link #run(EstimatorPlan, NonFinite, Batch, Kernels)} writing the report's four counts (groups, samples,
     * excluded samples, zeroed groups) into {@code counts}: the C ABI's allocation-free form.
     */
    public static void run(EstimatorPlan plan, NonFinite policy, Batch b, Kernels kernels, long[] counts) {
        CallChecks.check(plan, b);
        if (b.groups == 0) {
            report(counts, 0, 0, 0, 0);
            return;
        }
        long samples = b.end(b.groups - 1) - b.start(0);
        if (policy == NonFinite.REJECT) {
            // The finiteness pass and the work in one call (threads share both); only a failed pass walks
            // group by group to name the first offender.
            if (!kernels.transformIfFinite(plan, b, 0, b.groups)) {
                rejectNonFinite(b);
                throw new IllegalStateException("a non-finite reward was reported but not found");
            }
            report(counts, b.groups, samples, 0, 0);
            return;
        }
        if (kernels.transformIfFinite(plan, b, 0, b.groups)) {
            // Nothing to exclude: no per-group scan.
            report(counts, b.groups, samples, 0, 0);
            return;
        }
        long excluded = 0;
        long zeroed = 0;
        long runStart = 0;
        for (long g = 0; g < b.groups; g++) {
            if (firstNonFinite(b, b.start(g), b.end(g)) >= 0) {
                if (runStart < g) {
                    kernels.transform(plan, b, runStart, g);
                }
                int bad = ScalarKernels.transformFiniteOnly(plan, b, g);
                excluded += bad & 0x7fffffff;
                zeroed += bad < 0 ? 1 : 0;
                runStart = g + 1;
            }
        }
        if (runStart < b.groups) {
            kernels.transform(plan, b, runStart, b.groups);
        }
        report(counts, b.groups, samples, excluded, zeroed);
    }

    private static void report(long[] counts, long groups, long samples, long excluded, long zeroed) {
        counts[0] = groups;
        counts[1] = samples;
        counts[2] = excluded;
        counts[3] = zeroed;
    }

    private static void rejectNonFinite(Batch b) {
        for (long g = 0; g < b.groups; g++) {
            long s = b.start(g);
            long i = firstNonFinite(b, s, b.end(g));
            if (i >= 0) {
                throw new PkpoException(PkpoException.Reason.NON_FINITE, "non-finite reward " + b.get(i) + " at group " + g
                        + ", position " + (i - s) + " (element " + i + ")");
            }
        }
    }

    private static long firstNonFinite(Batch b, long from, long to) {
        if (b.type == DType.F64) {
            for (long i = from; i < to; i++) {
                if (!Double.isFinite(b.in.getAtIndex(ValueLayout.JAVA_DOUBLE, i))) {
                    return i;
                }
            }
        } else {
            for (long i = from; i < to; i++) {
                if (!Float.isFinite(b.in.getAtIndex(ValueLayout.JAVA_FLOAT, i))) {
                    return i;
                }
            }
        }
        return -1;
    }
}
