package org.pkpo.internal.panama;

import org.pkpo.Seeds;
import org.pkpo.internal.kernels.SortingNetwork;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import jdk.incubator.vector.IntVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The unrolled 16-sample network sorts like the table of {@link SortingNetwork} (same comparators, so the
 * same permutation even among ties), and replaying its swap masks backwards restores the original order.
 */
@ExtendWith(Seeds.class)
class Net16F32Test {
    private static final int L = IntVector.SPECIES_PREFERRED.length();
    private static final int N = Net16F32.N;

    @Test
    void sameComparatorsAsTheTable() {
        assertEquals(SortingNetwork.of(N).length / 2, Net16F32.COMPARATORS);
    }

    @Test
    void matchesTableOnEveryZeroOneInputAndRandomTies() {
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(16));
        float[][] lanes = new float[L][N];
        int filled = 0;
        int total = (1 << N) + 4000;
        for (int t = 0; t < total; t++) {
            float[] v = lanes[filled++];
            for (int i = 0; i < N; i++) {
                v[i] = t < (1 << N) ? ((t >>> i) & 1) : switch (t % 4) {
                    case 0 -> rnd.nextInt(3) - 1.0f;
                    case 1 -> (float) rnd.nextGaussian();
                    case 2 -> rnd.nextBoolean() ? -0.0f : 0.0f;
                    default -> (float) (rnd.nextInt(5) * 1e-30);
                };
            }
            if (filled == L || t == total - 1) {
                check(lanes, filled);
                filled = 0;
            }
        }
    }

    private static void check(float[][] lanes, int count) {
        int[] keys = new int[N * L];
        float[] x = new float[N * L];
        int[] swaps = new int[Net16F32.COMPARATORS * L];
        for (int lane = 0; lane < count; lane++) {
            for (int i = 0; i < N; i++) {
                keys[i * L + lane] = Float.floatToRawIntBits(lanes[lane][i]);
            }
        }
        Net16F32.sort(keys, x, swaps);
        // y = original position, to see the permutation the replay undoes.
        float[] y = new float[N * L];
        for (int lane = 0; lane < count; lane++) {
            int[] perm = tablePermutation(lanes[lane]);
            for (int i = 0; i < N; i++) {
                float want = lanes[lane][perm[i]];
                assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(x[i * L + lane]),
                        "sorted value " + i + " of " + java.util.Arrays.toString(lanes[lane]));
                y[i * L + lane] = perm[i];
            }
        }
        Net16F32.unsort(y, swaps);
        for (int lane = 0; lane < count; lane++) {
            for (int i = 0; i < N; i++) {
                assertEquals(i, (int) y[i * L + lane], "unsorted position of " + java.util.Arrays.toString(lanes[lane]));
            }
        }
    }

    /** The generic path: the table's comparators on order-preserving keys, carrying positions. */
    private static int[] tablePermutation(float[] v) {
        int[] key = new int[N];
        int[] pos = new int[N];
        for (int i = 0; i < N; i++) {
            int b = Float.floatToRawIntBits(v[i]);
            key[i] = b ^ ((b >> 31) & 0x7fffffff);
            pos[i] = i;
        }
        int[] net = SortingNetwork.of(N);
        for (int c = 0; c < net.length; c += 2) {
            int a = net[c];
            int b = net[c + 1];
            if (key[a] > key[b]) {
                int t = key[a];
                key[a] = key[b];
                key[b] = t;
                t = pos[a];
                pos[a] = pos[b];
                pos[b] = t;
            }
        }
        return pos;
    }
}
