package org.pkpo;

import jdk.incubator.vector.IntVector;

/**
 * The Vector API kernels. Groups of up to {@code lanesMax} samples go one group per vector lane
 * ({@link LanesF32}, {@link LanesF64}); larger ones are sorted one at a time ({@link LargeGroups}).
 * Ragged batches are cut into blocks of same-size groups. Only this class and the Lanes classes import
 * {@code jdk.incubator.vector}; {@link KernelProvider} loads this one reflectively.
 */
final class PanamaKernels implements Kernels {
    /**
     * Uniform groups up to this size go one per lane: the sorting network's O(n log^2 n) compare-exchanges
     * on L lanes at once beat L separate sorts up to n = 4096 on AVX2 (measured, see README).
     */
    static final int LANES_MAX = SortingNetwork.MAX_N;
    /**
     * Ragged groups go one per lane up to this size only: a block holds consecutive groups of one size, so
     * large ragged groups would mostly run with idle lanes.
     */
    static final int RAGGED_LANES_MAX = 64;

    private static final class Work {
        final LanesF32 f32 = new LanesF32();
        final LanesF64 f64 = new LanesF64();
        final LargeGroups large = new LargeGroups();
    }

    private final ThreadLocal<Work> local = ThreadLocal.withInitial(Work::new);
    private final int lanesMax;

    PanamaKernels() {
        this(LANES_MAX);
    }

    /** For tests: a smaller {@code lanesMax} sends small groups down the large-group path. */
    PanamaKernels(int lanesMax) {
        if (lanesMax < 0 || lanesMax > SortingNetwork.MAX_N) {
            throw new IllegalArgumentException("lanesMax=" + lanesMax);
        }
        this.lanesMax = lanesMax;
    }

    /** Why the Vector API cannot be used here, or null. Called by {@link KernelProvider} before use. */
    static String whyUnusable() {
        int bits = IntVector.SPECIES_PREFERRED.vectorBitSize();
        if (bits < 128) {
            return "the preferred vector size is " + bits + " bits, less than 128";
        }
        return null;
    }

    @Override
    public String name() {
        return "simd";
    }

    @Override
    public void transform(Spec spec, Batch b, long g0, long g1) {
        Work work = local.get();
        run(spec, b, g0, g1, work.large, b.type == DType.F64 ? work.f64 : work.f32);
    }

    private void run(Spec spec, Batch b, long g0, long g1, LargeGroups large, LaneBlock block) {
        long[] starts = block.starts();
        long[] ids = block.ids();
        int lanes = block.lanes();
        if (b.uniform()) {
            int n = b.n;
            if (n > lanesMax) {
                for (long g = g0; g < g1; g++) {
                    large.group(spec, b, g, g * n, n);
                }
                return;
            }
            for (long g = g0; g < g1; g += lanes) {
                int count = (int) Math.min(lanes, g1 - g);
                if (n > RAGGED_LANES_MAX && 2 * count < lanes) {
                    // A mostly idle block of big groups: sorting them one by one is cheaper.
                    for (long h = g; h < g + count; h++) {
                        large.group(spec, b, h, h * n, n);
                    }
                    continue;
                }
                for (int lane = 0; lane < count; lane++) {
                    starts[lane] = (g + lane) * n;
                    ids[lane] = g + lane;
                }
                block.block(spec, b, n, count);
            }
            return;
        }
        // Ragged: consecutive groups of equal size share a block; a size change flushes the block.
        int pendingN = -1;
        int count = 0;
        for (long g = g0; g < g1; g++) {
            long start = b.start(g);
            int n = (int) (b.end(g) - start);
            if (n > Math.min(lanesMax, RAGGED_LANES_MAX)) {
                large.group(spec, b, g, start, n);
                continue;
            }
            if (n != pendingN && count > 0) {
                block.block(spec, b, pendingN, count);
                count = 0;
            }
            pendingN = n;
            starts[count] = start;
            ids[count++] = g;
            if (count == lanes) {
                block.block(spec, b, n, count);
                count = 0;
            }
        }
        if (count > 0) {
            block.block(spec, b, pendingN, count);
        }
    }
}
