package org.pkpo.internal.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.pkpo.DType;

/**
 * <b>Internal: not part of the API</b>; it may change or go without notice. It is public only because the
 * benchmark harnesses live in other modules.
 *
 * <p>The rewards every benchmark harness measures on (the JMH {@code TransformBench}, {@code pkpo bench} and
 * the demo's batched call), so that their numbers describe the same input: {@code groups x n} rewards in
 * row-major order, uniform on [0, 1), the i-th being the i-th {@code nextDouble()} of
 * {@code new SplittableRandom(seed)} (float32 buffers hold its rounding to float). Uniform values have almost
 * no ties, which is the sorting kernels' typical case.
 */
public final class BenchmarkInput {
    /** Where a buffer lives: a Java array on the heap, or 64-byte aligned native memory. */
    public enum Memory {
        HEAP,
        NATIVE
    }

    private BenchmarkInput() {
    }

    /**
     * A zeroed buffer of {@code count} values of {@code type}: a {@code float[]} or {@code double[]} for
     * {@link Memory#HEAP}, or native memory from {@code arena} (which the heap case ignores).
     */
    public static MemorySegment allocate(DType type, long count, Memory memory, Arena arena) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        if (memory == Memory.NATIVE) {
            return arena.allocate(Math.multiplyExact(count, type.byteSize()), 64);
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(count + " values do not fit in one Java array: use native memory");
        }
        return type == DType.F32 ? MemorySegment.ofArray(new float[(int) count])
                : MemorySegment.ofArray(new double[(int) count]);
    }

    /** Overwrites every value of {@code rewards} (a buffer of {@code type}) with the rewards of {@code seed}. */
    public static void fill(MemorySegment rewards, DType type, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long count = rewards.byteSize() / type.byteSize();
        for (long i = 0; i < count; i++) {
            if (type == DType.F32) {
                rewards.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) rnd.nextDouble());
            } else {
                rewards.setAtIndex(ValueLayout.JAVA_DOUBLE, i, rnd.nextDouble());
            }
        }
    }

    /** {@code groups x n} rewards of {@code seed}: {@link #allocate} then {@link #fill}. */
    public static MemorySegment rewards(DType type, long groups, int n, long seed, Memory memory, Arena arena) {
        MemorySegment rewards = allocate(type, Math.multiplyExact(groups, (long) n), memory, arena);
        fill(rewards, type, seed);
        return rewards;
    }
}
