package org.pkpo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pkpo.AccuracyTest.Path;

/**
 * sloo_minus_one and loo are invariant to adding a constant to every reward, and so are the engine's outputs, bit
 * for bit, on every path: a constant group gives exactly 0, and integer rewards shifted by an exactly
 * representable constant give the same bits as unshifted.
 */
@ExtendWith(Seeds.class)
class ShiftInvarianceTest {
    private static final int[] LARGE = {1000, 4096, 5000};

    private static int[] sizes() {
        int[] small = java.util.stream.IntStream.rangeClosed(2, 300).toArray();
        int[] all = Arrays.copyOf(small, small.length + LARGE.length);
        System.arraycopy(LARGE, 0, all, small.length, LARGE.length);
        return all;
    }

    /** sloo_minus_one at a few k, and loo, in both scales. */
    private static List<Transform> transforms(int n) {
        List<Transform> ts = new ArrayList<>();
        for (int k : new int[] {1, 2, 4, n / 2, n}) {
            if (k >= 1 && k <= n) {
                ts.add(Transform.of(Estimator.SLOO_MINUS_ONE, k).scale(k % 2 == 0 ? Scale.PER_SAMPLE : Scale.PAPER));
            }
        }
        ts.add(Transform.of(Estimator.LOO, 1));
        return ts;
    }

    /** Threads copy the batch to 64K samples: only at a few sizes, to keep the suite quick. */
    private static boolean runs(Path path, int n) {
        return path != Path.SIMD_THREADS || n == 2 || n == 16 || n == 100 || n == 300 || n == 5000;
    }

    @Test
    void constantGroupsGiveExactlyZero() {
        float sub32 = Float.MIN_VALUE * 3;
        double sub64 = Double.MIN_VALUE * 5;
        List<String> bad = new ArrayList<>();
        for (boolean f32 : new boolean[] {true, false}) {
            double[] values = f32 ? new double[] {0, 1, 0.7f, 100.1f, -3.3f, 1e30f, 3e38f, sub32, -sub32}
                    : new double[] {0, 1, 0.7, 100.1, -3.3, 1e30, 1e300, sub64, -sub64};
            for (int n : sizes()) {
                for (double v : values) {
                    double[][] g = new double[8][n];
                    for (double[] row : g) {
                        Arrays.fill(row, v);
                    }
                    for (Transform t : transforms(n)) {
                        for (Path path : Path.values()) {
                            if (!runs(path, n)) {
                                continue;
                            }
                            double[][] got = AccuracyTest.run(path, t, f32, g);
                            for (double[] row : got) {
                                for (double y : row) {
                                    if (y != 0 && bad.size() < 10) {
                                        bad.add((f32 ? "f32 " : "f64 ") + path + " " + t + " n=" + n + " value " + v + ": " + y);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(bad.isEmpty(), "constant groups not exactly 0:\n" + String.join("\n", bad));
    }

    @Test
    void integerRewardsShiftedExactlyGiveTheSameBits() {
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(11));
        List<String> bad = new ArrayList<>();
        for (boolean f32 : new boolean[] {true, false}) {
            // Shifts that keep every integer reward exact: below 2^24 for float32, 2^53 for float64.
            double[] shifts = f32 ? new double[] {1024, -1 << 20, 1e6} : new double[] {1 << 30, -1e12, 1e15};
            for (int n : new int[] {2, 3, 5, 8, 15, 16, 17, 31, 64, 65, 100, 256, 300, 1000, 5000}) {
                double[][] g = new double[8][n];
                for (double[] row : g) {
                    for (int i = 0; i < n; i++) {
                        row[i] = rnd.nextInt(-50, 50);
                    }
                }
                for (double shift : shifts) {
                    double[][] h = new double[g.length][];
                    for (int j = 0; j < g.length; j++) {
                        h[j] = Arrays.stream(g[j]).map(x -> x + shift).toArray();
                    }
                    for (Transform t : transforms(n)) {
                        for (Path path : Path.values()) {
                            if (!runs(path, n)) {
                                continue;
                            }
                            double[][] a = AccuracyTest.run(path, t, f32, g);
                            double[][] b = AccuracyTest.run(path, t, f32, h);
                            for (int j = 0; j < a.length; j++) {
                                if (!Arrays.equals(a[j], b[j]) && bad.size() < 10) {
                                    bad.add((f32 ? "f32 " : "f64 ") + path + " " + t + " n=" + n + " shift " + shift + " group " + j
                                            + ":\n  " + Arrays.toString(a[j]) + "\n  " + Arrays.toString(b[j]));
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(bad.isEmpty(), "shifted outputs differ:\n" + String.join("\n", bad));
    }
}
