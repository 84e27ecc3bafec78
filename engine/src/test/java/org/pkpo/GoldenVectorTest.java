package org.pkpo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every reference vector, in float64 and float32, one group at a time, as uniform batches of many groups
 * and as ragged batches that mix group sizes, on heap arrays and native segments.
 * Tolerances (vectors/README.md): 1e-12 * scale in float64, 1e-5 * scale in float32.
 */
public class GoldenVectorTest {
    static final double TOL64 = 1e-12;
    static final double TOL32 = 1e-5;

    private static final List<GoldenCase> CASES = GoldenCase.all();

    @Test
    void vectorsAreAllThere() {
        assertEquals(1612, CASES.size());
        for (String e : List.of("rho", "s", "sloo", "sloo_minus_one", "loo", "pass_at_k")) {
            assertTrue(CASES.stream().anyMatch(c -> c.estimator().equals(e)), e);
        }
    }

    @Test
    void passAtKFromCounts() {
        List<String> bad = new ArrayList<>();
        List<GoldenCase> cases = GoldenCase.of("pass_at_k");
        long[] n = new long[cases.size()];
        long[] c = new long[cases.size()];
        for (int i = 0; i < cases.size(); i++) {
            GoldenCase gc = cases.get(i);
            double got = Pkpo.passAtK(gc.n(), gc.c(), gc.k());
            check(bad, gc.id(), gc.expected()[0], got, TOL64 * Math.max(1e-300, Math.abs(gc.expected()[0])) + 1e-15);
            n[i] = gc.n();
            c[i] = gc.c();
        }
        // The batch form, per k.
        for (int i = 0; i < cases.size(); i++) {
            double[] out = new double[1];
            Pkpo.passAtK(new long[] {n[i]}, new long[] {c[i]}, cases.get(i).k(), out);
            check(bad, cases.get(i).id() + " batch", cases.get(i).expected()[0], out[0], 1e-15);
        }
        assertNoFailures(bad);
    }

    @Test
    void singleGroupsFloat64() {
        List<String> bad = new ArrayList<>();
        for (GoldenCase gc : transformCases()) {
            double[] got = transform(gc).apply(gc.rewards(), gc.rewards().length);
            compare(bad, gc, gc.id(), got, 0, TOL64);
        }
        assertNoFailures(bad);
    }

    @Test
    void singleGroupsFloat32() {
        List<String> bad = new ArrayList<>();
        for (GoldenCase gc : transformCases()) {
            float[] got = transform(gc).apply(toFloat(gc.rewards()), gc.rewards().length);
            compare(bad, gc, gc.id() + " f32", toDouble(got), 0, TOL32);
        }
        assertNoFailures(bad);
    }

    /** Cases with the same (estimator, k, n) are stacked into one uniform batch, in both dtypes. */
    @Test
    void uniformBatches() {
        Map<String, List<GoldenCase>> byShape = new LinkedHashMap<>();
        for (GoldenCase gc : transformCases()) {
            byShape.computeIfAbsent(gc.estimator() + "/" + gc.k() + "/" + gc.rewards().length, x -> new ArrayList<>()).add(gc);
        }
        List<String> bad = new ArrayList<>();
        int batches = 0;
        for (List<GoldenCase> group : byShape.values()) {
            GoldenCase first = group.get(0);
            int n = first.rewards().length;
            double[] in = new double[group.size() * n];
            for (int g = 0; g < group.size(); g++) {
                System.arraycopy(group.get(g).rewards(), 0, in, g * n, n);
            }
            Transform t = transform(first);
            double[] out64 = t.apply(in, n);
            float[] out32 = t.apply(toFloat(in), n);
            int per = first.estimator().equals("rho") ? 1 : n;
            for (int g = 0; g < group.size(); g++) {
                compare(bad, group.get(g), group.get(g).id() + " uniform f64", out64, g * per, TOL64);
                compare(bad, group.get(g), group.get(g).id() + " uniform f32", toDouble(out32), g * per, TOL32);
            }
            batches++;
        }
        assertTrue(batches > 50, "expected many shapes, got " + batches);
        assertNoFailures(bad);
    }

    /** Cases with the same (estimator, k) and different n are concatenated into one ragged batch. */
    @Test
    void raggedBatchesOnHeapAndNative() {
        Map<String, List<GoldenCase>> byEstK = new LinkedHashMap<>();
        for (GoldenCase gc : transformCases()) {
            byEstK.computeIfAbsent(gc.estimator() + "/" + gc.k(), x -> new ArrayList<>()).add(gc);
        }
        List<String> bad = new ArrayList<>();
        for (List<GoldenCase> group : byEstK.values()) {
            int[] offsets = new int[group.size() + 1];
            for (int g = 0; g < group.size(); g++) {
                offsets[g + 1] = offsets[g] + group.get(g).rewards().length;
            }
            double[] in = new double[offsets[group.size()]];
            for (int g = 0; g < group.size(); g++) {
                System.arraycopy(group.get(g).rewards(), 0, in, offsets[g], group.get(g).rewards().length);
            }
            Transform t = transform(group.get(0));
            boolean perGroup = t.estimator().perGroup();
            double[] heap64 = t.applyRagged(in, offsets);
            float[] heap32 = t.applyRagged(toFloat(in), offsets);
            double[] native64;
            double[] native32;
            try (Arena arena = Arena.ofConfined()) {
                long outLen = perGroup ? group.size() : in.length;
                MemorySegment off = arena.allocate(ValueLayout.JAVA_LONG, offsets.length);
                for (int i = 0; i < offsets.length; i++) {
                    off.setAtIndex(ValueLayout.JAVA_LONG, i, offsets[i]);
                }
                MemorySegment in64 = arena.allocateFrom(ValueLayout.JAVA_DOUBLE, in);
                MemorySegment out64 = arena.allocate(ValueLayout.JAVA_DOUBLE, outLen);
                t.applyRagged(DType.F64, in64, off, group.size(), out64);
                native64 = out64.toArray(ValueLayout.JAVA_DOUBLE);
                MemorySegment in32 = arena.allocateFrom(ValueLayout.JAVA_FLOAT, toFloat(in));
                MemorySegment out32 = arena.allocate(ValueLayout.JAVA_FLOAT, outLen);
                t.applyRagged(DType.F32, in32, off, group.size(), out32);
                native32 = toDouble(out32.toArray(ValueLayout.JAVA_FLOAT));
            }
            for (int g = 0; g < group.size(); g++) {
                int at = perGroup ? g : offsets[g];
                GoldenCase gc = group.get(g);
                compare(bad, gc, gc.id() + " ragged heap f64", heap64, at, TOL64);
                compare(bad, gc, gc.id() + " ragged heap f32", toDouble(heap32), at, TOL32);
                compare(bad, gc, gc.id() + " ragged native f64", native64, at, TOL64);
                compare(bad, gc, gc.id() + " ragged native f32", native32, at, TOL32);
            }
        }
        assertNoFailures(bad);
    }

    /** PER_SAMPLE is the paper's output times n (loo and rho are unchanged). */
    @Test
    void perSampleScaleMultipliesByN() {
        List<String> bad = new ArrayList<>();
        for (GoldenCase gc : transformCases()) {
            Transform t = transform(gc).scale(Scale.PER_SAMPLE);
            double[] got = t.apply(gc.rewards(), gc.rewards().length);
            double factor = gc.estimator().equals("loo") || gc.estimator().equals("rho") ? 1 : gc.rewards().length;
            double[] want = gc.expected().clone();
            for (int i = 0; i < want.length; i++) {
                want[i] *= factor;
            }
            GoldenCase scaled = new GoldenCase(gc.id(), gc.estimator(), gc.k(), gc.rewards(), want, gc.n(), gc.c());
            compare(bad, scaled, gc.id() + " per-sample", got, 0, TOL64 * factor);
        }
        assertNoFailures(bad);
    }

    static List<GoldenCase> transformCases() {
        return CASES.stream().filter(c -> !c.estimator().equals("pass_at_k")).toList();
    }

    static Transform transform(GoldenCase gc) {
        return Transform.of(Estimator.fromName(gc.estimator()), gc.k());
    }

    private static void compare(List<String> bad, GoldenCase gc, String what, double[] got, int at, double tol) {
        double limit = tol * gc.scale();
        for (int i = 0; i < gc.expected().length; i++) {
            check(bad, what + "[" + i + "]", gc.expected()[i], got[at + i], limit);
        }
    }

    private static void check(List<String> bad, String what, double want, double got, double limit) {
        if (!(Math.abs(got - want) <= limit)) {
            bad.add(what + ": expected " + want + ", got " + got + " (|diff|=" + Math.abs(got - want) + " > " + limit + ")");
        }
    }

    static void assertNoFailures(List<String> bad) {
        assertTrue(bad.isEmpty(), bad.size() + " mismatches, first: " + String.join("\n", bad.subList(0, Math.min(10, bad.size()))));
    }

    public static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
