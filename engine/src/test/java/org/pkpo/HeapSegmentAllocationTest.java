package org.pkpo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The segment methods on heap segments (MemorySegment.ofArray, whole arrays and slices) allocate no more per warm
 * call than the array methods: the report and a few small objects. Vector loads from a heap segment are not
 * intrinsified and box every vector: the finiteness check alone allocated 8 bytes per reward (8 MB per call of 1M
 * float32 rewards) before the kernels took such segments by their arrays. Also: the same outputs as the arrays.
 */
@ExtendWith(Seeds.class)
class HeapSegmentAllocationTest {
    private static final long LIMIT_NANOS = 20_000_000_000L;
    /** The report, the call's batch and the like: a few hundred bytes (176 measured for a uniform call). */
    private static final long SMALL = 1024;

    @Test
    void heapSegmentCallsAllocateOnlyTheReport() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(5));
        int groups = 2048;
        int n = 16;
        int samples = groups * n;
        int[] offsets = new int[groups / 2 + 1];
        for (int g = 0; g < groups / 2; g++) {
            offsets[g + 1] = offsets[g] + 16 + rnd.nextInt(17); // 16..32: fewer samples than the uniform call
        }
        Transform t = Transform.of(Estimator.SLOO_MINUS_ONE, 4);
        for (DType type : DType.values()) {
            for (boolean slice : new boolean[] {false, true}) {
                int pad = slice ? 16 : 0; // a slice starts inside its array
                MemorySegment in;
                MemorySegment out;
                double[] x = new double[samples];
                for (int i = 0; i < samples; i++) {
                    x[i] = rnd.nextDouble();
                }
                if (type == DType.F32) {
                    float[] a = new float[samples + pad];
                    for (int i = 0; i < samples; i++) {
                        a[pad + i] = (float) x[i];
                    }
                    in = MemorySegment.ofArray(a).asSlice(4L * pad);
                    out = MemorySegment.ofArray(new float[samples + pad]).asSlice(4L * pad);
                } else {
                    double[] a = new double[samples + pad];
                    System.arraycopy(x, 0, a, pad, samples);
                    in = MemorySegment.ofArray(a).asSlice(8L * pad);
                    out = MemorySegment.ofArray(new double[samples + pad]).asSlice(8L * pad);
                }
                Groups ragged = Groups.offsets(java.util.Arrays.copyOf(offsets, offsets.length));
                long raggedSamples = offsets[offsets.length - 1];
                for (boolean uniform : new boolean[] {true, false}) {
                    String what = type + (slice ? " slice" : " whole array") + (uniform ? " uniform" : " offsets");
                    long best = Long.MAX_VALUE;
                    long deadline = System.nanoTime() + LIMIT_NANOS;
                    while (best > SMALL && System.nanoTime() < deadline) {
                        long a0 = mx.getCurrentThreadAllocatedBytes();
                        if (uniform) {
                            t.apply(type, in, groups, n, out);
                        } else {
                            t.apply(type, in, raggedSamples, ragged, out);
                        }
                        best = Math.min(best, mx.getCurrentThreadAllocatedBytes() - a0);
                    }
                    assertTrue(best <= SMALL, what + ": " + best + " bytes per warm call");
                    // The outputs are those of the array method on the same rewards.
                    if (type == DType.F32) {
                        float[] r = in.toArray(ValueLayout.JAVA_FLOAT);
                        float[] want = uniform ? t.apply(r, n) : t.apply(java.util.Arrays.copyOf(r, (int) raggedSamples), ragged);
                        assertArrayEquals(want, java.util.Arrays.copyOf(out.toArray(ValueLayout.JAVA_FLOAT), want.length), what);
                    } else {
                        double[] r = in.toArray(ValueLayout.JAVA_DOUBLE);
                        double[] want = uniform ? t.apply(r, n) : t.apply(java.util.Arrays.copyOf(r, (int) raggedSamples), ragged);
                        assertArrayEquals(want, java.util.Arrays.copyOf(out.toArray(ValueLayout.JAVA_DOUBLE), want.length), what);
                    }
                }
            }
        }
    }
}
