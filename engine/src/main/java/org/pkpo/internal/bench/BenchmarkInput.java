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

    /**
     * The groups of an uneven trainer batch (what {@code pkpo bench --sizes} and the JMH {@code GroupsBench} measure):
     * {@code offsets} (groups + 1 of them) of sizes drawn uniformly from minSize..maxSize; for {@code ids}
     * "contiguous" or "shuffled", one int64 id per sample that looks like a prompt uid (a hash of the group number),
     * in sample order or at a random permutation of the positions, else null; for {@code maskedFraction > 0}, a
     * mask (1 valid, 0 masked) with each sample masked at that probability, else null. All of it from
     * {@code new SplittableRandom(seed ^ 0x5EED)}, in that order.
     */
    public record TrainerBatch(int[] offsets, long[] ids, byte[] mask) {
        public int groups() {
            return offsets.length - 1;
        }

        public int samples() {
            return offsets[offsets.length - 1];
        }
    }

    /** See {@link TrainerBatch}. */
    public static TrainerBatch trainerBatch(int groups, int minSize, int maxSize, String ids, double maskedFraction,
            long seed) {
        if (groups < 0 || minSize < 1 || maxSize < minSize) {
            throw new IllegalArgumentException("groups=" + groups + ", sizes " + minSize + ":" + maxSize);
        }
        if (ids != null && !ids.equals("contiguous") && !ids.equals("shuffled")) {
            throw new IllegalArgumentException("ids must be contiguous or shuffled, got " + ids);
        }
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5EED);
        int[] offsets = new int[groups + 1];
        for (int g = 0; g < groups; g++) {
            offsets[g + 1] = Math.addExact(offsets[g], minSize + rnd.nextInt(maxSize - minSize + 1));
        }
        int samples = offsets[groups];
        long[] id = null;
        if (ids != null) {
            id = new long[samples];
            int[] perm = ids.equals("shuffled") ? permutation(rnd, samples) : null;
            for (int g = 0; g < groups; g++) {
                long v = mix(seed + g);
                for (int i = offsets[g]; i < offsets[g + 1]; i++) {
                    id[perm != null ? perm[i] : i] = v;
                }
            }
        }
        byte[] mask = null;
        if (maskedFraction > 0) {
            mask = new byte[samples];
            for (int i = 0; i < samples; i++) {
                mask[i] = (byte) (rnd.nextDouble() < maskedFraction ? 0 : 1);
            }
        }
        return new TrainerBatch(offsets, id, mask);
    }

    private static int[] permutation(SplittableRandom rnd, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int x = p[i];
            p[i] = p[j];
            p[j] = x;
        }
        return p;
    }

    /** SplitMix64's finaliser: ids that look like hashes, not 0..G-1. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** {@code groups x n} rewards of {@code seed}: {@link #allocate} then {@link #fill}. */
    public static MemorySegment rewards(DType type, long groups, int n, long seed, Memory memory, Arena arena) {
        MemorySegment rewards = allocate(type, Math.multiplyExact(groups, (long) n), memory, arena);
        fill(rewards, type, seed);
        return rewards;
    }
}
