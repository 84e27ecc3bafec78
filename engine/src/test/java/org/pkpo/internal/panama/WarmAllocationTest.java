package org.pkpo.internal.panama;

import org.pkpo.Seeds;
import org.pkpo.DType;
import org.pkpo.Estimator;
import org.pkpo.Scale;
import org.pkpo.internal.call.Batch;
import org.pkpo.internal.math.EstimatorPlan;
import org.pkpo.internal.kernels.Kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Once compiled, the vector kernels allocate nothing per call: a Vector API value that escapes (a
 * non-inlined helper returning a vector, a method C2 gives up on) is boxed for every row and shows up
 * here as megabytes per call. Calls run until C2 has compiled them (or a time limit).
 */
@ExtendWith(Seeds.class)
class WarmAllocationTest {
    private static final long LIMIT_NANOS = 30_000_000_000L;

    @Test
    void simdKernelsAllocateNothingOnceWarm() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Kernels simd = new PanamaKernels();
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(1));
        // n outermost: Net64F32's many methods queue for C2 last, not in front of the n = 16 float64 kernels.
        for (int n : new int[] {16, 24, 64}) {
            for (DType type : DType.values()) {
                for (Estimator est : new Estimator[] {Estimator.SLOO_MINUS_ONE, Estimator.RHO}) {
                  // Heap arrays (as Transform's array methods) and native memory (the C ABI; n = 16 float32 there
                  // runs LanesF32.uniform16 and float64 LanesF64.uniform16, whose generated methods write the segments
                  // directly; n = 64 float32 runs LanesF32.uniform64 through Net64F32 on heap and native memory).
                  for (boolean nativeMemory : new boolean[] {false, true}) {
                    int groups = 2048;
                    double[] x = new double[groups * n];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = rnd.nextDouble();
                    }
                    Object array = array(type, x);
                    MemorySegment in = array instanceof float[] f ? MemorySegment.ofArray(f) : MemorySegment.ofArray((double[]) array);
                    MemorySegment out = segment(type, new double[x.length]);
                    // As Transform's array methods call the kernels: with the array behind the segment.
                    Batch b = new Batch(type, in, out, groups, n, null, null, array);
                    if (nativeMemory) {
                        MemorySegment nin = Arena.ofAuto().allocate(in.byteSize(), 64).copyFrom(in);
                        MemorySegment nout = Arena.ofAuto().allocate(out.byteSize(), 64);
                        b = new Batch(type, nin, nout, groups, n, null, null, null);
                    }
                    EstimatorPlan plan = EstimatorPlan.of(est, 4, Scale.PAPER);
                    long best = Long.MAX_VALUE;
                    long deadline = System.nanoTime() + LIMIT_NANOS;
                    while (best > 0 && System.nanoTime() < deadline) {
                        long a0 = mx.getCurrentThreadAllocatedBytes();
                        simd.transform(plan, b, 0, groups);
                        best = Math.min(best, mx.getCurrentThreadAllocatedBytes() - a0);
                    }
                    assertTrue(best == 0, type + " n=" + n + " " + est + (nativeMemory ? " native" : " heap") + ": " + best
                            + " bytes per warm call");
                  }
                }
            }
        }
    }

    private static Object array(DType type, double[] x) {
        if (type == DType.F64) {
            return x.clone();
        }
        float[] f = new float[x.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    private static MemorySegment segment(DType type, double[] x) {
        if (type == DType.F64) {
            return MemorySegment.ofArray(x.clone());
        }
        float[] f = new float[x.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) x[i];
        }
        return MemorySegment.ofArray(f);
    }
}
