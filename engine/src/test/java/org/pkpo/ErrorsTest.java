package org.pkpo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every bad input gets an IllegalArgumentException whose message carries the values, and writes nothing. */
class ErrorsTest {

    private static String fails(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    private static void contains(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "message '" + message + "' lacks '" + p + "'");
        }
    }

    @Test
    void kOutOfRange() {
        double[] g = {1, 2, 3, 4};
        contains(fails(() -> Transform.of(Estimator.S, 0)), "k must be >= 1", "0");
        contains(fails(() -> Transform.of(Estimator.S, 5).apply(g, 4)), "s needs 1 <= k <= n", "k=5", "n=4", "Corollary 2");
        contains(fails(() -> Transform.of(Estimator.RHO, 5).apply(g, 4)), "rho", "k=5", "n=4");
        contains(fails(() -> Transform.of(Estimator.SLOO, 4).apply(g, 4)), "sloo needs 1 <= k < n", "k=4", "n=4", "sloo_minus_one");
        contains(fails(() -> Transform.of(Estimator.SLOO_MINUS_ONE, 2).apply(new double[] {1}, 1)), "n >= 2", "n=1");
        contains(fails(() -> Transform.of(Estimator.LOO, 2)), "loo", "k = 1", "2");
        contains(fails(() -> Transform.of(Estimator.LOO, 1).apply(new double[] {1, 2, 3}, 1)), "loo needs", "n=1");
        contains(fails(() -> Transform.of(Estimator.S, 1).apply(g, 0)), "n=0");
    }

    @Test
    void passAtKErrors() {
        contains(fails(() -> Pkpo.passAtK(3, 0, 4)), "n >= k", "n=3", "k=4", "Corollary 2");
        contains(fails(() -> Pkpo.passAtK(5, 6, 2)), "0 <= c <= n", "c=6", "n=5");
        contains(fails(() -> Pkpo.passAtK(5, -1, 2)), "c=-1");
        contains(fails(() -> Pkpo.passAtK(5, 1, 0)), "k=0");
        double[] out = {42, 42};
        contains(fails(() -> Pkpo.passAtK(new long[] {10, 2}, new long[] {1, 1}, 3, out)), "problem 1", "n=2", "k=3");
        assertArrayEquals(new double[] {42, 42}, out, "nothing written");
        contains(fails(() -> Pkpo.passAtK(new long[] {10}, new long[] {1, 2}, 3, new double[1])), "equal lengths");
    }

    @Test
    void nonFiniteIsRejectedWithItsPlaceAndNothingIsWritten() {
        double[] g = {1, 2, 3, 4, 5, 6, Double.NaN, 8};
        double[] out = new double[8];
        java.util.Arrays.fill(out, 42);
        contains(fails(() -> Transform.of(Estimator.S, 2).apply(g, 4, out)), "non-finite", "NaN", "group 1",
                "position 2", "element 6");
        for (double v : out) {
            assertEquals(42, v);
        }
        float[] f = {1, Float.POSITIVE_INFINITY, 3, 4};
        contains(fails(() -> Transform.of(Estimator.SLOO, 1).apply(f, 2)), "Infinity", "group 0", "position 1");
    }

    /** In place, an error in the last group must leave every group's raw rewards intact. */
    @Test
    void inPlaceErrorLeavesRewardsIntact() {
        double[] g = {3, 1, 2, 5, 4, 6, 9, 8, Double.NEGATIVE_INFINITY};
        double[] copy = g.clone();
        fails(() -> Transform.of(Estimator.SLOO_MINUS_ONE, 2).apply(g, 3, g));
        assertArrayEquals(copy, g);
        int[] offsets = {0, 2, 5, 9};
        fails(() -> Transform.of(Estimator.S, 2).applyRagged(g, offsets, g));
        assertArrayEquals(copy, g);
    }

    @Test
    void inPlaceGivesTheSameAnswer() {
        double[] g = {3, 1, 2, 5, 4, 6, 9, 8, 7};
        double[] want = Transform.of(Estimator.SLOO, 2).apply(g, 3);
        Transform.of(Estimator.SLOO, 2).apply(g, 3, g);
        assertArrayEquals(want, g);
    }

    @Test
    void excludeLeavesNonFiniteOutAndReports() {
        double nan = Double.NaN;
        // group 0: one NaN among 5 -> transformed as the 4 finite ones; group 1: only 2 finite, too few for k=3
        double[] g = {0.5, nan, 0.1, 0.9, 0.3, nan, 0.2, Double.POSITIVE_INFINITY, 0.4, nan};
        Transform t = Transform.of(Estimator.SLOO_MINUS_ONE, 3).nonFinite(NonFinite.EXCLUDE);
        double[] out = new double[10];
        TransformReport r = t.apply(g, 5, out);
        assertEquals(new TransformReport(2, 10, 4, 1), r);
        double[] alone = Transform.of(Estimator.SLOO_MINUS_ONE, 3).apply(new double[] {0.5, 0.1, 0.9, 0.3}, 4);
        assertArrayEquals(new double[] {alone[0], 0, alone[1], alone[2], alone[3], 0, 0, 0, 0, 0}, out, 0.0);
        // rho of a group left too small is 0, counted as zeroed
        double[] rho = new double[2];
        TransformReport rr = Transform.of(Estimator.RHO, 3).nonFinite(NonFinite.EXCLUDE).apply(g, 5, rho);
        assertEquals(1, rr.zeroedGroups());
        assertEquals(Pkpo.rho(3, 0.5, 0.1, 0.9, 0.3), rho[0], 0.0);
        assertEquals(0, rho[1]);
        // and clean calls report nothing excluded
        assertEquals(new TransformReport(1, 4, 0, 0), t.apply(new double[] {1, 2, 3, 4}, 4, new double[4]));
    }

    @Test
    void excludeStillRejectsBadK() {
        Transform t = Transform.of(Estimator.SLOO, 4).nonFinite(NonFinite.EXCLUDE);
        contains(fails(() -> t.apply(new double[] {1, 2, 3, 4}, 4)), "sloo needs 1 <= k < n", "k=4", "n=4");
    }

    @Test
    void wrongLengths() {
        Transform t = Transform.of(Estimator.S, 2);
        contains(fails(() -> t.apply(new double[10], 3)), "rewards.length=10", "not a multiple of n=3");
        contains(fails(() -> t.apply(new double[9], 3, new double[8])), "out.length=8", "writes 9");
        contains(fails(() -> Transform.of(Estimator.RHO, 2).apply(new double[9], 3, new double[9])), "out.length=9", "writes 3", "one per group");
        contains(fails(() -> t.apply((double[]) null, 3)), "rewards");
    }

    @Test
    void badOffsets() {
        Transform t = Transform.of(Estimator.S, 1);
        double[] g = new double[6];
        contains(fails(() -> t.applyRagged(g, new int[] {0, 4, 2, 6}, new double[6])), "must not decrease", "offsets[2]=2", "offsets[1]=4");
        contains(fails(() -> t.applyRagged(g, new int[] {-1, 3, 6}, new double[6])), "offsets[0]=-1");
        contains(fails(() -> t.applyRagged(g, new int[] {0, 3, 7}, new double[6])), "rewards holds 6", "needs 7");
        contains(fails(() -> t.applyRagged(g, new int[] {0, 3, 6}, new double[5])), "out holds 5", "needs 6");
        contains(fails(() -> t.applyRagged(g, new int[0], new double[6])), "groups+1");
        contains(fails(() -> Transform.of(Estimator.S, 2).applyRagged(g, new int[] {0, 3, 4, 6}, new double[6])),
                "group 1", "k=2", "n=1");
        contains(fails(() -> t.applyRagged(g, new int[] {0, 0, 6}, new double[6])), "group 0", "n=0");
    }

    @Test
    void segmentsTooSmallMisalignedOverlappingOrNull() {
        Transform t = Transform.of(Estimator.S, 2);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(ValueLayout.JAVA_DOUBLE, 16);
            MemorySegment out = arena.allocate(ValueLayout.JAVA_DOUBLE, 16);
            contains(fails(() -> t.apply(DType.F64, in, 5, 4, out)), "rewards holds 16", "needs 20");
            contains(fails(() -> t.apply(DType.F64, in, 4, 4, out.asSlice(0, 8 * 15))), "out holds 15", "needs 16");
            contains(fails(() -> t.apply(DType.F64, in.asSlice(4, 64), 2, 4, out)), "not aligned to 8 bytes");
            contains(fails(() -> t.apply(DType.F64, in, 2, 4, in.asSlice(8, 64))), "overlap", "same buffer");
            contains(fails(() -> Transform.of(Estimator.RHO, 2).apply(DType.F64, in, 2, 4, in)), "overlap");
            contains(fails(() -> t.apply(DType.F64, null, 2, 4, out)), "rewards is null");
            contains(fails(() -> t.apply(DType.F64, in, 2, 4, null)), "out is null");
            contains(fails(() -> t.apply(DType.F64, in, -1, 4, out)), "groups must be >= 0", "-1");
            contains(fails(() -> t.apply(DType.F64, in, 2, 4, out.asReadOnly())), "read-only");
            MemorySegment bytes = MemorySegment.ofArray(new byte[64]);
            contains(fails(() -> t.apply(DType.F64, bytes, 2, 4, out)), "not aligned");
            // in place on the identical segment is fine
            t.apply(DType.F64, in, 4, 4, in);
            // float32 segments are half the size
            contains(fails(() -> t.apply(DType.F32, in.asSlice(0, 60), 4, 4, out)), "rewards holds 15 f32", "needs 16");
        }
    }

    @Test
    void zeroGroupsIsANoOp() {
        Transform t = Transform.of(Estimator.S, 3);
        assertEquals(new TransformReport(0, 0, 0, 0), t.apply(DType.F32, MemorySegment.NULL, 0, 16, MemorySegment.NULL));
        assertEquals(0, t.apply(new double[0], 4).length);
    }

    /** Each kind of bad input carries its reason, so callers can branch without parsing messages. */
    @Test
    void reasons() {
        Transform s2 = Transform.of(Estimator.S, 2);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(ValueLayout.JAVA_DOUBLE, 16);
            reason(PkpoException.Reason.BAD_K, () -> Transform.of(Estimator.SLOO, 4).apply(new double[4], 4));
            reason(PkpoException.Reason.BAD_K, () -> Transform.of(Estimator.S, 0));
            reason(PkpoException.Reason.BAD_K, () -> Pkpo.passAtK(3, 1, 4));
            reason(PkpoException.Reason.BAD_K, () -> s2.applyRagged(new double[3], new int[] {0, 1, 3}, new double[3]));
            reason(PkpoException.Reason.NON_FINITE, () -> s2.apply(new double[] {1, Double.NaN}, 2));
            reason(PkpoException.Reason.NULL_POINTER, () -> s2.apply((float[]) null, 2));
            reason(PkpoException.Reason.NULL_POINTER, () -> s2.apply(DType.F64, in, 1, 4, null));
            reason(PkpoException.Reason.MISALIGNED, () -> s2.apply(DType.F64, in.asSlice(4, 64), 2, 4, in.asSlice(64, 64)));
            reason(PkpoException.Reason.BUFFER_TOO_SMALL, () -> s2.apply(DType.F64, in, 5, 4, in));
            reason(PkpoException.Reason.BUFFER_TOO_SMALL, () -> s2.apply(new double[4], 2, new double[3]));
            reason(PkpoException.Reason.OVERLAP, () -> s2.apply(DType.F64, in, 1, 4, in.asSlice(8, 32)));
            reason(PkpoException.Reason.INVALID_ARGUMENT, () -> s2.applyRagged(new double[4], new int[] {0, 3, 2}, new double[4]));
            reason(PkpoException.Reason.INVALID_ARGUMENT, () -> Pkpo.passAtK(4, 5, 2));
            reason(PkpoException.Reason.INVALID_ARGUMENT, () -> Estimator.fromName("nope"));
        }
    }

    private static void reason(PkpoException.Reason want, Executable call) {
        PkpoException e = assertThrows(PkpoException.class, call);
        assertEquals(want, e.reason(), e.getMessage());
    }

    @Test
    void unknownEstimatorName() {
        contains(fails(() -> Estimator.fromName("pass")), "unknown estimator 'pass'", "sloo_minus_one");
        assertEquals(Estimator.SLOO_MINUS_ONE, Estimator.fromName("SLOO-minus-one"));
    }
}
