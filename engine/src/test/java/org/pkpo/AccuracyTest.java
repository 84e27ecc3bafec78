package org.pkpo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pkpo.ExactReference.Q;

/**
 * The accuracy contract (README, "Accuracy"), against {@link ExactReference} on every path: scalar and SIMD
 * kernels, heap and native memory, uniform and ragged batches (ragged groups over 64 take the large-group
 * path), threads, EXCLUDE, and Groups batches (shuffled ids, a masked NaN per group). With u the unit roundoff of the type and L = ceil(log2 n):
 * sloo_minus_one and loo within 4 L u (max g - min g), the others within 4 L u max|g|; times n under
 * {@link Scale#PER_SAMPLE}; plus 4 L times the smallest subnormal where results underflow.
 */
@ExtendWith(Seeds.class)
class AccuracyTest {
    private static final int[] SIZES = {2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 64, 65, 100, 129, 256, 300};
    private static final int GROUPS = 8;

    enum Path {
        SCALAR, SIMD, SIMD_NATIVE, SIMD_RAGGED, SIMD_THREADS, SIMD_EXCLUDE, IDS_SHUFFLED_MASKED
    }

    /** Groups of n rewards at an offset of `offset` spreads, spread `spread`; some with ties. */
    private static double[][] groups(SplittableRandom rnd, int n, double offset, double spread, boolean f32) {
        double[][] g = new double[GROUPS][n];
        for (int j = 0; j < GROUPS; j++) {
            boolean ties = j % 3 == 2;
            for (int i = 0; i < n; i++) {
                double v = offset * spread + spread * (ties ? rnd.nextInt(4) : rnd.nextGaussian());
                g[j][i] = f32 ? (float) v : v;
            }
        }
        return g;
    }

    private static boolean shiftInvariant(Estimator e) {
        return e == Estimator.SLOO_MINUS_ONE || e == Estimator.LOO;
    }

    static BigDecimal bound(Estimator e, Scale scale, double[] g, boolean f32) {
        double max = Arrays.stream(g).max().orElseThrow();
        double min = Arrays.stream(g).min().orElseThrow();
        BigDecimal data = shiftInvariant(e)
                ? new BigDecimal(max).subtract(new BigDecimal(min))
                : new BigDecimal(Math.max(Math.abs(max), Math.abs(min)));
        int n = g.length;
        int logN = 64 - Long.numberOfLeadingZeros(n - 1L); // ceil(log2 n)
        BigDecimal u = new BigDecimal(f32 ? 0x1p-24 : 0x1p-53);
        BigDecimal tiny = new BigDecimal(f32 ? Float.MIN_VALUE : Double.MIN_VALUE);
        BigDecimal b = u.multiply(data).add(tiny).multiply(BigDecimal.valueOf(4L * logN));
        return scale == Scale.PER_SAMPLE && e != Estimator.LOO ? b.multiply(BigDecimal.valueOf(n)) : b;
    }

    /** Runs one path on the groups (all of size n) and returns each group's outputs (one value for rho). */
    static double[][] run(Path path, Transform t, boolean f32, double[][] g) {
        int n = g[0].length;
        int groups = g.length;
        boolean perGroup = t.estimator().perGroup();
        return switch (path) {
            case SCALAR, SIMD -> split(apply(t.kernels(path == Path.SCALAR ? "scalar" : "simd"), f32, flat(g), n), n,
                    groups, perGroup);
            case SIMD_NATIVE -> {
                DType type = f32 ? DType.F32 : DType.F64;
                ValueLayout layout = f32 ? ValueLayout.JAVA_FLOAT : ValueLayout.JAVA_DOUBLE;
                double[] flat = flat(g);
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment in = arena.allocate(layout, flat.length);
                    MemorySegment out = arena.allocate(layout, perGroup ? groups : flat.length);
                    for (int i = 0; i < flat.length; i++) {
                        set(in, f32, i, flat[i]);
                    }
                    t.kernels("simd").apply(type, in, groups, n, out);
                    double[] r = new double[(int) (out.byteSize() / layout.byteSize())];
                    for (int i = 0; i < r.length; i++) {
                        r[i] = f32 ? out.getAtIndex(ValueLayout.JAVA_FLOAT, i) : out.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
                    }
                    yield split(r, n, groups, perGroup);
                }
            }
            case SIMD_RAGGED -> {
                int[] offsets = new int[groups + 1];
                for (int j = 0; j <= groups; j++) {
                    offsets[j] = j * n;
                }
                double[] flat = flat(g);
                Transform s = t.kernels("simd");
                double[] r;
                if (f32) {
                    float[] o = s.applyRagged(toFloat(flat), offsets);
                    r = new double[o.length];
                    for (int i = 0; i < o.length; i++) {
                        r[i] = o[i];
                    }
                } else {
                    r = s.applyRagged(flat, offsets);
                }
                yield split(r, n, groups, perGroup);
            }
            case SIMD_THREADS -> {
                // Enough copies of the groups to be split across threads (32K samples per call at least).
                int copies = (int) (2 * 32768 / ((long) groups * n)) + 2;
                double[][] many = new double[groups * copies][];
                for (int c = 0; c < copies; c++) {
                    System.arraycopy(g, 0, many, c * groups, groups);
                }
                double[][] all = split(apply(t.kernels("simd").threads(2), f32, flat(many), n), n, many.length, perGroup);
                for (int j = groups; j < all.length; j++) {
                    assertTrue(Arrays.equals(all[j], all[j % groups]), "threads: copy " + j + " differs");
                }
                yield Arrays.copyOf(all, groups);
            }
            case SIMD_EXCLUDE -> {
                // One NaN per group, at a position that varies: the others are transformed as the group itself.
                double[][] withNaN = new double[groups][n + 1];
                for (int j = 0; j < groups; j++) {
                    int at = j % (n + 1);
                    for (int i = 0, src = 0; i <= n; i++) {
                        withNaN[j][i] = i == at ? Double.NaN : g[j][src++];
                    }
                }
                double[][] all = split(apply(t.kernels("simd").nonFinite(NonFinite.EXCLUDE), f32, flat(withNaN), n + 1), n + 1,
                        groups, perGroup);
                double[][] r = new double[groups][];
                for (int j = 0; j < groups; j++) {
                    if (perGroup) {
                        r[j] = all[j];
                        continue;
                    }
                    int at = j % (n + 1);
                    assertEquals(0.0, all[j][at], "EXCLUDE: the NaN's output");
                    r[j] = new double[n];
                    for (int i = 0, dst = 0; i <= n; i++) {
                        if (i != at) {
                            r[j][dst++] = all[j][i];
                        }
                    }
                }
                yield r;
            }
            case IDS_SHUFFLED_MASKED -> {
                // Every group plus one masked NaN, samples of all groups shuffled together, ids not 0..groups-1.
                int total = groups * (n + 1);
                int[] perm = Seeds.permutation(new java.util.SplittableRandom(Seeds.seed(77) + total), total);
                double[] flat = new double[total];
                long[] ids = new long[total];
                byte[] mask = new byte[total];
                // Sample perm[q] holds element q of the concatenation (group j = q / (n + 1), the last one masked).
                // Group numbers follow first appearance, so they are remapped below by id.
                for (int q = 0; q < total; q++) {
                    int j = q / (n + 1);
                    int i = q % (n + 1);
                    ids[perm[q]] = 1_000_003L * j - 7;
                    flat[perm[q]] = i == n ? Double.NaN : g[j][i];
                    mask[perm[q]] = (byte) (i == n ? 0 : 1);
                }
                Transform s = t.kernels("simd");
                Groups gs = Groups.ids(ids).mask(mask);
                double[] r;
                if (f32) {
                    float[] o = s.apply(toFloat(flat), gs);
                    r = new double[o.length];
                    for (int i = 0; i < o.length; i++) {
                        r[i] = o[i];
                    }
                } else {
                    r = s.apply(flat, gs);
                }
                double[][] res = new double[groups][perGroup ? 1 : n];
                if (perGroup) {
                    // Group numbers in order of first appearance.
                    java.util.LinkedHashMap<Long, Integer> first = new java.util.LinkedHashMap<>();
                    for (long id : ids) {
                        first.putIfAbsent(id, first.size());
                    }
                    for (int j = 0; j < groups; j++) {
                        res[j][0] = r[first.get(1_000_003L * j - 7)];
                    }
                    yield res;
                }
                for (int q = 0; q < total; q++) {
                    int j = q / (n + 1);
                    int i = q % (n + 1);
                    if (i == n) {
                        assertEquals(0.0, r[perm[q]], "masked sample's output");
                    } else {
                        res[j][i] = r[perm[q]];
                    }
                }
                yield res;
            }
        };
    }

    private static double[] apply(Transform t, boolean f32, double[] flat, int n) {
        if (!f32) {
            return t.apply(flat, n);
        }
        float[] o = t.apply(toFloat(flat), n);
        double[] r = new double[o.length];
        for (int i = 0; i < o.length; i++) {
            r[i] = o[i];
        }
        return r;
    }

    private static void set(MemorySegment s, boolean f32, long i, double v) {
        if (f32) {
            s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) v);
        } else {
            s.setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
        }
    }

    static double[] flat(double[][] g) {
        int n = g[0].length;
        double[] f = new double[g.length * n];
        for (int j = 0; j < g.length; j++) {
            System.arraycopy(g[j], 0, f, j * n, n);
        }
        return f;
    }

    private static double[][] split(double[] r, int n, int groups, boolean perGroup) {
        double[][] out = new double[groups][];
        for (int j = 0; j < groups; j++) {
            out[j] = perGroup ? new double[] {r[j]} : Arrays.copyOfRange(r, j * n, (j + 1) * n);
        }
        return out;
    }

    static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    @Test
    void everyPathWithinTheBoundAtOffsets() {
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(9));
        List<String> bad = new ArrayList<>();
        long checked = 0;
        for (boolean f32 : new boolean[] {true, false}) {
            double[] offsets = f32 ? new double[] {0, 1, 100, 1e4} : new double[] {0, 1e3, 1e6, 1e9};
            for (int n : SIZES) {
                for (double offset : offsets) {
                    double spread = Math.scalb(1.0, rnd.nextInt(-20, 20)) * (1 + rnd.nextDouble());
                    // Threads only change which thread runs a group (ThreadsAndKernelChoiceTest): one offset suffices.
                    boolean threads = offset == offsets[offsets.length - 1];
                    checked += checkAll(groups(rnd, n, offset, spread, f32), f32, threads, rnd,
                            "offset=" + offset + " spread=" + spread, bad);
                }
            }
        }
        assertTrue(bad.isEmpty(), bad.size() + " outside the bound (of " + checked + "):\n" + String.join("\n", bad));
    }

    @Test
    void subnormalGroupsWithinTheBound() {
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(10));
        List<String> bad = new ArrayList<>();
        for (boolean f32 : new boolean[] {true, false}) {
            double tiny = f32 ? Float.MIN_VALUE : Double.MIN_VALUE;
            for (int n : new int[] {2, 3, 16, 17, 64, 100}) {
                double[][] g = new double[GROUPS][n];
                for (double[] row : g) {
                    for (int i = 0; i < n; i++) {
                        row[i] = tiny * rnd.nextInt(-1000, 1000); // exact: multiples of the smallest subnormal
                    }
                }
                checkAll(g, f32, false, rnd, "subnormal", bad);
            }
        }
        assertTrue(bad.isEmpty(), bad.size() + " outside the bound:\n" + String.join("\n", bad));
    }

    /** Every estimator, a few k, every path on the groups; returns how many outputs it checked. */
    private static long checkAll(double[][] g, boolean f32, boolean threads, SplittableRandom rnd, String what,
            List<String> bad) {
        int n = g[0].length;
        long checked = 0;
        for (Estimator e : Estimator.values()) {
            for (int k : ks(e, n)) {
                Scale scale = rnd.nextInt(4) == 0 ? Scale.PER_SAMPLE : Scale.PAPER;
                Transform t = Transform.of(e, k).scale(scale);
                Q[][] exact = new Q[GROUPS][];
                double[][] approx = new double[GROUPS][];
                BigDecimal[] bounds = new BigDecimal[GROUPS];
                for (int j = 0; j < GROUPS; j++) {
                    exact[j] = e.perGroup() ? new Q[] {ExactReference.rho(g[j], k)}
                            : ExactReference.transform(e, k, scale, g[j]);
                    approx[j] = Arrays.stream(exact[j]).mapToDouble(Q::approx).toArray();
                    bounds[j] = bound(e, scale, g[j], f32);
                }
                for (Path path : Path.values()) {
                    if (path == Path.SIMD_THREADS && !threads) {
                        continue;
                    }
                    double[][] got = run(path, t, f32, g);
                    for (int j = 0; j < GROUPS; j++) {
                        BigDecimal b = bounds[j];
                        double bd = b.doubleValue();
                        for (int i = 0; i < got[j].length; i++) {
                            checked++;
                            if (!exact[j][i].within(got[j][i], approx[j][i], b, bd) && bad.size() < 10) {
                                bad.add((f32 ? "f32 " : "f64 ") + path + " " + t + " n=" + n + " " + what + " group " + j
                                        + " i=" + i + ": got " + got[j][i] + ", exact " + exact[j][i].approx() + ", bound "
                                        + b.doubleValue());
                            }
                        }
                    }
                }
            }
        }
        return checked;
    }

    /** A few k per estimator: 1, 2, 4, n/2, n-1, n where valid. */
    static int[] ks(Estimator e, int n) {
        return Arrays.stream(new int[] {1, 2, 4, n / 2, n - 1, n}).distinct()
                .filter(k -> e.whyInvalid(k, n) == null).toArray();
    }
}
