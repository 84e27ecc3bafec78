package org.pkpo;

import org.pkpo.internal.math.Weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Properties the paper proves or the conventions promise, on groups too large to enumerate. */
@ExtendWith(Seeds.class)
class PropertiesTest {
    private static final long SEED = Seeds.seed(7L);

    /** Theorem 2 (eq. 8): for 0/1 rewards s_i = k/n if correct, else k/n * pass@(k-1) of n-1 with c correct. */
    @Test
    void theorem2ClosedFormOnBinaryRewards() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + rnd.nextInt(200);
            int k = 1 + rnd.nextInt(n);
            double[] f = new double[n];
            int c = 0;
            for (int i = 0; i < n; i++) {
                f[i] = rnd.nextInt(4) == 0 ? 1 : 0;
                c += (int) f[i];
            }
            double[] s = Transform.of(Estimator.S, k).apply(f, n);
            double correct = (double) k / n;
            double incorrect = k == 1 ? 0 : (double) k / n * Pkpo.passAtK(n - 1, c, k - 1);
            for (int i = 0; i < n; i++) {
                assertEquals(f[i] == 1 ? correct : incorrect, s[i], 1e-12,
                        "seed " + SEED + " n=" + n + " k=" + k + " c=" + c + " i=" + i);
            }
            // and rho on 0/1 rewards is eq. 3
            assertEquals(Pkpo.passAtK(n, c, k), Pkpo.rho(k, f), 1e-12, "n=" + n + " k=" + k + " c=" + c);
        }
    }

    /** Permuting a group permutes its outputs, bit for bit. */
    @Test
    void permutationEquivariance() {
        SplittableRandom rnd = new SplittableRandom(SEED + 1);
        for (int trial = 0; trial < 300; trial++) {
            int n = 2 + rnd.nextInt(100);
            double[] g = BruteForceTest.randomGroup(rnd, n);
            int[] perm = Seeds.permutation(rnd, n);
            double[] pg = new double[n];
            for (int i = 0; i < n; i++) {
                pg[i] = g[perm[i]];
            }
            for (Estimator e : Estimator.values()) {
                int k = e == Estimator.LOO ? 1 : 1 + rnd.nextInt(n - 1);
                double[] a = Transform.of(e, k).apply(g, n);
                double[] b = Transform.of(e, k).apply(pg, n);
                if (e.perGroup()) {
                    assertEquals(a[0], b[0], 1e-12 * BruteForceTest.scaleOf(g), "rho is order-free");
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    assertEquals(a[perm[i]], b[i], 0.0, "seed " + SEED + " " + e + " k=" + k + " n=" + n);
                }
            }
        }
    }

    /** Tied rewards get exactly equal outputs, in both dtypes. */
    @Test
    void tiesGetIdenticalOutputs() {
        SplittableRandom rnd = new SplittableRandom(SEED + 2);
        for (int trial = 0; trial < 300; trial++) {
            int n = 2 + rnd.nextInt(300);
            double[] g = new double[n];
            for (int i = 0; i < n; i++) {
                g[i] = (rnd.nextInt(5) - 2) * 0.1f;
            }
            for (Estimator e : new Estimator[] {Estimator.S, Estimator.SLOO, Estimator.SLOO_MINUS_ONE, Estimator.LOO}) {
                int k = e == Estimator.LOO ? 1 : 1 + rnd.nextInt(n - 1);
                double[] y = Transform.of(e, k).apply(g, n);
                float[] y32 = Transform.of(e, k).apply(GoldenVectorTest.toFloat(g), n);
                for (int i = 0; i < n; i++) {
                    for (int j = i + 1; j < n; j++) {
                        if (g[i] == g[j]) {
                            assertEquals(y[i], y[j], 0.0, e + " k=" + k + " tie at " + i + "," + j);
                            assertEquals(y32[i], y32[j], 0.0f, "f32 " + e + " k=" + k + " tie at " + i + "," + j);
                        }
                    }
                }
            }
        }
    }

    /**
     * All-equal groups of value c: s gives c k/n; sloo_minus_one's baseline (k/n) rho_{k-1} cancels it to 0;
     * sloo's baseline, normalised over the n-1 others as eq. 29 and the reference vectors have it, is
     * c k/(n-1), leaving c k/n - c k/(n-1).
     */
    @Test
    void allEqualGroups() {
        double c = 0.3;
        int n = 6;
        double[] g = {c, c, c, c, c, c};
        for (int k = 1; k <= 5; k++) {
            double[] s = Transform.of(Estimator.S, k).apply(g, n);
            double[] sloo = Transform.of(Estimator.SLOO, k).apply(g, n);
            double[] slooM1 = Transform.of(Estimator.SLOO_MINUS_ONE, k).apply(g, n);
            for (int i = 0; i < n; i++) {
                assertEquals(c * k / n, s[i], 1e-15);
                assertEquals(c * k / n - c * k / (n - 1), sloo[i], 1e-15);
                assertEquals(0, slooM1[i], 1e-15);
            }
        }
        assertArrayEquals(new double[n], Transform.of(Estimator.LOO, 1).apply(g, n), 1e-15);
    }

    /** The transforms sum to k * rho (each k-subset is counted once per member), and sloo averages out. */
    @Test
    void sumIdentities() {
        SplittableRandom rnd = new SplittableRandom(SEED + 3);
        for (int trial = 0; trial < 100; trial++) {
            int n = 2 + rnd.nextInt(500);
            int k = 1 + rnd.nextInt(n - 1);
            double[] g = BruteForceTest.randomGroup(rnd, n);
            double sum = 0;
            for (double v : Transform.of(Estimator.S, k).apply(g, n)) {
                sum += v;
            }
            double scale = BruteForceTest.scaleOf(g);
            assertEquals(k * Pkpo.rho(k, g), sum, 1e-11 * scale * k, "n=" + n + " k=" + k);
        }
    }

    /** Large groups stay exact enough: n = 4096 against a double-double-free O(n^2) direct evaluation. */
    @Test
    void largeGroupAgainstDirectSum() {
        SplittableRandom rnd = new SplittableRandom(SEED + 4);
        int n = 2048;
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = rnd.nextDouble() * 2 - 1;
        }
        for (int k : new int[] {1, 7, 64, 1000, 2047}) {
            double[] sorted = g.clone();
            java.util.Arrays.sort(sorted);
            double[] w = Weights.compute(n, k);
            // rho by its definition with weights recomputed via lgamma (independent of the ratio recursion)
            double rho = 0;
            for (int i = k - 1; i < n; i++) {
                rho += Math.exp(lnC(i, k - 1) - lnC(n, k)) * sorted[i];
                assertEquals(Math.exp(lnC(i, k - 1) - lnC(n, k)), w[i], 1e-9 * w[i] + 1e-300, "w[" + i + "] k=" + k);
            }
            assertEquals(rho, Pkpo.rho(k, g), 1e-10, "k=" + k);
        }
    }

    /** Concurrent callers on shared Transform instances get the single-threaded answers. */
    @Test
    void threadSafe() throws Exception {
        SplittableRandom rnd = new SplittableRandom(SEED + 5);
        int n = 37;
        double[] batch = new double[n * 500];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = rnd.nextDouble();
        }
        Transform[] ts = {Transform.of(Estimator.SLOO_MINUS_ONE, 4), Transform.of(Estimator.SLOO, 9), Transform.of(Estimator.S, 37)};
        double[][] want = new double[ts.length][];
        for (int t = 0; t < ts.length; t++) {
            want[t] = ts[t].apply(batch, n);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> fs = new ArrayList<>();
            for (int job = 0; job < 24; job++) {
                int t = job % ts.length;
                Callable<Boolean> c = () -> java.util.Arrays.equals(want[t], ts[t].apply(batch, n));
                fs.add(pool.submit(c));
            }
            for (Future<Boolean> f : fs) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    private static double lnC(int n, int k) {
        return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
    }

    /** log Gamma by Lanczos (g = 7, n = 9), ample for weights checked to 1e-9 relative. */
    private static double lgamma(double x) {
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
        x -= 1;
        double a = c[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) {
            a += c[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }
}
