package org.pkpo.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.pkpo.DType;
import org.pkpo.Transform;

/**
 * The in-process side of the C++ benchmark: the same transform, on native memory of the same shape, called
 * from Java in a loop, in the same JVM the C ABI uses. Not a JMH benchmark: it exists so that one run of
 * {@code pkpo_bench} prints both numbers side by side.
 */
final class InProcessBench {
    private InProcessBench() {
    }

    /** Returns {min, median} nanoseconds per call over {@code iterations} timed calls (after as many warm-up calls). */
    static double[] run(DType type, Transform t, long groups, int n, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
        }
        try (Arena arena = Arena.ofConfined()) {
            long elems = groups * n;
            MemorySegment dst = arena.allocate(elems * type.byteSize(), 64);
            MemorySegment src = arena.allocate(elems * type.byteSize(), 64);
            SplittableRandom rnd = new SplittableRandom(42);
            for (long i = 0; i < elems; i++) {
                if (type == DType.F64) {
                    src.setAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, i, rnd.nextDouble());
                } else {
                    src.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i, (float) rnd.nextDouble());
                }
            }
            // Rounds of calls so that one round of a tiny call is long enough to time. Out of place, like the
            // C side: repeating an in-place transform would drift the data into denormals.
            int perRound = (int) Math.max(1, Math.min(100_000, 2_000_000 / Math.max(1, elems)));
            double[] rounds = new double[iterations];
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < iterations; i++) {
                    long t0 = System.nanoTime();
                    for (int r = 0; r < perRound; r++) {
                        t.apply(type, src, groups, n, dst);
                    }
                    rounds[i] = (System.nanoTime() - t0) / (double) perRound;
                }
            }
            Arrays.sort(rounds);
            return new double[] {rounds[0], rounds[iterations / 2]};
        }
    }
}
