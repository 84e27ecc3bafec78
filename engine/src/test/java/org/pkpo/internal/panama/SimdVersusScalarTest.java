package org.pkpo.internal.panama;

import org.pkpo.Seeds;
import org.pkpo.DType;
import org.pkpo.Estimator;
import org.pkpo.Scale;
import org.pkpo.internal.math.EstimatorPlan;
import org.pkpo.internal.kernels.Kernels;
import org.pkpo.internal.kernels.ScalarKernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SIMD kernels against the scalar reference, both run in this JVM whatever -Dpkpo.kernels says, on
 * sizes around the vector width (n and groups of 1, L-1, L, L+1, 2L+1, odd, large), on ties, all-equal
 * groups, negative, huge and tiny rewards, uniform and ragged, heap and native, float32 and float64.
 * Both dtypes must match bit for bit, signed zeros included: every kernel performs one operation sequence per
 * group (GroupMath, GroupMathF32 for float32 groups that Float32Groups keeps in float). Tied rewards must get
 * equal outputs, and a group's bits must not depend on the batch around it.
 *
 * <p>Random: streams derive from {@link Seeds} (-Dpkpo.seed), named in every failure.
 */
@ExtendWith(Seeds.class)
class SimdVersusScalarTest {
    static final long SEED = Seeds.seed(20261127L);
    private static final int L32 = LanesF32.L;
    private static final int L64 = LanesF64.L;

    private final SplittableRandom rnd = new SplittableRandom(SEED);
    private final List<String> bad = new ArrayList<>();

    /** Lane-per-group kernels where they apply, and the per-group sort path forced for every size. */
    private static final Kernels[] SIMD = {new PanamaKernels(), new PanamaKernels(0)};

    enum Values { UNIFORM, TIES, ALL_EQUAL, BINARY, NEGATIVE_HUGE, TINY, SIGNED_ZEROS }

    @Test
    void uniformBatchesAroundTheVectorWidth() {
        int[] ns = sizes(L32, L64, 1, 2, 3, 5, 31, 32, 33, 63, 64, 65, 100, 257);
        int[] gs = sizes(L32, L64, 1, 2, 3, 17, 33);
        for (int n : ns) {
            for (int groups : gs) {
                for (Estimator est : Estimator.values()) {
                    for (DType type : DType.values()) {
                        EstimatorPlan plan = randomSpec(est, n);
                        if (plan == null) {
                            continue;
                        }
                        Values v = Values.values()[rnd.nextInt(Values.values().length)];
                        double[] x = values(v, groups * n);
                        check(plan, type, x, n, null, v + " n=" + n + " G=" + groups);
                    }
                }
            }
        }
        assertNone();
    }

    @Test
    void everyValueKindOnEveryEstimator() {
        for (Values v : Values.values()) {
            for (Estimator est : Estimator.values()) {
                for (int n : new int[] {2, 8, 16, 17, 64, 200}) {
                    for (DType type : DType.values()) {
                        EstimatorPlan plan = randomSpec(est, n);
                        if (plan != null) {
                            check(plan, type, values(v, 19 * n), n, null, v + " n=" + n);
                        }
                    }
                }
            }
        }
        assertNone();
    }

    @Test
    void largeGroups() {
        for (int n : new int[] {1000, 4095, 4096, 4097}) {
            for (Estimator est : Estimator.values()) {
                for (DType type : DType.values()) {
                    EstimatorPlan plan = randomSpec(est, n);
                    for (Values v : new Values[] {Values.UNIFORM, Values.TIES, Values.NEGATIVE_HUGE}) {
                        check(plan, type, values(v, 9 * n), n, null, v + " n=" + n);
                    }
                }
            }
        }
        assertNone();
    }

    @Test
    void raggedBatchesMixingSizes() {
        for (int round = 0; round < 60; round++) {
            Estimator est = Estimator.values()[round % Estimator.values().length];
            int k = est == Estimator.LOO ? 1 : 1 + rnd.nextInt(4);
            EstimatorPlan plan = EstimatorPlan.of(est, k, rnd.nextBoolean() ? Scale.PAPER : Scale.PER_SAMPLE);
            int minN = Math.max(2, est == Estimator.SLOO ? k + 1 : k);
            List<Integer> sizes = new ArrayList<>();
            int groups = 1 + rnd.nextInt(40);
            while (sizes.size() < groups) {
                int n = minN + (rnd.nextInt(4) == 0 ? rnd.nextInt(150) : rnd.nextInt(20));
                int repeat = 1 + rnd.nextInt(2 * L32 + 2);
                for (int r = 0; r < repeat && sizes.size() < groups; r++) {
                    sizes.add(n);
                }
            }
            int[] offsets = new int[groups + 1];
            for (int g = 0; g < groups; g++) {
                offsets[g + 1] = offsets[g] + sizes.get(g);
            }
            Values v = Values.values()[rnd.nextInt(Values.values().length)];
            double[] x = values(v, offsets[groups]);
            for (DType type : DType.values()) {
                check(plan, type, x, -1, offsets, "ragged " + v + " sizes=" + sizes);
            }
        }
        assertNone();
    }

    /**
     * Ragged batches on segments go through heap windows of {@link PanamaKernels#WINDOW} samples, each flushing its
     * partial blocks; groups above the ragged lane limit run one by one inside their window, and a group larger than a
     * window directly. Several windows, the first ending exactly at its limit, large groups anywhere, one group larger
     * than a window, sizes on both sides of the lane kernels' vector copies (L..4L), in place and not.
     */
    @Test
    void raggedBatchesAcrossWindows() {
        int window = PanamaKernels.WINDOW;
        List<Integer> sizes = new ArrayList<>();
        int total = 0;
        boolean huge = false;
        while (total < 3 * window + 1000) {
            int n = 2 + rnd.nextInt(4 * L32 + 8);
            if (total < window) { // the first window: small groups only, its last one ending exactly at its edge
                n = window - total <= n + 1 ? window - total : n;
            } else if (!huge && total + 300 >= 2 * window) {
                n = window + 1 + rnd.nextInt(100); // larger than a window: runs on the call's memory
                huge = true;
            } else if (rnd.nextInt(50) == 0) {
                n = 65 + rnd.nextInt(300); // above the ragged lane limit: runs alone, inside its window
            }
            sizes.add(n);
            total += n;
        }
        int[] offsets = new int[sizes.size() + 1];
        for (int g = 0; g < sizes.size(); g++) {
            offsets[g + 1] = offsets[g] + sizes.get(g);
        }
        for (Estimator est : new Estimator[] {Estimator.SLOO_MINUS_ONE, Estimator.S, Estimator.LOO}) {
            EstimatorPlan plan = EstimatorPlan.of(est, est == Estimator.LOO ? 1 : 2, Scale.PAPER);
            Values v = Values.values()[rnd.nextInt(Values.values().length)];
            double[] x = values(v, total);
            for (DType type : DType.values()) {
                double[] want = KernelHarness.run(ScalarKernels.INSTANCE, plan, type, false, x, -1, offsets);
                for (Kernels simd : SIMD) {
                    String what = "windows " + v + " " + type;
                    compare(plan, type, x, -1, offsets, want, KernelHarness.run(simd, plan, type, true, x, -1, offsets),
                            what + " native");
                    compare(plan, type, x, -1, offsets, want, KernelHarness.runInPlace(simd, plan, type, x, offsets),
                            what + " in place");
                }
            }
        }
        assertNone();
    }

    @Test
    void inPlaceMatchesOutOfPlace() {
        for (int n : new int[] {4, 16, 33, 100}) {
            for (DType type : DType.values()) {
                EstimatorPlan plan = EstimatorPlan.of(Estimator.SLOO_MINUS_ONE, 3, Scale.PAPER);
                double[] x = values(Values.TIES, 11 * n);
                for (Kernels simd : SIMD) {
                    double[] want = KernelHarness.run(ScalarKernels.INSTANCE, plan, type, false, x, n, null);
                    double[] got = KernelHarness.runInPlace(simd, plan, type, x, n);
                    compare(plan, type, x, n, null, want, got, "in place n=" + n + " " + type);
                }
            }
        }
        assertNone();
    }

    /**
     * Each group of a batch against the same group alone, in every kernel: full lane blocks, the block tail
     * (which runs group by group), a ragged batch, and a batch holding one group beyond 2^100 (which sends the
     * call to the scalar kernels) must all give the group the bits of a one-group call.
     */
    @Test
    void aGroupsBitsDoNotDependOnTheBatchAroundIt() {
        Kernels[] all = {SIMD[0], SIMD[1], ScalarKernels.INSTANCE};
        for (int n : new int[] {3, 16, 17, 64, 100}) {
            for (Estimator est : Estimator.values()) {
                EstimatorPlan plan = randomSpec(est, n);
                if (plan == null) {
                    continue;
                }
                for (DType type : DType.values()) {
                    int groups = 2 * L32 + 3; // two full blocks and a tail, for either lane count
                    double[] x = values(Values.UNIFORM, groups * n);
                    double[] withHuge = x.clone();
                    withHuge[n / 2] = Math.scalb(1.5, 110); // group 0 goes to double
                    for (Kernels kernels : all) {
                        double[] batch = KernelHarness.run(kernels, plan, type, false, x, n, null);
                        double[] mixed = KernelHarness.run(kernels, plan, type, false, withHuge, n, null);
                        for (int g = 1; g < groups; g++) {
                            double[] one = java.util.Arrays.copyOfRange(x, g * n, (g + 1) * n);
                            double[] alone = KernelHarness.run(ScalarKernels.INSTANCE, plan, type, false, one, n, null);
                            int w = plan.perGroup() ? 1 : n;
                            for (int i = 0; i < w; i++) {
                                int at = g * w + i;
                                String where = kernels.name() + " " + type + " " + plan + " n=" + n + " group " + g + "[" + i + "]";
                                if (Double.doubleToRawLongBits(batch[at]) != Double.doubleToRawLongBits(alone[i])) {
                                    bad.add(where + ": in a batch " + batch[at] + ", alone " + alone[i]);
                                }
                                if (Double.doubleToRawLongBits(mixed[at]) != Double.doubleToRawLongBits(alone[i])) {
                                    bad.add(where + ": beside a 2^110 group " + mixed[at] + ", alone " + alone[i]);
                                }
                            }
                        }
                    }
                }
            }
        }
        assertNone();
    }

    /** Valid (k, scale) for est at n, k drawn from {1, 2, 3, 4, n-1, n}, or null when none exists. */
    private EstimatorPlan randomSpec(Estimator est, int n) {
        Scale scale = rnd.nextBoolean() ? Scale.PAPER : Scale.PER_SAMPLE;
        if (est == Estimator.LOO) {
            return n >= 2 ? EstimatorPlan.of(est, 1, scale) : null;
        }
        int[] ks = {1, 2, 3, 4, n - 1, n};
        for (int t = 0; t < 12; t++) {
            int k = ks[rnd.nextInt(ks.length)];
            if (est.whyInvalid(k, n) == null) {
                return EstimatorPlan.of(est, k, scale);
            }
        }
        return est.whyInvalid(1, n) == null ? EstimatorPlan.of(est, 1, scale) : null;
    }

    private double[] values(Values v, int len) {
        double[] x = new double[len];
        double c = rnd.nextDouble() * 10 - 5;
        for (int i = 0; i < len; i++) {
            x[i] = switch (v) {
                case UNIFORM -> rnd.nextDouble() * 2 - 1;
                case TIES -> rnd.nextInt(4) * 0.25 - 0.5;
                case ALL_EQUAL -> c;
                case BINARY -> rnd.nextInt(2);
                case NEGATIVE_HUGE -> -Math.scalb(rnd.nextDouble() + 0.5, 90 + rnd.nextInt(10));
                case TINY -> Math.scalb(rnd.nextDouble() - 0.5, -100);
                case SIGNED_ZEROS -> switch (rnd.nextInt(4)) {
                    case 0 -> -0.0;
                    case 1 -> 0.0;
                    case 2 -> 1.0;
                    default -> -1.0;
                };
            };
            x[i] = (float) x[i]; // exactly representable in both types
        }
        return x;
    }

    private void check(EstimatorPlan plan, DType type, double[] x, int n, int[] offsets, String what) {
        double[] want = KernelHarness.run(ScalarKernels.INSTANCE, plan, type, false, x, n, offsets);
        for (Kernels simd : SIMD) {
            boolean offHeap = rnd.nextBoolean();
            double[] got = KernelHarness.run(simd, plan, type, offHeap, x, n, offsets);
            compare(plan, type, x, n, offsets, want, got, what + (offHeap ? " native " : " heap ") + type);
        }
    }

    private void compare(EstimatorPlan plan, DType type, double[] x, int n, int[] offsets, double[] want, double[] got,
            String what) {
        int groups = offsets != null ? offsets.length - 1 : x.length / n;
        boolean perGroup = plan.perGroup();
        for (int g = 0; g < groups && bad.size() < 20; g++) {
            int s = offsets != null ? offsets[g] : g * n;
            int e = offsets != null ? offsets[g + 1] : (g + 1) * n;
            int from = perGroup ? g : s;
            int to = perGroup ? g + 1 : e;
            for (int i = from; i < to; i++) {
                if (Double.doubleToRawLongBits(got[i]) != Double.doubleToRawLongBits(want[i])) {
                    bad.add(what + " " + plan + " group " + g + " [" + (i - from) + "]: scalar " + want[i] + ", simd "
                            + got[i] + " (not the same bits)");
                }
            }
            if (!perGroup && e - s <= 4096) { // quadratic: huge groups are checked for their bits only
                for (int i = s; i < e; i++) {
                    for (int j = i + 1; j < e; j++) {
                        if (Double.doubleToRawLongBits(x[i]) == Double.doubleToRawLongBits(x[j]) && got[i] != got[j]) {
                            bad.add(what + " " + plan + " group " + g + ": tie " + x[i] + " at " + (i - s) + " and "
                                    + (j - s) + " got " + got[i] + " vs " + got[j]);
                        }
                    }
                }
            }
        }
    }

    private static int[] sizes(int l32, int l64, int... extra) {
        java.util.TreeSet<Integer> set = new java.util.TreeSet<>();
        for (int l : new int[] {l32, l64}) {
            set.add(l - 1);
            set.add(l);
            set.add(l + 1);
            set.add(2 * l + 1);
        }
        for (int e : extra) {
            set.add(e);
        }
        set.remove(0);
        return set.stream().mapToInt(Integer::intValue).toArray();
    }

    private void assertNone() {
        assertTrue(bad.isEmpty(), "seed " + SEED + " (-Dpkpo.seed=" + SEED + "): " + bad.size() + " mismatches, first:\n"
                + String.join("\n", bad.subList(0, Math.min(10, bad.size()))));
    }
}
