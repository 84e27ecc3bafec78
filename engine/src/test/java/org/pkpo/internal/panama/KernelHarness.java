package org.pkpo.internal.panama;

import org.pkpo.DType;
import org.pkpo.NonFinite;
import org.pkpo.GoldenVectorTest;
import org.pkpo.internal.call.Batch;
import org.pkpo.internal.call.CallRunner;
import org.pkpo.internal.math.EstimatorPlan;
import org.pkpo.internal.kernels.Kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Runs one batch through a chosen {@link Kernels} (not the JVM-wide choice), on heap or native memory,
 * in float32 or float64, uniform or ragged, and returns the outputs as doubles. Goes through
 * {@link CallRunner#run} so that the kernels only ever see validated input, as in production.
 */
final class KernelHarness {
    private KernelHarness() {
    }

    /** Uniform groups of n when offsets is null, else ragged with groups+1 offsets. */
    static double[] run(Kernels kernels, EstimatorPlan plan, DType type, boolean offHeap, double[] rewards, int n,
            int[] offsets) {
        long groups = offsets != null ? offsets.length - 1 : rewards.length / Math.max(n, 1);
        int outLen = plan.perGroup() ? (int) groups : rewards.length;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in;
            MemorySegment out;
            if (type == DType.F64) {
                in = offHeap ? arena.allocateFrom(ValueLayout.JAVA_DOUBLE, rewards) : MemorySegment.ofArray(rewards.clone());
                out = offHeap ? arena.allocate(ValueLayout.JAVA_DOUBLE, Math.max(outLen, 1))
                        : MemorySegment.ofArray(new double[outLen]);
            } else {
                float[] f = GoldenVectorTest.toFloat(rewards);
                in = offHeap ? arena.allocateFrom(ValueLayout.JAVA_FLOAT, f) : MemorySegment.ofArray(f);
                out = offHeap ? arena.allocate(ValueLayout.JAVA_FLOAT, Math.max(outLen, 1))
                        : MemorySegment.ofArray(new float[outLen]);
            }
            MemorySegment off = null;
            if (offsets != null) {
                off = offHeap ? arena.allocate(ValueLayout.JAVA_LONG, offsets.length)
                        : MemorySegment.ofArray(new long[offsets.length]);
                for (int i = 0; i < offsets.length; i++) {
                    off.setAtIndex(ValueLayout.JAVA_LONG, i, offsets[i]);
                }
            }
            Batch b = new Batch(type, in, out, groups, offsets != null ? -1 : n, off,
                    offsets != null ? ValueLayout.JAVA_LONG : null);
            CallRunner.run(plan, NonFinite.REJECT, b, kernels);
            double[] r = new double[outLen];
            for (int i = 0; i < outLen; i++) {
                r[i] = type == DType.F64 ? out.getAtIndex(ValueLayout.JAVA_DOUBLE, i)
                        : out.getAtIndex(ValueLayout.JAVA_FLOAT, i);
            }
            return r;
        }
    }

    /** In place: rewards and out are the same heap array. */
    static double[] runInPlace(Kernels kernels, EstimatorPlan plan, DType type, double[] rewards, int n) {
        long groups = rewards.length / n;
        MemorySegment seg = type == DType.F64 ? MemorySegment.ofArray(rewards.clone())
                : MemorySegment.ofArray(GoldenVectorTest.toFloat(rewards));
        CallRunner.run(plan, NonFinite.REJECT, new Batch(type, seg, seg, groups, n, null, null), kernels);
        return read(type, seg, rewards.length);
    }

    /** A ragged batch transformed in place in native memory (per-sample plans). */
    static double[] runInPlace(Kernels kernels, EstimatorPlan plan, DType type, double[] rewards, int[] offsets) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = type == DType.F64 ? arena.allocateFrom(ValueLayout.JAVA_DOUBLE, rewards)
                    : arena.allocateFrom(ValueLayout.JAVA_FLOAT, GoldenVectorTest.toFloat(rewards));
            MemorySegment off = MemorySegment.ofArray(java.util.Arrays.stream(offsets).asLongStream().toArray());
            CallRunner.run(plan, NonFinite.REJECT, new Batch(type, seg, seg, offsets.length - 1, -1, off,
                    ValueLayout.JAVA_LONG), kernels);
            return read(type, seg, rewards.length);
        }
    }

    private static double[] read(DType type, MemorySegment seg, int length) {
        double[] r = new double[length];
        for (int i = 0; i < r.length; i++) {
            r[i] = type == DType.F64 ? seg.getAtIndex(ValueLayout.JAVA_DOUBLE, i) : seg.getAtIndex(ValueLayout.JAVA_FLOAT, i);
        }
        return r;
    }
}
