package org.pkpo.internal.panama;

import org.pkpo.DType;
import org.pkpo.internal.call.Batch;
import org.pkpo.internal.kernels.Kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** The vectorised finiteness pass agrees with the plain loop for every position and kind of offender. */
class NonFiniteScanTest {
    private static final double[] BAD = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.longBitsToDouble(0x7ff0_0000_0000_0001L), Double.longBitsToDouble(0xfff8_0000_0000_0000L)};
    private static final float[] BAD32 = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.intBitsToFloat(0x7f80_0001), Float.intBitsToFloat(0xffc0_0000)};
    private static final float[] EDGE32 = {Float.MAX_VALUE, -Float.MAX_VALUE, -0.0f, Float.MIN_VALUE, 0f};
    private static final double[] EDGE = {Double.MAX_VALUE, -Double.MAX_VALUE, -0.0, Double.MIN_VALUE, 0};

    @Test
    void vectorScanMatchesScalar() {
        Kernels simd = new PanamaKernels();
        try (Arena arena = Arena.ofConfined()) {
            for (DType type : DType.values()) {
                for (int len = 0; len <= 150; len++) {
                    for (boolean offHeap : new boolean[] {false, true}) {
                        MemorySegment in = offHeap ? arena.allocate((long) len * type.byteSize() + 8, 8)
                                : type == DType.F32 ? MemorySegment.ofArray(new float[len + 1])
                                : MemorySegment.ofArray(new double[len + 1]);
                        for (int i = 0; i < len; i++) {
                            put(in, type, i, type == DType.F32 ? EDGE32[i % EDGE32.length] : EDGE[i % EDGE.length]);
                        }
                        Batch b = new Batch(type, in, in, 1, len, null, null);
                        for (int from = 0; from <= Math.min(len, 3); from++) {
                            assertEquals(true, simd.allFinite(b, from, len));
                            assertEquals(true, Kernels.allFiniteScalar(b, from, len));
                        }
                        for (int bad = 0; bad < len; bad++) {
                            int kind = bad % BAD.length;
                            double keep = get(in, type, bad);
                            put(in, type, bad, type == DType.F32 ? BAD32[kind] : BAD[kind]);
                            for (int from = 0; from <= Math.min(len, 3); from++) {
                                boolean want = bad < from;
                                String what = type + " len=" + len + " bad=" + bad + " from=" + from;
                                assertEquals(want, simd.allFinite(b, from, len), what);
                                assertEquals(want, Kernels.allFiniteScalar(b, from, len), what);
                            }
                            put(in, type, bad, keep);
                        }
                    }
                }
            }
        }
    }

    private static void put(MemorySegment s, DType type, int i, double v) {
        if (type == DType.F32) {
            s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) v);
        } else {
            s.setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
        }
    }

    private static double get(MemorySegment s, DType type, int i) {
        return type == DType.F32 ? s.getAtIndex(ValueLayout.JAVA_FLOAT, i) : s.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
    }
}
