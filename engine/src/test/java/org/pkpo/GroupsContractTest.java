package org.pkpo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract of {@link Groups} calls, one suite run against every form (uniform, offsets, int32 and int64
 * ids contiguous and shuffled, heap arrays and native segments): each group's outputs are bit for bit those
 * of a separate uniform call on that group's valid samples with that group's k; masked samples (NaN here, so
 * a read would show) and zeroed groups get 0; the report counts them; errors name the group and write nothing.
 */
@ExtendWith(Seeds.class)
class GroupsContractTest {
    /** A batch in "logical" form: groups of samples, a validity per sample, a k per group. */
    record Case(Estimator est, Scale scale, double[][] rewards, boolean[][] valid, int[] k) {
        int groups() {
            return rewards.length;
        }

        int samples() {
            return Arrays.stream(rewards).mapToInt(r -> r.length).sum();
        }
    }

    enum Form {
        OFFSETS, OFFSETS_NATIVE, IDS32_CONTIGUOUS, IDS64_SHUFFLED, IDS64_SHUFFLED_NATIVE, IDS32_SHUFFLED
    }

    /** Random groups of sizes 1..40 (and a few larger), ties, a mask and a k per group. */
    static Case randomCase(SplittableRandom rnd, Estimator est, int groups, double maskRate, boolean allowTooSmall) {
        double[][] r = new double[groups][];
        boolean[][] v = new boolean[groups][];
        int[] k = new int[groups];
        for (int g = 0; g < groups; g++) {
            int n = rnd.nextInt(10) == 0 ? 60 + rnd.nextInt(90) : 1 + rnd.nextInt(40);
            r[g] = new double[n];
            v[g] = new boolean[n];
            int m = 0;
            for (int i = 0; i < n; i++) {
                r[g][i] = rnd.nextInt(3) == 0 ? rnd.nextInt(4) : rnd.nextDouble() * 10 - 3;
                v[g][i] = rnd.nextDouble() >= maskRate;
                if (!v[g][i]) {
                    r[g][i] = Double.NaN; // never read
                } else {
                    m++;
                }
            }
            int kk = est == Estimator.LOO ? 1 : 1 + rnd.nextInt(Math.max(1, Math.min(m, 6)));
            if (est == Estimator.SLOO && kk >= m && m > 1) {
                kk = m - 1;
            }
            if (allowTooSmall && est != Estimator.LOO && rnd.nextInt(8) == 0) {
                kk = m + 1;
            }
            k[g] = kk;
            if (!allowTooSmall && est.whyInvalid(kk, m) != null) {
                // make the group big enough: unmask everything and add samples
                r[g] = new double[] {1, 2.5, -1, 7, 0.5, 3, 3, 8};
                v[g] = new boolean[r[g].length];
                Arrays.fill(v[g], true);
                k[g] = est == Estimator.LOO ? 1 : 1 + rnd.nextInt(4);
            }
        }
        return new Case(est, rnd.nextInt(3) == 0 ? Scale.PER_SAMPLE : Scale.PAPER, r, v, k);
    }

    /** Per group: its outputs by separate uniform calls on the valid samples (null when zeroed). */
    static double[][] reference(Case c, boolean f32) {
        double[][] out = new double[c.groups()][];
        for (int g = 0; g < c.groups(); g++) {
            double[] vals = valid(c, g);
            if (c.est.whyInvalid(c.k[g], vals.length) != null) {
                continue;
            }
            Transform t = Transform.of(c.est, c.k[g]).scale(c.scale);
            if (f32) {
                float[] o = t.apply(toFloat(vals), vals.length);
                out[g] = toDouble(o);
            } else {
                out[g] = t.apply(vals, vals.length);
            }
        }
        return out;
    }

    static double[] valid(Case c, int g) {
        double[] vals = new double[c.rewards[g].length];
        int m = 0;
        for (int i = 0; i < vals.length; i++) {
            if (c.valid[g][i]) {
                vals[m++] = c.rewards[g][i];
            }
        }
        return Arrays.copyOf(vals, m);
    }

    /** A flattened call of a case in one form, with the sample order and the group numbering it implies. */
    static final class Flat {
        double[] rewards;
        byte[] mask;
        int[] offsets;
        long[] ids;
        int[] perGroupK; // in the call's group order
        int[] sampleGroup; // logical group of each sample
        int[] sampleIndex; // index within its logical group
        int[] callGroupOf; // logical group -> call group number
        int[] logicalIndex; // index within its logical group, as the case holds it
        Case ordered; // the case with each group's samples in the order the call holds them
        boolean plain; // no mask and no per-group k: the call's k for every group
        boolean maskOnly; // a mask but no per-group k

        Groups groups(Form form, Arena arena) {
            Groups g = switch (form) {
                case OFFSETS -> Groups.offsets(offsets);
                case OFFSETS_NATIVE -> Groups.offsets(arena.allocateFrom(ValueLayout.JAVA_LONG,
                        Arrays.stream(offsets).asLongStream().toArray()), offsets.length - 1);
                case IDS32_CONTIGUOUS, IDS32_SHUFFLED -> Groups.ids(Arrays.stream(ids).mapToInt(x -> (int) x).toArray());
                case IDS64_SHUFFLED -> Groups.ids(ids);
                case IDS64_SHUFFLED_NATIVE -> Groups.ids64(arena.allocateFrom(ValueLayout.JAVA_LONG, ids));
            };
            boolean nat = form == Form.OFFSETS_NATIVE || form == Form.IDS64_SHUFFLED_NATIVE;
            if (plain) {
                return g;
            }
            g = nat ? g.mask(arena.allocateFrom(ValueLayout.JAVA_BYTE, mask)) : g.mask(mask);
            if (maskOnly) {
                return g;
            }
            return nat ? g.k(arena.allocateFrom(ValueLayout.JAVA_INT, perGroupK)) : g.k(perGroupK);
        }
    }

    static Flat flatten(Case c, Form form, SplittableRandom rnd) {
        int total = c.samples();
        Flat f = new Flat();
        f.rewards = new double[total];
        f.mask = new byte[total];
        f.sampleGroup = new int[total];
        f.sampleIndex = new int[total];
        boolean shuffled = form == Form.IDS64_SHUFFLED || form == Form.IDS64_SHUFFLED_NATIVE || form == Form.IDS32_SHUFFLED;
        int[] perm = shuffled ? Seeds.permutation(rnd, total) : null;
        long[] groupId = new long[c.groups()];
        for (int g = 0; g < c.groups(); g++) {
            // Distinct ids, not 0..G-1, negative ones too; int32-safe for the int32 forms.
            groupId[g] = form == Form.IDS64_SHUFFLED || form == Form.IDS64_SHUFFLED_NATIVE
                    ? (g * 0x9E3779B97F4A7C15L) ^ 0x5DEECE66DL : (g * 7919L) - 50_000;
        }
        f.ids = new long[total];
        f.offsets = new int[c.groups() + 1];
        int q = 0;
        for (int g = 0; g < c.groups(); g++) {
            for (int i = 0; i < c.rewards[g].length; i++, q++) {
                int at = shuffled ? perm[q] : q;
                f.rewards[at] = c.rewards[g][i];
                f.mask[at] = (byte) (c.valid[g][i] ? 1 + rnd.nextInt(200) : 0); // any nonzero byte is valid
                f.ids[at] = groupId[g];
                f.sampleGroup[at] = g;
                f.sampleIndex[at] = i;
            }
            f.offsets[g + 1] = q;
        }
        // Call group numbers: first appearance for ids, logical order otherwise.
        f.callGroupOf = new int[c.groups()];
        if (shuffled) {
            Map<Long, Integer> first = new LinkedHashMap<>();
            for (long id : f.ids) {
                first.putIfAbsent(id, first.size());
            }
            for (int g = 0; g < c.groups(); g++) {
                f.callGroupOf[g] = first.get(groupId[g]);
            }
        } else {
            for (int g = 0; g < c.groups(); g++) {
                f.callGroupOf[g] = g;
            }
        }
        f.perGroupK = new int[c.groups()];
        for (int g = 0; g < c.groups(); g++) {
            f.perGroupK[f.callGroupOf[g]] = c.k[g];
        }
        // A separate call gets a group's samples in the order the batch holds them (ties sort by position).
        double[][] r = new double[c.groups()][];
        boolean[][] v = new boolean[c.groups()][];
        int[] fill = new int[c.groups()];
        f.logicalIndex = f.sampleIndex.clone();
        for (int g = 0; g < c.groups(); g++) {
            r[g] = new double[c.rewards[g].length];
            v[g] = new boolean[c.rewards[g].length];
        }
        for (int i = 0; i < total; i++) {
            int g = f.sampleGroup[i];
            int j = fill[g]++;
            r[g][j] = c.rewards[g][f.sampleIndex[i]];
            v[g][j] = c.valid[g][f.sampleIndex[i]];
            f.sampleIndex[i] = j;
        }
        f.ordered = new Case(c.est, c.scale, r, v, c.k);
        return f;
    }

    /** Runs the case in one form; returns outputs in sample order (one per call group for rho). */
    static double[] call(Transform t, Case c, Flat f, Form form, boolean f32, TransformReport[] report) {
        boolean perGroup = c.est.perGroup();
        try (Arena arena = Arena.ofConfined()) {
            Groups groups = f.groups(form, arena);
            boolean nat = form == Form.OFFSETS_NATIVE || form == Form.IDS64_SHUFFLED_NATIVE;
            int outLen = perGroup ? c.groups() : f.rewards.length;
            if (nat) {
                ValueLayout l = f32 ? ValueLayout.JAVA_FLOAT : ValueLayout.JAVA_DOUBLE;
                MemorySegment in = f32 ? arena.allocateFrom(ValueLayout.JAVA_FLOAT, toFloat(f.rewards))
                        : arena.allocateFrom(ValueLayout.JAVA_DOUBLE, f.rewards);
                MemorySegment out = arena.allocate(l, Math.max(1, outLen));
                report[0] = t.apply(f32 ? DType.F32 : DType.F64, in, f.rewards.length, groups, out);
                return f32 ? toDouble(out.asSlice(0, outLen * 4L).toArray(ValueLayout.JAVA_FLOAT))
                        : out.asSlice(0, outLen * 8L).toArray(ValueLayout.JAVA_DOUBLE);
            }
            if (f32) {
                float[] out = new float[outLen];
                report[0] = t.apply(toFloat(f.rewards), groups, out);
                return toDouble(out);
            }
            double[] out = new double[outLen];
            report[0] = t.apply(f.rewards, groups, out);
            return out;
        }
    }

    /** Checks one form's outputs against the reference, bit for bit; returns the mismatches. */
    static void check(Case c, Flat f, double[] got, double[][] ref, String what, List<String> bad) {
        boolean f32 = what.endsWith("f32");
        double[] tol = new double[c.groups()];
        for (int g = 0; g < c.groups(); g++) {
            double m = 0;
            for (double v : valid(c, g)) {
                m = Math.max(m, Math.abs(v));
            }
            tol[g] = f32 && !F32_BIT_EXACT ? 16 * Math.ulp(1f) * m * (c.scale == Scale.PER_SAMPLE ? c.rewards[g].length : 1)
                    : 0;
        }
        if (c.est.perGroup()) {
            for (int g = 0; g < c.groups(); g++) {
                double want = ref[g] == null ? 0.0 : ref[g][0];
                same(bad, what + " group " + g, want, got[f.callGroupOf[g]], tol[g]);
            }
            return;
        }
        for (int i = 0; i < got.length; i++) {
            int g = f.sampleGroup[i];
            int j = f.sampleIndex[i];
            double want;
            if (ref[g] == null || !c.valid[g][j]) {
                want = 0.0;
            } else {
                int r = 0;
                for (int x = 0; x < j; x++) {
                    r += c.valid[g][x] ? 1 : 0;
                }
                want = ref[g][r];
            }
            same(bad, what + " group " + g + " sample " + j, want, got[i], tol[g]);
        }
    }

    /**
     * Float32 kernels are not yet position-independent (a group in a full lane block computes in float, a lone
     * group in double), so until they are, float32 batches are held to 16 ulps of the group's largest |reward|;
     * float64 is held bit for bit.
     */
    static final boolean F32_BIT_EXACT = true;

    static void same(List<String> bad, String what, double want, double got, double tol) {
        // Bit for bit, except that 0.0 and -0.0 are the same output.
        boolean ok = tol > 0 ? Math.abs(want - got) <= tol
                : Double.doubleToLongBits(want) == Double.doubleToLongBits(got) || (want == 0 && got == 0);
        if (!ok && bad.size() < 10) {
            bad.add(what + ": separate call " + want + ", batch " + got);
        }
    }

    @Test
    void everyFormEqualsSeparateCallsBitForBit() {
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(101));
        List<String> bad = new ArrayList<>();
        int checked = 0;
        for (Estimator est : Estimator.values()) {
            for (int rep = 0; rep < 3; rep++) {
                // Enough groups of each size to fill lane blocks, so the lane kernels run.
                Case c = randomCase(rnd, est, 300 + rnd.nextInt(200), rep == 0 ? 0 : 0.15, rep == 2);
                TooSmall ts = rep == 2 ? TooSmall.ZERO : TooSmall.REJECT;
                for (boolean f32 : new boolean[] {false, true}) {
                    Transform t = Transform.of(est, est == Estimator.LOO ? 1 : 3).scale(c.scale).tooSmall(ts);
                    for (Form form : Form.values()) {
                        Flat f = flatten(c, form, rnd);
                        double[][] ref = reference(f.ordered, f32);
                        TransformReport[] rep0 = new TransformReport[1];
                        double[] got = call(t, c, f, form, f32, rep0);
                        check(f.ordered, f, got, ref, est + " " + form + (f32 ? " f32" : " f64"), bad);
                        checked++;
                        long maskedWant = Arrays.stream(c.valid).mapToLong(v -> {
                            long m = 0;
                            for (boolean b : v) {
                                m += b ? 0 : 1;
                            }
                            return m;
                        }).sum();
                        long zeroedWant = Arrays.stream(ref).filter(x -> x == null).count();
                        assertEquals(new TransformReport(c.groups(), c.samples(), 0, zeroedWant, maskedWant), rep0[0],
                                form + " report");
                    }
                }
            }
        }
        assertTrue(checked > 100);
        assertTrue(bad.isEmpty(), bad.size() + " mismatches:\n" + String.join("\n", bad));
    }

    /** Big enough (over 64K samples) for the partitioned id mapping of shuffled ids. */
    @Test
    void bigShuffledBatchesEqualSeparateCalls() {
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(108));
        List<String> bad = new ArrayList<>();
        Case c = randomCase(rnd, Estimator.SLOO_MINUS_ONE, 6000, 0.1, true);
        assertTrue(c.samples() > 1 << 16, "samples " + c.samples());
        Transform t = Transform.of(Estimator.SLOO_MINUS_ONE, 2).scale(c.scale()).tooSmall(TooSmall.ZERO);
        for (boolean f32 : new boolean[] {false, true}) {
            for (Form form : new Form[] {Form.OFFSETS, Form.IDS64_SHUFFLED, Form.IDS32_SHUFFLED, Form.IDS64_SHUFFLED_NATIVE}) {
                Flat f = flatten(c, form, rnd);
                double[] got = call(t, c, f, form, f32, new TransformReport[1]);
                check(f.ordered, f, got, reference(f.ordered, f32), "big " + form + (f32 ? " f32" : " f64"), bad);
            }
        }
        assertTrue(bad.isEmpty(), bad.size() + " mismatches:\n" + String.join("\n", bad));
    }

    /**
     * The partitioned id mapping numbers groups in its own layout and maps them back: rho's one value per group
     * lands at the group's first-appearance number, with per-group k read at that number too.
     */
    @Test
    void bigShuffledRhoWritesGroupsInFirstAppearanceOrder() {
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(109));
        List<String> bad = new ArrayList<>();
        Case c = randomCase(rnd, Estimator.RHO, 6000, 0.1, true);
        assertTrue(c.samples() > 1 << 16, "samples " + c.samples());
        Transform t = Transform.of(Estimator.RHO, 1).tooSmall(TooSmall.ZERO);
        for (boolean f32 : new boolean[] {false, true}) {
            for (Form form : new Form[] {Form.IDS64_SHUFFLED, Form.IDS64_SHUFFLED_NATIVE}) {
                Flat f = flatten(c, form, rnd);
                double[] got = call(t, c, f, form, f32, new TransformReport[1]);
                check(f.ordered, f, got, reference(f.ordered, f32), "big rho " + form + (f32 ? " f32" : " f64"), bad);
            }
        }
        assertTrue(bad.isEmpty(), bad.size() + " mismatches:\n" + String.join("\n", bad));
    }

    /** A rejected group of a big shuffled batch is named by its first-appearance number and its id. */
    @Test
    void bigShuffledBatchNamesTheRejectedGroup() {
        int groups = 8192;
        int n = 16;
        long[] ids = new long[groups * n];
        double[] x = new double[ids.length];
        int[] perm = Seeds.permutation(new SplittableRandom(Seeds.seed(110)), ids.length);
        for (int q = 0; q < ids.length; q++) {
            ids[perm[q]] = (q / n) * 0x9E3779B97F4A7C15L + 12345;
            x[perm[q]] = q % 7;
        }
        // The group whose first sample comes 5000th among first samples gets a k its 16 samples cannot take.
        Map<Long, Integer> first = new LinkedHashMap<>();
        for (long id : ids) {
            first.putIfAbsent(id, first.size());
        }
        long victim = first.keySet().stream().skip(5000).findFirst().orElseThrow();
        int[] k = new int[groups];
        Arrays.fill(k, 2);
        k[5000] = 17;
        rejects(PkpoException.Reason.BAD_K, Transform.of(Estimator.SLOO_MINUS_ONE, 2), x, Groups.ids(ids).k(k),
                "group 5000 (id " + victim + ")", "k=17");
        // The same without per-group k: a mask empties that group, the message ranks it on demand.
        byte[] mask = new byte[ids.length];
        for (int i = 0; i < ids.length; i++) {
            mask[i] = (byte) (ids[i] == victim ? 0 : 1);
        }
        rejects(PkpoException.Reason.BAD_K, Transform.of(Estimator.SLOO_MINUS_ONE, 2), x, Groups.ids(ids).mask(mask),
                "group 5000 (id " + victim + ")", "0 valid samples");
    }

    /**
     * Whole groups and one k (no mask, none too small): offsets, contiguous ids and big shuffled ids run as one
     * ragged call of the lane kernels (groups of a size share blocks wherever they are), bit for bit as separate
     * calls, sizes 2..70 (past the lanes' ragged limit of 64), per-sample and per-group estimators.
     */
    @Test
    void wholeGroupsWithOneKEqualSeparateCalls() {
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(111));
        List<String> bad = new ArrayList<>();
        for (Estimator est : new Estimator[] {Estimator.SLOO_MINUS_ONE, Estimator.RHO}) {
            int groups = 4500;
            double[][] r = new double[groups][];
            boolean[][] v = new boolean[groups][];
            int[] k = new int[groups];
            for (int g = 0; g < groups; g++) {
                int n = 2 + (rnd.nextInt(20) == 0 ? rnd.nextInt(69) : rnd.nextInt(30));
                r[g] = new double[n];
                v[g] = new boolean[n];
                Arrays.fill(v[g], true);
                for (int i = 0; i < n; i++) {
                    r[g][i] = rnd.nextInt(3) == 0 ? rnd.nextInt(4) : rnd.nextDouble() * 10 - 3;
                }
                k[g] = 2;
            }
            Case c = new Case(est, Scale.PAPER, r, v, k);
            assertTrue(c.samples() > 1 << 16, "samples " + c.samples());
            Transform t = Transform.of(est, 2);
            for (boolean f32 : new boolean[] {false, true}) {
                for (Form form : Form.values()) {
                    Flat f = flatten(c, form, rnd);
                    f.plain = true;
                    TransformReport[] report = new TransformReport[1];
                    double[] got = call(t, c, f, form, f32, report);
                    assertEquals(new TransformReport(groups, c.samples(), 0, 0, 0), report[0]);
                    check(f.ordered, f, got, reference(f.ordered, f32), est + " " + form + (f32 ? " f32" : " f64"), bad);
                }
            }
        }
        assertTrue(bad.isEmpty(), bad.size() + " mismatches:\n" + String.join("\n", bad));
    }

    /**
     * A mask (and NaN under it) with one k: offsets and contiguous ids compact the valid samples into one ragged
     * call; groups the mask leaves too small are zeroed. Bit for bit as separate calls of the valid samples.
     */
    @Test
    void maskedGroupsWithOneKEqualSeparateCalls() {
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(112));
        List<String> bad = new ArrayList<>();
        Case r = randomCase(rnd, Estimator.SLOO_MINUS_ONE, 4000, 0.1, true);
        int[] k = new int[r.groups()];
        Arrays.fill(k, 2);
        Case c = new Case(r.est(), r.scale(), r.rewards(), r.valid(), k);
        Transform t = Transform.of(Estimator.SLOO_MINUS_ONE, 2).scale(c.scale()).tooSmall(TooSmall.ZERO);
        for (boolean f32 : new boolean[] {false, true}) {
            for (Form form : Form.values()) {
                Flat f = flatten(c, form, rnd);
                f.maskOnly = true;
                double[] got = call(t, c, f, form, f32, new TransformReport[1]);
                check(f.ordered, f, got, reference(f.ordered, f32), "masked " + form + (f32 ? " f32" : " f64"), bad);
            }
        }
        assertTrue(bad.isEmpty(), bad.size() + " mismatches:\n" + String.join("\n", bad));
    }

    /**
     * The one-pass masked path (groups in runs, one k, finite rewards under the mask, no group left too small):
     * masked samples hold finite values that must not be read, and get +0.0; every form, f32 and f64, heap and
     * native (shuffled ids through the partitioned mapping's layout), as separate calls of the valid samples; the
     * report counts the masked samples. Uniform groups with a
     * mask, and an in-place call, go the same way.
     */
    @Test
    void maskedFiniteRewardsWithOneKEqualSeparateCalls() {
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(113));
        List<String> bad = new ArrayList<>();
        int groups = 6000; // over 64K samples: shuffled ids take the partitioned mapping
        double[][] r = new double[groups][];
        boolean[][] v = new boolean[groups][];
        long maskedWant = 0;
        for (int g = 0; g < groups; g++) {
            int n = 3 + rnd.nextInt(g % 5 == 0 ? 60 : 20);
            r[g] = new double[n];
            v[g] = new boolean[n];
            int m = 0;
            for (int i = 0; i < n; i++) {
                r[g][i] = rnd.nextInt(3) == 0 ? rnd.nextInt(4) + 1e6 : rnd.nextDouble() * 10 - 3 + 1e6; // an offset
                // At least 3 valid samples: k = 2 needs 2, so no group is zeroed.
                v[g][i] = i < 3 || rnd.nextDouble() >= 0.1;
                m += v[g][i] ? 1 : 0;
                if (!v[g][i]) {
                    r[g][i] = rnd.nextBoolean() ? 1e30 : -1e30; // finite, and would change every output if read
                }
            }
            maskedWant += n - m;
        }
        int[] k = new int[groups];
        Arrays.fill(k, 2);
        Case c = new Case(Estimator.SLOO_MINUS_ONE, Scale.PAPER, r, v, k);
        assertTrue(c.samples() > 1 << 16, "samples " + c.samples());
        Transform t = Transform.of(Estimator.SLOO_MINUS_ONE, 2);
        for (boolean f32 : new boolean[] {false, true}) {
            for (Form form : Form.values()) {
                Flat f = flatten(c, form, rnd);
                f.maskOnly = true;
                TransformReport[] rep = new TransformReport[1];
                double[] got = call(t, c, f, form, f32, rep);
                String what = "masked finite " + form + (f32 ? " f32" : " f64");
                check(f.ordered, f, got, reference(f.ordered, f32), what, bad);
                assertEquals(new TransformReport(groups, c.samples(), 0, 0, maskedWant), rep[0], what + " report");
                for (int i = 0; i < got.length; i++) {
                    if (f.mask[i] == 0 && Double.doubleToRawLongBits(got[i]) != 0) {
                        bad.add(what + ": masked sample " + i + " got " + got[i] + ", not +0.0");
                        break;
                    }
                }
            }
        }
        // Uniform groups of 8 with a mask, in place: the outputs overwrite the rewards.
        int n = 8;
        double[] x = new double[groups * n];
        byte[] mask = new byte[x.length];
        double[][] rr = new double[groups][n];
        boolean[][] vv = new boolean[groups][n];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble() * 4 - 100;
            boolean ok = i % n < 3 || rnd.nextDouble() >= 0.2;
            mask[i] = (byte) (ok ? 1 : 0);
            if (!ok) {
                x[i] = 1e300;
            }
            rr[i / n][i % n] = x[i];
            vv[i / n][i % n] = ok;
        }
        Case u = new Case(Estimator.SLOO_MINUS_ONE, Scale.PAPER, rr, vv, k);
        double[][] ref = reference(u, false);
        Transform.of(Estimator.SLOO_MINUS_ONE, 2).apply(x, Groups.uniform(n).mask(mask), x);
        for (int i = 0; i < x.length; i++) {
            int g = i / n;
            int j = 0;
            for (int q = 0; q < i % n; q++) {
                j += vv[g][q] ? 1 : 0;
            }
            double want = vv[g][i % n] ? ref[g][j] : 0.0;
            same(bad, "uniform masked in place sample " + i, want, x[i], 0);
        }
        assertTrue(bad.isEmpty(), bad.size() + " mismatches:\n" + String.join("\n", bad));
    }

    /**
     * Ids in runs are mapped in one pass that gives up when an id comes back: here every group is a run except
     * that one sample of the first group comes last, after more runs than the run set first holds (it grows).
     * Outputs equal the contiguous batch's, sample for sample, and the contiguous batch equals its offsets form.
     */
    @Test
    void anIdComingBackAfterManyRunsEqualsTheContiguousBatch() {
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(114));
        int groups = 5000;
        int[] off = new int[groups + 1];
        for (int g = 0; g < groups; g++) {
            off[g + 1] = off[g] + 4 + rnd.nextInt(9);
        }
        int samples = off[groups];
        double[] x = new double[samples];
        long[] ids = new long[samples];
        int[] ids32 = new int[samples];
        for (int g = 0; g < groups; g++) {
            for (int i = off[g]; i < off[g + 1]; i++) {
                x[i] = rnd.nextInt(4) == 0 ? 2 : rnd.nextDouble() * 8 - 1;
                ids[i] = g * 0x9E3779B97F4A7C15L + 17;
                ids32[i] = g * 7919 - 40_000;
            }
        }
        Transform t = Transform.of(Estimator.SLOO_MINUS_ONE, 3);
        double[] byOffsets = new double[samples];
        t.apply(x, Groups.offsets(off), byOffsets);
        double[] contiguous = new double[samples];
        t.apply(x, Groups.ids(ids), contiguous);
        assertArrayEquals(byOffsets, contiguous, "contiguous int64 ids");
        t.apply(x, Groups.ids(ids32), contiguous);
        assertArrayEquals(byOffsets, contiguous, "contiguous int32 ids");
        // Move group 0's last sample (index off[1] - 1) to the end.
        int moved = off[1] - 1;
        double[] y = new double[samples];
        long[] idsY = new long[samples];
        int[] ids32Y = new int[samples];
        int[] from = new int[samples];
        for (int i = 0, q = 0; i < samples; i++) {
            if (i != moved) {
                from[q++] = i;
            }
        }
        from[samples - 1] = moved;
        for (int q = 0; q < samples; q++) {
            y[q] = x[from[q]];
            idsY[q] = ids[from[q]];
            ids32Y[q] = ids32[from[q]];
        }
        for (int wide = 0; wide < 2; wide++) {
            double[] got = new double[samples];
            TransformReport rep = t.apply(y, wide == 1 ? Groups.ids(idsY) : Groups.ids(ids32Y), got);
            assertEquals(groups, rep.groups());
            for (int q = 0; q < samples; q++) {
                assertEquals(byOffsets[from[q]], got[q], 0.0, (wide == 1 ? "int64" : "int32") + " sample " + q);
            }
        }
    }

    /**
     * The check that ids in runs are distinct keys on a hash in which only the id 0 hashes to 0 (the table's empty
     * mark): 0, Long.MIN_VALUE and -1 coming back after their runs are still found, and in runs they are groups.
     */
    @Test
    void zeroAndExtremeIdsComingBackAreOneGroup() {
        long[][] cases = {
            {0, 0, 5, 5, 0},
            {5, 0, 0, 5, 5},
            {Long.MIN_VALUE, Long.MIN_VALUE, 0, 0, Long.MIN_VALUE},
            {-1, 7, 7, -1, -1},
        };
        double[] x = {0.25, 1.5, -2, 3, 0.75};
        Transform t = Transform.of(Estimator.SLOO_MINUS_ONE, 1);
        for (long[] ids : cases) {
            // The same groups written as contiguous runs, sample by sample.
            Integer[] byId = {0, 1, 2, 3, 4};
            java.util.Arrays.sort(byId, (a, b) -> {
                int first = Integer.compare(firstIndex(ids, ids[a]), firstIndex(ids, ids[b]));
                return first != 0 ? first : Integer.compare(a, b);
            });
            double[] xs = new double[5];
            long[] sortedIds = new long[5];
            for (int q = 0; q < 5; q++) {
                xs[q] = x[byId[q]];
                sortedIds[q] = ids[byId[q]];
            }
            double[] want = new double[5];
            TransformReport wr = t.apply(xs, Groups.ids(sortedIds), want);
            double[] got = new double[5];
            TransformReport gr = t.apply(x, Groups.ids(ids), got);
            assertEquals(2, gr.groups(), java.util.Arrays.toString(ids));
            assertEquals(2, wr.groups(), java.util.Arrays.toString(sortedIds));
            for (int q = 0; q < 5; q++) {
                assertEquals(want[q], got[byId[q]], 0.0, java.util.Arrays.toString(ids) + " sample " + byId[q]);
            }
        }
    }

    private static int firstIndex(long[] ids, long id) {
        for (int i = 0;; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
    }

    @Test
    void uniformFormWithMaskAndPerGroupK() {
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(102));
        List<String> bad = new ArrayList<>();
        for (int n : new int[] {2, 8, 16, 17, 33, 100}) {
            int groups = 257;
            double[][] r = new double[groups][n];
            boolean[][] v = new boolean[groups][n];
            int[] k = new int[groups];
            double[] flat = new double[groups * n];
            byte[] mask = new byte[groups * n];
            for (int g = 0; g < groups; g++) {
                int m = 0;
                for (int i = 0; i < n; i++) {
                    r[g][i] = rnd.nextDouble();
                    v[g][i] = g % 3 != 0 && rnd.nextInt(8) == 0 ? false : true;
                    m += v[g][i] ? 1 : 0;
                    flat[g * n + i] = v[g][i] ? r[g][i] : Double.NaN;
                    mask[g * n + i] = (byte) (v[g][i] ? 1 : 0);
                }
                k[g] = 1 + rnd.nextInt(Math.max(1, Math.min(m, 5)));
            }
            Case c = new Case(Estimator.SLOO_MINUS_ONE, Scale.PAPER, r, v, k);
            for (boolean f32 : new boolean[] {false, true}) {
                double[][] ref = reference(c, f32);
                Transform t = Transform.of(Estimator.SLOO_MINUS_ONE, 4).tooSmall(TooSmall.ZERO);
                Groups gs = Groups.uniform(n).mask(mask).k(k);
                double[] got = f32 ? toDouble(t.apply(toFloat(flat), gs)) : t.apply(flat, gs);
                Flat f = flatten(new Case(c.est, c.scale, r, v, k), Form.OFFSETS, rnd);
                check(c, f, got, ref, "uniform n=" + n + (f32 ? " f32" : " f64"), bad);
            }
        }
        assertTrue(bad.isEmpty(), bad.size() + " mismatches:\n" + String.join("\n", bad));
    }

    /** Without mask or per-group k, a Groups.uniform call is the plain uniform call. */
    @Test
    void plainUniformEqualsTheNForm() {
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(103));
        float[] x = new float[16 * 1000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble();
        }
        Transform t = Transform.of(Estimator.SLOO_MINUS_ONE, 4);
        float[] want = t.apply(x, 16);
        assertArrayEquals(want, t.apply(x, Groups.uniform(16)));
        int[] offsets = new int[1001];
        int[] ids = new int[x.length];
        for (int g = 0; g <= 1000; g++) {
            offsets[g] = g * 16;
        }
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i / 16;
        }
        assertArrayEquals(want, t.apply(x, Groups.offsets(offsets)));
        assertArrayEquals(want, t.apply(x, Groups.ids(ids)));
        assertArrayEquals(want, Transform.of(Estimator.SLOO_MINUS_ONE, 2).apply(x, Groups.ids(ids).k(4)));
    }

    /** Masking a sample gives the others exactly what removing it from the input gives. */
    @Test
    void maskedSampleEqualsRemovingIt() {
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(104));
        for (boolean f32 : new boolean[] {false, true}) {
            int groups = 200;
            int n = 12;
            double[] full = new double[groups * n];
            byte[] mask = new byte[full.length];
            Arrays.fill(mask, (byte) 1);
            double[] removed = new double[groups * (n - 1)];
            int[] offsets = new int[groups + 1];
            for (int g = 0; g < groups; g++) {
                int drop = rnd.nextInt(n);
                for (int i = 0, q = 0; i < n; i++) {
                    full[g * n + i] = rnd.nextDouble();
                    if (i == drop) {
                        mask[g * n + i] = 0;
                        full[g * n + i] = Double.POSITIVE_INFINITY; // never read
                    } else {
                        removed[g * (n - 1) + q++] = full[g * n + i];
                    }
                }
                offsets[g + 1] = (g + 1) * (n - 1);
            }
            Transform t = Transform.of(Estimator.SLOO, 4);
            double[] a = f32 ? toDouble(t.apply(toFloat(full), Groups.uniform(n).mask(mask)))
                    : t.apply(full, Groups.uniform(n).mask(mask));
            double[] b = f32 ? toDouble(t.apply(toFloat(removed), Groups.offsets(offsets)))
                    : t.apply(removed, Groups.offsets(offsets));
            for (int g = 0; g < groups; g++) {
                for (int i = 0, q = 0; i < n; i++) {
                    if (mask[g * n + i] == 0) {
                        assertEquals(0.0, a[g * n + i]);
                    } else {
                        assertEquals(b[g * (n - 1) + q++], a[g * n + i], "group " + g);
                    }
                }
            }
        }
    }

    /** Ids in any order give what the same groups sorted into contiguous runs give, in sample order. */
    @Test
    void shuffledIdsEqualSortedContiguousGroups() {
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(105));
        int groups = 500;
        int n = 16;
        float[] sorted = new float[groups * n];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = (float) rnd.nextDouble();
        }
        int[] perm = Seeds.permutation(rnd, sorted.length);
        float[] shuffled = new float[sorted.length];
        long[] ids = new long[sorted.length];
        for (int q = 0; q < sorted.length; q++) {
            shuffled[perm[q]] = sorted[q];
            ids[perm[q]] = Long.MIN_VALUE + 31L * (q / n);
        }
        Transform t = Transform.of(Estimator.SLOO_MINUS_ONE, 4);
        float[] a = t.apply(sorted, 16);
        float[] b = t.apply(shuffled, Groups.ids(ids));
        for (int q = 0; q < sorted.length; q++) {
            assertEquals(Float.floatToIntBits(a[q]), Float.floatToIntBits(b[perm[q]]), "sample " + q);
        }
    }

    /**
     * Every golden vector of an estimator (all k at once, k per group) in one batch: samples shuffled, ids, an
     * extra masked NaN in every group; within the golden tolerances (vectors/README.md).
     */
    @Test
    void goldenVectorsHoldOnShuffledMaskedIdsWithPerGroupK() {
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(106));
        List<String> bad = new ArrayList<>();
        Map<String, List<GoldenCase>> byEst = new LinkedHashMap<>();
        for (GoldenCase gc : GoldenVectorTest.transformCases()) {
            byEst.computeIfAbsent(gc.estimator(), x -> new ArrayList<>()).add(gc);
        }
        for (List<GoldenCase> cases : byEst.values()) {
            Estimator est = Estimator.fromName(cases.get(0).estimator());
            double[][] r = new double[cases.size()][];
            boolean[][] v = new boolean[cases.size()][];
            int[] k = new int[cases.size()];
            for (int g = 0; g < cases.size(); g++) {
                double[] x = cases.get(g).rewards();
                int at = rnd.nextInt(x.length + 1);
                r[g] = new double[x.length + 1];
                v[g] = new boolean[x.length + 1];
                for (int i = 0, src = 0; i <= x.length; i++) {
                    r[g][i] = i == at ? Double.NaN : x[src++];
                    v[g][i] = i != at;
                }
                k[g] = cases.get(g).k();
            }
            Case c = new Case(est, Scale.PAPER, r, v, k);
            for (boolean f32 : new boolean[] {false, true}) {
                Flat f = flatten(c, Form.IDS64_SHUFFLED, rnd);
                double[] got = call(Transform.of(est, 1), c, f, Form.IDS64_SHUFFLED, f32, new TransformReport[1]);
                double tol = f32 ? GoldenVectorTest.TOL32 : GoldenVectorTest.TOL64;
                for (int g = 0; g < cases.size(); g++) {
                    GoldenCase gc = cases.get(g);
                    double[] mine = new double[gc.expected().length];
                    if (est.perGroup()) {
                        mine[0] = got[f.callGroupOf[g]];
                    } else {
                        for (int i = 0; i < got.length; i++) {
                            if (f.sampleGroup[i] == g && v[g][f.logicalIndex[i]]) {
                                int j = f.logicalIndex[i];
                                mine[j - (j > Arrays.asList(toBoxed(v[g])).indexOf(false) ? 1 : 0)] = got[i];
                            }
                        }
                    }
                    for (int i = 0; i < mine.length; i++) {
                        double limit = tol * gc.scale();
                        if (!(Math.abs(mine[i] - gc.expected()[i]) <= limit) && bad.size() < 10) {
                            bad.add(gc.id() + (f32 ? " f32" : " f64") + "[" + i + "]: expected " + gc.expected()[i]
                                    + ", got " + mine[i]);
                        }
                    }
                }
            }
        }
        assertTrue(bad.isEmpty(), bad.size() + " mismatches:\n" + String.join("\n", bad));
    }

    private static Boolean[] toBoxed(boolean[] b) {
        Boolean[] r = new Boolean[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[i];
        }
        return r;
    }

    // ---- errors: each names the group, nothing is written ------------------------------------------------

    private static PkpoException rejects(PkpoException.Reason reason, Transform t, double[] x, Groups g, String... parts) {
        double[] out = new double[x.length + 4];
        Arrays.fill(out, 42.0);
        PkpoException e = assertThrows(PkpoException.class, () -> t.apply(x, g, out));
        assertEquals(reason, e.reason(), e.getMessage());
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
        }
        for (double o : out) {
            assertEquals(42.0, o, "nothing written");
        }
        return e;
    }

    @Test
    void tooSmallGroupsAreRejectedByNameOrZeroed() {
        Transform t = Transform.of(Estimator.SLOO_MINUS_ONE, 4);
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        // Group 1 (id 70) has 3 samples, one masked: 2 valid < k = 4.
        long[] ids = {5, 5, 5, 5, 70, 70, 5, 70, 9};
        byte[] mask = {1, 1, 1, 1, 1, 0, 1, 1, 1};
        rejects(PkpoException.Reason.BAD_K, t, x, Groups.ids(ids).mask(mask), "group 1 (id 70)", "2 valid samples",
                "of 3", "k=4");
        rejects(PkpoException.Reason.BAD_K, t, x, Groups.offsets(new int[] {0, 5, 9}).mask(mask).k(new int[] {4, 5}),
                "group 1", "k=5");
        // ZERO: those groups get 0 and are counted; the others are transformed.
        double[] out = new double[9];
        TransformReport r = t.tooSmall(TooSmall.ZERO).apply(x, Groups.ids(ids).mask(mask).k(new int[] {2, 2, 1}), out);
        assertEquals(new TransformReport(3, 9, 0, 1, 1), r); // group 1 (2 valid, k 2) fine; id 9 singleton zeroed
        r = t.tooSmall(TooSmall.ZERO).apply(x, Groups.ids(ids).mask(mask), out);
        assertEquals(new TransformReport(3, 9, 0, 2, 1), r);
        assertEquals(0.0, out[4]);
        assertEquals(0.0, out[7]);
        assertEquals(0.0, out[8]);
        double[] want = t.apply(new double[] {1, 2, 3, 4, 7}, 5);
        assertArrayEquals(new double[] {want[0], want[1], want[2], want[3], 0, 0, want[4], 0, 0}, out);
    }

    @Test
    void badInputNamesTheGroup() {
        Transform t = Transform.of(Estimator.LOO, 1);
        double[] x = {1, 2, 3, 4, Double.NaN, 6};
        rejects(PkpoException.Reason.NON_FINITE, t, x, Groups.ids(new int[] {3, 3, 8, 8, 8, 3}), "group 1 (id 8)",
                "element 4", "NaN");
        rejects(PkpoException.Reason.BAD_K, t, new double[] {1, 2, 3, 4}, Groups.uniform(2).k(new int[] {1, 2}),
                "group 1", "k = 1");
        rejects(PkpoException.Reason.BAD_K, Transform.of(Estimator.S, 2), new double[] {1, 2, 3, 4},
                Groups.uniform(2).k(new int[] {1, 0}), "group 1", "k must be >= 1");
        rejects(PkpoException.Reason.BUFFER_TOO_SMALL, t, new double[] {1, 2, 3, 4}, Groups.uniform(2).k(new int[] {1}),
                "k holds 1");
        rejects(PkpoException.Reason.BUFFER_TOO_SMALL, t, new double[] {1, 2, 3, 4}, Groups.uniform(2).mask(new byte[3]),
                "mask holds 3");
        rejects(PkpoException.Reason.BUFFER_TOO_SMALL, t, new double[] {1, 2, 3, 4}, Groups.ids(new long[3]), "ids holds 3");
        rejects(PkpoException.Reason.BUFFER_TOO_SMALL, t, new double[] {1, 2, 3, 4, 5}, Groups.uniform(2), "multiple of n=2");
        rejects(PkpoException.Reason.INVALID_ARGUMENT, t, new double[] {1, 2, 3, 4}, Groups.offsets(new int[] {0, 3, 2, 4}),
                "offsets[2]=2");
        rejects(PkpoException.Reason.INVALID_ARGUMENT, t, new double[] {1, 2, 3, 4}, Groups.offsets(new int[] {1, 4}),
                "offsets[0]=1");
        rejects(PkpoException.Reason.INVALID_ARGUMENT, t, new double[] {1, 2, 3, 4}, Groups.offsets(new int[] {0, 3}),
                "sample count 4");
        rejects(PkpoException.Reason.BUFFER_TOO_SMALL, t, new double[] {1, 2, 3, 4}, Groups.offsets(new int[] {0, 2, 5}),
                "offsets[2]=5");
        // A NaN under a mask is never read.
        double[] out = new double[6];
        assertEquals(new TransformReport(2, 6, 0, 0, 1),
                t.apply(x, Groups.ids(new int[] {3, 3, 8, 8, 8, 3}).mask(new byte[] {1, 1, 1, 1, 0, 1}), out));
        // rho writes one value per group: out must hold them.
        PkpoException e = assertThrows(PkpoException.class, () -> Transform.of(Estimator.RHO, 1).apply(
                new double[] {1, 2, 3}, Groups.ids(new int[] {1, 2, 3}), new double[2]));
        assertEquals(PkpoException.Reason.BUFFER_TOO_SMALL, e.reason());
        // In place is fine for per-sample outputs.
        double[] y = {1, 2, 3, 4, 5, 6};
        double[] want = Transform.of(Estimator.LOO, 1).apply(new double[] {1, 2, 6}, 3);
        t.apply(y, Groups.ids(new int[] {0, 0, 1, 1, 1, 0}).mask(new byte[] {1, 1, 1, 1, 1, 1}), y);
        assertEquals(want[2], y[5]);
        assertEquals(want[0], y[0]);
    }

    /** NonFinite.EXCLUDE is the mask mechanism: the excluded sample counts as excluded, the too-small policy applies. */
    @Test
    void excludeIsTheMaskMechanism() {
        double[] x = {1, Double.NaN, 3, 4, 5, Double.POSITIVE_INFINITY, 7, 8};
        Transform t = Transform.of(Estimator.SLOO_MINUS_ONE, 2).nonFinite(NonFinite.EXCLUDE);
        byte[] mask = {1, 1, 1, 1, 1, 1, 1, 1};
        byte[] same = {1, 0, 1, 1, 1, 0, 1, 1};
        double[] a = new double[8];
        double[] b = new double[8];
        TransformReport ra = t.apply(x, Groups.uniform(4).mask(mask), a);
        TransformReport rb = t.apply(x, Groups.uniform(4).mask(same), b);
        assertArrayEquals(b, a);
        assertEquals(new TransformReport(2, 8, 2, 0, 0), ra);
        assertEquals(new TransformReport(2, 8, 0, 0, 2), rb);
        assertArrayEquals(b, t.apply(x, Groups.uniform(4)));
    }

    @Test
    void threadsAreBitIdentical() {
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(107));
        Case c = randomCase(rnd, Estimator.SLOO_MINUS_ONE, 6000, 0.1, false);
        Flat f = flatten(c, Form.IDS64_SHUFFLED, rnd);
        Transform t = Transform.of(Estimator.SLOO_MINUS_ONE, 2);
        double[] one = call(t, c, f, Form.IDS64_SHUFFLED, true, new TransformReport[1]);
        double[] two = call(t.threads(2), c, f, Form.IDS64_SHUFFLED, true, new TransformReport[1]);
        assertArrayEquals(one, two);
    }

    @Test
    void emptyCalls() {
        Transform t = Transform.of(Estimator.SLOO_MINUS_ONE, 2);
        assertEquals(new TransformReport(0, 0, 0, 0, 0), t.apply(new double[0], Groups.ids(new long[0]), new double[0]));
        assertEquals(new TransformReport(0, 0, 0, 0, 0), t.apply(new float[0], Groups.uniform(4), new float[0]));
        assertEquals(new TransformReport(2, 0, 0, 2, 0), t.tooSmall(TooSmall.ZERO).apply(new float[0],
                Groups.offsets(new int[] {0, 0, 0}), new float[0]));
    }

    /** In place on native memory (the C ABI's common case) gives what a separate heap output gets. */
    @Test
    void inPlaceOnNativeMemory() {
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(109));
        Case c = randomCase(rnd, Estimator.SLOO, 700, 0.1, true);
        Flat f = flatten(c, Form.IDS64_SHUFFLED, rnd);
        Transform t = Transform.of(Estimator.SLOO, 1).tooSmall(TooSmall.ZERO);
        Groups g = Groups.ids(f.ids).mask(f.mask).k(f.perGroupK);
        float[] heap = t.apply(toFloat(f.rewards), g);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocateFrom(ValueLayout.JAVA_FLOAT, toFloat(f.rewards));
            TransformReport r = t.apply(DType.F32, seg, f.rewards.length, g, seg);
            assertArrayEquals(heap, seg.toArray(ValueLayout.JAVA_FLOAT));
            assertEquals(c.samples(), r.samples());
        }
    }

    /** The README's Groups example, checked against separate calls. */
    @Test
    void readmeExample() {
        long[] promptIds = {7, 3, 7, 3, 7, 3, 9, 9};
        byte[] valid = {1, 1, 1, 0, 1, 1, 1, 1};
        float[] rewards = {1, 0, 0, Float.NaN, 1, 1, 0, 1};
        Groups g = Groups.ids(promptIds).mask(valid).k(new int[] {2, 1, 1});
        float[] out = new float[8];
        TransformReport r = Transform.of(Estimator.SLOO_MINUS_ONE, 2).tooSmall(TooSmall.ZERO).apply(rewards, g, out);
        assertEquals(new TransformReport(3, 8, 0, 0, 1), r);
        float[] a = Transform.of(Estimator.SLOO_MINUS_ONE, 2).apply(new float[] {1, 0, 1}, 3);
        float[] b = Transform.of(Estimator.SLOO_MINUS_ONE, 1).apply(new float[] {0, 1}, 2);
        float[] c = Transform.of(Estimator.SLOO_MINUS_ONE, 1).apply(new float[] {0, 1}, 2);
        assertArrayEquals(new float[] {a[0], b[0], a[1], 0, a[2], b[1], c[0], c[1]}, out);
    }

    static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
