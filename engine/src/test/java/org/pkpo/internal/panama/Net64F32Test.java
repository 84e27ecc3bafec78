package org.pkpo.internal.panama;

import org.pkpo.DType;
import org.pkpo.Estimator;
import org.pkpo.Scale;
import org.pkpo.Seeds;
import org.pkpo.internal.call.Batch;
import org.pkpo.internal.math.EstimatorPlan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The generated n = 64 network ({@link Net64F32}, 16-lane vectors only) sorts every lane as Arrays.sort does (-0.0
 * below 0.0), its unsort puts every output back at its sample's original position, and the whole path
 * ({@link LanesF32#uniform64}) gives bit for bit the outputs of the general lane path ({@link LanesF32#block}).
 * The exact-reference bound on this path is checked by org.pkpo.Net64AccuracyTest.
 */
@ExtendWith(Seeds.class)
class Net64F32Test {
    private static final int N = Net64F32.N;
    private static final int L = 16;

    enum Kind { GAUSSIAN, TIES, SIGNED_ZEROS, CONSTANT, EXTREME, SORTED, REVERSED }

    private static float value(Kind kind, SplittableRandom rnd, int i, float constant) {
        return switch (kind) {
            case GAUSSIAN -> (float) rnd.nextGaussian();
            case TIES -> rnd.nextInt(3) - 1.0f;
            case SIGNED_ZEROS -> rnd.nextBoolean() ? -0.0f : rnd.nextInt(4) == 0 ? Float.MIN_VALUE : 0.0f;
            case CONSTANT -> constant;
            case EXTREME -> switch (rnd.nextInt(6)) {
                case 0 -> Float.MAX_VALUE;
                case 1 -> -Float.MAX_VALUE;
                case 2 -> Float.MIN_VALUE * rnd.nextInt(-3, 4);
                case 3 -> 0x1p99f * (rnd.nextBoolean() ? 1 : -1);
                case 4 -> -0.0f;
                default -> (float) (rnd.nextGaussian() * 1e30);
            };
            case SORTED -> i - 20.5f;
            case REVERSED -> 40.25f - i;
        };
    }

    /** 16 groups of 64, group-major, as raw float bits. */
    private static int[] block(SplittableRandom rnd) {
        int[] st = new int[N * L];
        for (int g = 0; g < L; g++) {
            Kind kind = Kind.values()[rnd.nextInt(Kind.values().length)];
            float constant = rnd.nextBoolean() ? -0.0f : (float) rnd.nextGaussian();
            for (int i = 0; i < N; i++) {
                st[g * N + i] = Float.floatToRawIntBits(value(kind, rnd, i, constant));
            }
        }
        return st;
    }

    @Test
    void sortsLikeArraysSortAndUnsortsToTheOriginalPositions() {
        assumeTrue(Net64F32.TRANSPOSES, "16-lane vectors only");
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(64));
        int[] k = new int[N * L];
        float[] x = new float[N * L];
        float[] y = new float[N * L];
        float[] back = new float[N * L];
        long[] swaps = new long[Net64F32.SWAP_LONGS];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment nativeBack = arena.allocate(N * L * Float.BYTES, 64);
            for (int round = 0; round < 300; round++) {
                int[] st = block(rnd);
                int[] copy = st.clone();
                Net64F32.sort(st, k, x, swaps);
                assertTrue(Arrays.equals(copy, st), "sort changed its input");
                for (int g = 0; g < L; g++) {
                    float[] want = new float[N];
                    for (int i = 0; i < N; i++) {
                        want[i] = Float.intBitsToFloat(copy[g * N + i]);
                    }
                    Arrays.sort(want);
                    for (int i = 0; i < N; i++) {
                        assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(x[i * L + g]),
                                "round " + round + " group " + g + " sorted value " + i);
                    }
                }
                // Output = rank: after the unsort, sample j must hold a rank whose sorted value is sample j's value,
                // and the ranks of a group must be a permutation.
                for (int i = 0; i < N; i++) {
                    Arrays.fill(y, i * L, i * L + L, i);
                }
                Net64F32.unsort(y.clone(), swaps, back);
                Net64F32.unsort(y.clone(), swaps, nativeBack, 0);
                for (int g = 0; g < L; g++) {
                    boolean[] seen = new boolean[N];
                    for (int j = 0; j < N; j++) {
                        int r = (int) back[g * N + j];
                        assertEquals(back[g * N + j], nativeBack.getAtIndex(ValueLayout.JAVA_FLOAT, g * N + j), "native output");
                        assertTrue(!seen[r], "rank " + r + " twice in group " + g);
                        seen[r] = true;
                        assertEquals(copy[g * N + j], Float.floatToRawIntBits(x[r * L + g]),
                                "round " + round + " group " + g + ": sample " + j + " got the rank of another value");
                    }
                }
            }
        }
    }

    /** Every sorted per-sample plan, on full blocks (two, plus a partial one left to the general path). */
    @Test
    void bitForBitWithTheGeneralLanePath() {
        assumeTrue(Net64F32.TRANSPOSES, "16-lane vectors only");
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(65));
        int groups = 2 * L + 5;
        for (Estimator est : Estimator.values()) {
            for (int kk : new int[] {1, 2, 4, 32, 63, 64}) {
                if (est.whyInvalid(kk, N) != null) {
                    continue;
                }
                for (Scale scale : Scale.values()) {
                    EstimatorPlan plan = EstimatorPlan.of(est, kk, scale);
                    if (plan.orderFree() || plan.perGroup()) {
                        continue;
                    }
                    for (boolean nativeMemory : new boolean[] {false, true}) {
                        float[] in = new float[groups * N];
                        for (int b = 0; b < groups * N; b += N * L) {
                            int[] st = block(rnd);
                            for (int i = 0; i < Math.min(st.length, in.length - b); i++) {
                                in[b + i] = Float.intBitsToFloat(st[i]);
                            }
                        }
                        check(plan, in, groups, nativeMemory, est + " k=" + kk + " " + scale);
                    }
                }
            }
        }
    }

    private static void check(EstimatorPlan plan, float[] in, int groups, boolean nativeMemory, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = nativeMemory ? arena.allocateFrom(ValueLayout.JAVA_FLOAT, in) : MemorySegment.ofArray(in.clone());
            MemorySegment fast = nativeMemory ? arena.allocate((long) in.length * Float.BYTES, 64)
                    : MemorySegment.ofArray(new float[in.length]);
            MemorySegment general = MemorySegment.ofArray(new float[in.length]);
            LanesF32 lanes = new LanesF32();
            long done = lanes.uniform64(plan, new Batch(DType.F32, src, fast, groups, N, null, null), 0, groups);
            assertEquals(groups - groups % L, done, what + ": full blocks done");
            Batch b = new Batch(DType.F32, src, general, groups, N, null, null);
            for (long g = 0; g < done; g += L) {
                for (int lane = 0; lane < L; lane++) {
                    lanes.starts[lane] = (g + lane) * N;
                    lanes.ids[lane] = g + lane;
                }
                lanes.block(plan, b, N, L);
            }
            for (long i = 0; i < done * N; i++) {
                int want = general.getAtIndex(ValueLayout.JAVA_INT, i);
                int got = fast.getAtIndex(ValueLayout.JAVA_INT, i);
                if (want != got) {
                    long g = i / N;
                    float[] group = Arrays.copyOfRange(in, (int) (g * N), (int) (g * N + N));
                    throw new AssertionError(what + (nativeMemory ? " native" : " heap") + " group " + g + " sample " + i % N
                            + ": " + Float.intBitsToFloat(got) + " vs general path " + Float.intBitsToFloat(want) + " for "
                            + Arrays.toString(group));
                }
            }
        }
    }
}
