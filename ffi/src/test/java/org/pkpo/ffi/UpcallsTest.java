package org.pkpo.ffi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pkpo.Estimator;
import org.pkpo.Evaluation;
import org.pkpo.EvaluationResult;
import org.pkpo.Metric;
import org.pkpo.Groups;
import org.pkpo.PkpoException;
import org.pkpo.TooSmall;
import org.pkpo.Transform;
import org.pkpo.TransformReport;

/**
 * The Java half of the C ABI without the C half: upcall targets called directly on native memory, as the
 * stubs would. The full path (libpkpo.so, threads, signals, golden vectors) is ffi/src/test/cpp/pkpo_host_test.cpp.
 */
class UpcallsTest {
    private Arena arena;
    private MemorySegment err;

    @BeforeEach
    void open() {
        arena = Arena.ofConfined();
        err = arena.allocate(256);
    }

    @AfterEach
    void close() {
        arena.close();
    }

    private String message() {
        return err.getString(0);
    }

    private MemorySegment doubles(double... v) {
        MemorySegment s = arena.allocate(8L * v.length, 8);
        MemorySegment.copy(v, 0, s, ValueLayout.JAVA_DOUBLE, 0, v.length);
        return s;
    }

    private int transform(int estimator, int k, MemorySegment in, MemorySegment out, long groups, int n) {
        return Upcalls.transform(1, estimator, k, 0, 0, in.address(), in.byteSize(), out.address(), out.byteSize(),
                groups, n, 0, 0, err.address(), (int) err.byteSize());
    }

    @Test
    void inPlaceOnNativeMemoryMatchesTheHeapApi() {
        double[] g = {0.5, 1.0, 0.0, 0.25, 0.75, 0.1, 0.9, 0.3};
        MemorySegment s = doubles(g);
        assertEquals(AbiCodes.ErrorCode.OK.code, transform(AbiCodes.code(Estimator.SLOO_MINUS_ONE), 2, s, s, 2, 4), this::message);
        double[] want = Transform.of(Estimator.SLOO_MINUS_ONE, 2).apply(g, 4);
        assertArrayEquals(want, s.toArray(ValueLayout.JAVA_DOUBLE));
    }

    @Test
    void nonFiniteIsACodeAndAMessageAndNothingIsWritten() {
        MemorySegment s = doubles(1, Double.NaN, 0, 1);
        MemorySegment out = doubles(7, 7, 7, 7);
        assertEquals(AbiCodes.ErrorCode.NON_FINITE.code, transform(AbiCodes.code(Estimator.S), 1, s, out, 1, 4));
        assertTrue(message().startsWith("non-finite reward NaN at group 0, position 1"), message());
        assertArrayEquals(new double[] {7, 7, 7, 7}, out.toArray(ValueLayout.JAVA_DOUBLE));
    }

    @Test
    void badInputsNeverThrow() {
        MemorySegment s = doubles(1, 0, 0, 1);
        assertEquals(AbiCodes.ErrorCode.BAD_K.code, transform(AbiCodes.code(Estimator.S), 5, s, s, 1, 4));
        assertTrue(message().contains("k=5, n=4"), message());
        assertEquals(AbiCodes.ErrorCode.INVALID_ARGUMENT.code, transform(17, 1, s, s, 1, 4));
        assertEquals(AbiCodes.ErrorCode.NULL_POINTER.code, Upcalls.transform(1, 1, 1, 0, 0, 0, 32, s.address(), 32, 1, 4, 0, 0,
                err.address(), (int) err.byteSize()));
        assertEquals("rewards is null", message());
        assertEquals(AbiCodes.ErrorCode.INVALID_ARGUMENT.code, Upcalls.transform(7, 1, 1, 0, 0, s.address(), 32, s.address(), 32,
                1, 4, 0, 0, err.address(), (int) err.byteSize()));
        assertTrue(message().contains("dtype"), message());
    }

    @Test
    void estimateChecksEveryKBeforeWriting() {
        MemorySegment s = doubles(1, 0, 0, 1);
        MemorySegment ks = arena.allocateFrom(ValueLayout.JAVA_INT, 1, 5);
        MemorySegment out = doubles(7, 7);
        int rc = Upcalls.estimate(1, s.address(), 32, 1, 4, 0, ks.address(), 2, 0, out.address(), 16, 0,
                err.address(), (int) err.byteSize());
        assertEquals(AbiCodes.ErrorCode.BAD_K.code, rc, this::message);
        assertArrayEquals(new double[] {7, 7}, out.toArray(ValueLayout.JAVA_DOUBLE));
        MemorySegment good = arena.allocateFrom(ValueLayout.JAVA_INT, 1, 4);
        rc = Upcalls.estimate(1, s.address(), 32, 1, 4, 0, good.address(), 2, 0, out.address(), 16, 0,
                err.address(), (int) err.byteSize());
        assertEquals(AbiCodes.ErrorCode.OK.code, rc, this::message);
        assertArrayEquals(new double[] {0.5, 1.0}, out.toArray(ValueLayout.JAVA_DOUBLE));
    }

    /** pkpo.h: overlap is judged on the elements a call uses, in every family; spare capacity may overlap. */
    @Test
    void overlapIsJudgedOnTheElementsUsed() {
        MemorySegment buf = doubles(1, 0, 0, 1, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7);
        MemorySegment tail = buf.asSlice(8 * 8);
        assertEquals(AbiCodes.ErrorCode.OK.code, transform(AbiCodes.code(Estimator.S), 2, buf, tail, 1, 4), this::message);
        MemorySegment offsets = arena.allocateFrom(ValueLayout.JAVA_LONG, 0, 4);
        MemorySegment ks = arena.allocateFrom(ValueLayout.JAVA_INT, 2);
        assertEquals(AbiCodes.ErrorCode.OK.code, Upcalls.estimate(1, buf.address(), buf.byteSize(), 1, 0, offsets.address(),
                ks.address(), 1, 0, tail.address(), tail.byteSize(), 0, err.address(), 256), this::message);
        assertEquals(AbiCodes.ErrorCode.OK.code, Upcalls.transform(1, AbiCodes.code(Estimator.S), 2, 0, 0, buf.address(),
                buf.byteSize(), tail.address(), tail.byteSize(), 1, 0, offsets.address(), 0, err.address(), 256),
                this::message);
        // The same calls with out over a used reward fail, and write nothing.
        MemorySegment before = arena.allocate(buf.byteSize());
        before.copyFrom(buf);
        MemorySegment third = buf.asSlice(3 * 8);
        assertEquals(AbiCodes.ErrorCode.OVERLAP.code, transform(AbiCodes.code(Estimator.S), 2, buf, third, 1, 4));
        assertEquals(AbiCodes.ErrorCode.OVERLAP.code, Upcalls.estimate(1, buf.address(), buf.byteSize(), 1, 0,
                offsets.address(), ks.address(), 1, 0, third.address(), third.byteSize(), 0, err.address(), 256));
        assertEquals(AbiCodes.ErrorCode.OVERLAP.code, Upcalls.transform(1, AbiCodes.code(Estimator.S), 2, 0, 0,
                buf.address(), buf.byteSize(), third.address(), third.byteSize(), 1, 0, offsets.address(), 0,
                err.address(), 256));
        assertEquals(-1, buf.mismatch(before));
    }

    @Test
    void longMessagesAreCutToTheBuffer() {
        MemorySegment small = arena.allocate(8);
        int rc = LastError.report(new PkpoException(PkpoException.Reason.BAD_K, "k must be >= 1, got -123456"),
                small.address(), 8);
        assertEquals(AbiCodes.ErrorCode.BAD_K.code, rc);
        assertEquals(AbiCodes.ErrorCode.INVALID_ARGUMENT.code, LastError.report(new IllegalArgumentException("other"), err.address(), 256));
        assertEquals("k must ", small.getString(0));
        assertEquals(AbiCodes.ErrorCode.INTERNAL.code, LastError.report(new OutOfMemoryError("boom"), err.address(), 256));
        assertEquals("java.lang.OutOfMemoryError: boom", message());
    }

    /**
     * pkpo_transform_groups on native memory (shuffled int64 ids, a mask, k per group, zeroed groups) is the Java
     * API's grouped call bit for bit, report included; an out that overlaps the mask fails and writes nothing.
     */
    @Test
    void transformGroupsIsTheGroupsApi() {
        long[] ids = {40, 7, 40, 9, 7, 9, 40, 7, 9, 9, 40, 5};
        byte[] mask = {1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1};
        int[] ks = {2, 1, 1, 1}; // groups by first appearance: 40, 7, 9, 5
        double[] r = {0.5, 1, Double.NaN, 0, 0.25, 1, 1, 0, Double.NaN, 0.75, 0, 1};
        for (Estimator e : new Estimator[] {Estimator.SLOO_MINUS_ONE, Estimator.RHO, Estimator.S}) {
            Transform t = Transform.of(e, 1).tooSmall(TooSmall.ZERO);
            double[] want = new double[r.length];
            TransformReport wr = t.apply(r, Groups.ids(ids).mask(mask).k(ks), want);
            MemorySegment in = arena.allocateFrom(ValueLayout.JAVA_DOUBLE, r);
            MemorySegment out = arena.allocate(8L * r.length, 8);
            MemorySegment id = arena.allocateFrom(ValueLayout.JAVA_LONG, ids);
            MemorySegment m = arena.allocateFrom(ValueLayout.JAVA_BYTE, mask);
            MemorySegment k = arena.allocateFrom(ValueLayout.JAVA_INT, ks);
            MemorySegment rep = arena.allocate(64, 8);
            int rc = Upcalls.transformGroups(1, AbiCodes.code(e), 0, 0, 0, AbiCodes.code(TooSmall.ZERO), in.address(),
                    in.byteSize(), r.length, AbiCodes.code(AbiCodes.GroupsForm.IDS64), 0, id.address(), 0, m.address(),
                    k.address(), k.byteSize(), out.address(), out.byteSize(), rep.address(), err.address(), 256);
            assertEquals(AbiCodes.ErrorCode.OK.code, rc, this::message);
            int written = e == Estimator.RHO ? 4 : r.length;
            assertArrayEquals(java.util.Arrays.copyOf(want, written),
                    java.util.Arrays.copyOf(out.toArray(ValueLayout.JAVA_DOUBLE), written), e.toString());
            assertArrayEquals(new long[] {wr.groups(), wr.samples(), wr.excludedSamples(), wr.zeroedGroups(),
                wr.maskedSamples(), 0, 0, 0}, rep.toArray(ValueLayout.JAVA_LONG));
            // Id 5 is a singleton: too small for sloo_minus_one's baseline only.
            assertEquals(new TransformReport(4, 12, 0, e == Estimator.SLOO_MINUS_ONE ? 1 : 0, 2), wr);
            // out over the mask: refused, nothing written.
            MemorySegment shared = arena.allocate(8L * r.length + 16, 8);
            shared.fill((byte) 3);
            MemorySegment before = arena.allocate(shared.byteSize());
            before.copyFrom(shared);
            rc = Upcalls.transformGroups(1, AbiCodes.code(e), 0, 0, 1, 1, in.address(), in.byteSize(), r.length, 3, 0,
                    id.address(), 0, shared.address() + 8, k.address(), k.byteSize(), shared.address(), shared.byteSize(),
                    0, err.address(), 256);
            assertEquals(AbiCodes.ErrorCode.OVERLAP.code, rc, this::message);
            assertTrue(message().contains("groups->mask"), message());
            assertEquals(-1, shared.mismatch(before));
        }
    }

    @Test
    void bootstrapRefusesAMismatchedLibrary() {
        MemorySegment table = arena.allocate(64);
        int rc = NativeBridge.bootstrap(table.address(), 3, NativeBridge.BRIDGE_VERSION + 1, err.address(), 256);
        assertEquals(AbiCodes.ErrorCode.INTERNAL.code, rc);
        assertTrue(message().contains("do not match"), message());
        // A library of the same version with another table (once it had a benchmark entry) is refused too.
        rc = NativeBridge.bootstrap(table.address(), 6, NativeBridge.BRIDGE_VERSION, err.address(), 256);
        assertEquals(AbiCodes.ErrorCode.INTERNAL.code, rc);
        assertTrue(message().contains("6 entries"), message());
    }

    /** pkpo_eval_counts' rows are the Java API's rows bit for bit, and its per-problem values its scoreCounts. */
    @Test
    void evalCountsIsTheEvaluationApi() {
        long[] n = {10, 10, 4, 3, 0, 16, 300};
        long[] c = {3, 0, 4, 1, 0, 16, 17};
        int[] k = {1, 2, 4, 9};
        for (Metric m : AbiCodes.abiMetrics()) {
            MemorySegment ns = arena.allocateFrom(ValueLayout.JAVA_LONG, n);
            MemorySegment cs = arena.allocateFrom(ValueLayout.JAVA_LONG, c);
            MemorySegment ks = arena.allocateFrom(ValueLayout.JAVA_INT, k);
            MemorySegment rows = arena.allocate(AbiCodes.EVAL_ROW, k.length);
            MemorySegment est = arena.allocate(8L * n.length * k.length, 8);
            MemorySegment var = arena.allocate(8L * n.length * k.length, 8);
            int rc = Upcalls.evalCounts(AbiCodes.code(m), ns.address(), cs.address(), n.length, ks.address(), k.length,
                    rows.address(), rows.byteSize(), est.address(), var.address(), est.byteSize(), err.address(), 256);
            assertEquals(AbiCodes.ErrorCode.OK.code, rc, this::message);
            EvaluationResult want = Evaluation.of(m, k).counts(n, c);
            for (int j = 0; j < k.length; j++) {
                EvaluationResult.Row r = want.rows().get(j);
                long at = j * AbiCodes.EVAL_ROW.byteSize();
                assertEquals(r.k(), rows.get(ValueLayout.JAVA_INT, at + AbiCodes.evalRowOffset("k")));
                assertEquals(0, rows.get(ValueLayout.JAVA_INT, at + AbiCodes.evalRowOffset("reserved")));
                assertEquals(r.problems(), rows.get(ValueLayout.JAVA_LONG, at + AbiCodes.evalRowOffset("problems")));
                assertEquals(r.refused(), rows.get(ValueLayout.JAVA_LONG, at + AbiCodes.evalRowOffset("refused")));
                assertEquals(r.withoutVariance(),
                        rows.get(ValueLayout.JAVA_LONG, at + AbiCodes.evalRowOffset("without_variance")));
                assertEquals(r.estimate(), rows.get(ValueLayout.JAVA_DOUBLE, at + AbiCodes.evalRowOffset("estimate")));
                assertEquals(r.withinStandardError(),
                        rows.get(ValueLayout.JAVA_DOUBLE, at + AbiCodes.evalRowOffset("se_within")));
                assertEquals(r.acrossStandardError(),
                        rows.get(ValueLayout.JAVA_DOUBLE, at + AbiCodes.evalRowOffset("se_across")));
            }
            Evaluation.Accumulator acc = Evaluation.of(m, k).accumulator();
            double[] e = new double[k.length];
            double[] v = new double[k.length];
            for (int i = 0; i < n.length; i++) {
                acc.scoreCounts(n[i], c[i], e, v);
                for (int j = 0; j < k.length; j++) {
                    assertEquals(e[j], est.getAtIndex(ValueLayout.JAVA_DOUBLE, (long) i * k.length + j));
                    assertEquals(v[j], var.getAtIndex(ValueLayout.JAVA_DOUBLE, (long) i * k.length + j));
                }
            }
            // A bad count anywhere: a code naming the problem, and nothing written.
            MemorySegment before = arena.allocate(rows.byteSize());
            before.copyFrom(rows);
            cs.setAtIndex(ValueLayout.JAVA_LONG, 6, 301);
            rc = Upcalls.evalCounts(AbiCodes.code(m), ns.address(), cs.address(), n.length, ks.address(), k.length,
                    rows.address(), rows.byteSize(), 0, 0, 0, err.address(), 256);
            assertEquals(AbiCodes.ErrorCode.INVALID_ARGUMENT.code, rc);
            assertTrue(message().contains("problem 6"), message());
            assertEquals(-1, rows.mismatch(before));
        }
    }
}
