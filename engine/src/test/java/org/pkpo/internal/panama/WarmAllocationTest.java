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

    /**
     * Ragged batches, whose blocks take groups from all over the batch and copy them one by one: sizes 12..20 and
     * 5..40 (the per-group vector copies and the plain ones), heap arrays, heap segments without their array and
     * native memory run in one JVM, so that every copy site sees every memory kind before it is measured.
     */
    @Test
    void raggedKernelsAllocateNothingOnceWarm() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Kernels simd = new PanamaKernels();
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(2));
        EstimatorPlan plan = EstimatorPlan.of(Estimator.SLOO_MINUS_ONE, 4, Scale.PAPER);
        java.util.List<Batch> batches = new java.util.ArrayList<>();
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int[] sizes : new int[][] {{12, 20}, {5, 40}}) {
            int groups = 3000;
            long[] off = new long[groups + 1];
            for (int g = 0; g < groups; g++) {
                off[g + 1] = off[g] + sizes[0] + rnd.nextInt(sizes[1] - sizes[0] + 1);
            }
            double[] x = new double[(int) off[groups]];
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextDouble();
            }
            MemorySegment offsets = MemorySegment.ofArray(off);
            for (DType type : DType.values()) {
                Object array = array(type, x);
                Object outArray = array(type, new double[x.length]);
                MemorySegment in = array instanceof float[] f ? MemorySegment.ofArray(f) : MemorySegment.ofArray((double[]) array);
                MemorySegment out = outArray instanceof float[] f ? MemorySegment.ofArray(f) : MemorySegment.ofArray((double[]) outArray);
                String what = type + " sizes " + sizes[0] + ".." + sizes[1];
                batches.add(new Batch(type, in, out, groups, -1, offsets, java.lang.foreign.ValueLayout.JAVA_LONG, array)
                        .outArray(outArray));
                names.add(what + " heap arrays");
                batches.add(new Batch(type, in, out, groups, -1, offsets, java.lang.foreign.ValueLayout.JAVA_LONG, null));
                names.add(what + " heap segments");
                MemorySegment nin = Arena.ofAuto().allocate(in.byteSize(), 64).copyFrom(in);
                MemorySegment nout = Arena.ofAuto().allocate(in.byteSize(), 64);
                batches.add(new Batch(type, nin, nout, groups, -1, offsets, java.lang.foreign.ValueLayout.JAVA_LONG, null));
                names.add(what + " native");
            }
        }
        long[] best = new long[batches.size()];
        java.util.Arrays.fill(best, Long.MAX_VALUE);
        long deadline = System.nanoTime() + LIMIT_NANOS;
        boolean allZero = false;
        while (!allZero && System.nanoTime() < deadline) {
            allZero = true;
            for (int i = 0; i < batches.size(); i++) {
                Batch b = batches.get(i);
                long a0 = mx.getCurrentThreadAllocatedBytes();
                simd.transform(plan, b, 0, b.groups);
                best[i] = Math.min(best[i], mx.getCurrentThreadAllocatedBytes() - a0);
                allZero &= best[i] == 0;
            }
        }
        for (int i = 0; i < batches.size(); i++) {
            assertTrue(best[i] == 0, names.get(i) + ": " + best[i] + " bytes per warm call");
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

    /** The masked calls' compaction and expansion (MaskedCopies), both dtypes, whole calls and windows. */
    @Test
    void maskedCopiesAllocateNothingOnceWarm() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Kernels simd = new PanamaKernels();
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(41));
        int len = 40_000;
        float[] f = new float[len];
        double[] d = new double[len];
        float[] fs = new float[len + 8];
        double[] ds = new double[len + 8];
        byte[] mask = new byte[len + 8];
        int[] posAt = new int[len / 8 + 1];
        for (int i = 0; i < len; i++) {
            f[i] = (float) rnd.nextDouble();
            d[i] = rnd.nextDouble();
            mask[i] = (byte) (rnd.nextInt(10) == 0 ? 0 : 1);
        }
        long best = Long.MAX_VALUE;
        long deadline = System.nanoTime() + LIMIT_NANOS;
        while (best > 0 && System.nanoTime() < deadline) {
            long a0 = mx.getCurrentThreadAllocatedBytes();
            int pf = simd.compact(f, 0, mask, 0, len, fs, 0, posAt);
            int pd = simd.compact(d, 0, mask, 0, len, ds, 0, posAt);
            simd.expand(fs, 0, mask, 0, len, f, 0);
            simd.expand(ds, 0, mask, 0, len, d, 0);
            // The second half as a window of its own, as native rewards go.
            pf = simd.compact(f, 0, mask, len / 2, len, fs, pf / 2, posAt);
            pd = simd.expand(ds, pd / 2, mask, len / 2, len, d, 0);
            best = Math.min(best, mx.getCurrentThreadAllocatedBytes() - a0);
        }
        assertTrue(best == 0, "compact/expand: " + best + " bytes per warm round");
    }
}
