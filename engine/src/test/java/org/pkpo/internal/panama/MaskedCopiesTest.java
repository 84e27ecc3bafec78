package org.pkpo.internal.panama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pkpo.internal.kernels.Compaction;
import org.pkpo.internal.kernels.Kernels;
import org.pkpo.internal.kernels.ParallelKernels;
import org.pkpo.internal.kernels.ScalarKernels;

/**
 * A masked call's compaction and expansion, on every kernel family, against the definition: the valid rewards in
 * sample order, positions every eight samples, outputs back at their samples with +0.0 bits at masked ones. Every
 * length up to 70 (whole chunks and tails), masks from none to all valid with any nonzero byte meaning valid, values
 * whose bits must survive (NaN payloads, -0.0, subnormals), garbage past the ends that must not matter, and
 * windows (consecutive ranges, each from its own array) giving the bits of one whole call.
 */
class MaskedCopiesTest {
    private static final Kernels[] FAMILIES = {ScalarKernels.INSTANCE, new PanamaKernels(),
        new ParallelKernels(new PanamaKernels(), 2)};
    private static final int WINDOW = 16;
    private static final double[] DENSITY = {0, 0.1, 0.5, 0.9, 1};
    private static final long[] ODD = {0x7ff8_dead_beef_0001L, 0x8000_0000_0000_0000L, 1L, 0xfff0_0000_0000_0000L};
    private static final int[] ODD32 = {0x7fc0_beef, 0x8000_0000, 1, 0xff80_0000};

    @Test
    void compactAndExpandFollowTheDefinition() {
        SplittableRandom rnd = new SplittableRandom(2718);
        for (Kernels k : FAMILIES) {
            for (int len = 0; len <= 70; len++) {
                for (double density : DENSITY) {
                    String what = k.name() + " len=" + len + " density=" + density;
                    byte[] mask = new byte[len + 8];
                    for (int i = 0; i < mask.length; i++) {
                        mask[i] = i >= len ? (byte) (1 + rnd.nextInt(255)) // past the end: never read as samples
                                : rnd.nextDouble() < density ? (byte) (1 + rnd.nextInt(255)) : 0;
                    }
                    int valid = 0;
                    int[] before = new int[len + 1];
                    for (int i = 0; i < len; i++) {
                        before[i] = valid;
                        valid += mask[i] != 0 ? 1 : 0;
                    }
                    before[len] = valid;
                    float[] f = new float[len];
                    double[] d = new double[len];
                    for (int i = 0; i < len; i++) {
                        f[i] = i % 5 == 0 ? Float.intBitsToFloat(ODD32[i % 4]) : (float) rnd.nextDouble(-4, 4);
                        d[i] = i % 5 == 0 ? Double.longBitsToDouble(ODD[i % 4]) : rnd.nextDouble(-4, 4);
                    }
                    float[] fs = new float[len + 8];
                    double[] ds = new double[len + 8];
                    int[] posAt = new int[len / 8 + 1];
                    assertEquals(valid, k.compact(f, 0, mask, 0, len, fs, 0, posAt), what + " f32 count");
                    checkPositions(posAt, mask, before, len, valid, what + " f32");
                    assertEquals(valid, k.compact(d, 0, mask, 0, len, ds, 0, posAt), what + " f64 count");
                    checkPositions(posAt, mask, before, len, valid, what + " f64");
                    for (int i = 0, r = 0; i < len; i++) {
                        if (mask[i] != 0) {
                            assertEquals(Float.floatToRawIntBits(f[i]), Float.floatToRawIntBits(fs[r]), what + " f32 at " + i);
                            assertEquals(Double.doubleToRawLongBits(d[i]), Double.doubleToRawLongBits(ds[r]), what + " f64 at " + i);
                            r++;
                        }
                    }
                    // The same in windows of 16 samples, each from its own array (as native rewards go): same bits.
                    float[] fw = new float[len + 8];
                    double[] dw = new double[len + 8];
                    int[] posAtW = new int[len / 8 + 1];
                    int pf = 0;
                    int pd = 0;
                    for (int from = 0; from < len; from += WINDOW) {
                        int to = Math.min(len, from + WINDOW);
                        pf = k.compact(Arrays.copyOfRange(f, from, to), from, mask, from, to, fw, pf, posAtW);
                        pd = k.compact(Arrays.copyOfRange(d, from, to), from, mask, from, to, dw, pd, posAtW);
                    }
                    assertEquals(valid, pf, what + " windows f32 count");
                    assertEquals(valid, pd, what + " windows f64 count");
                    checkPositions(posAtW, mask, before, len, valid, what + " windows");
                    assertArrayEquals(Arrays.copyOf(fs, valid), Arrays.copyOf(fw, valid), what + " windows f32");
                    assertArrayEquals(Arrays.copyOf(ds, valid), Arrays.copyOf(dw, valid), what + " windows f64");
                    // Expansion of distinct outputs (garbage past the count must not leak into masked samples).
                    float[] so = new float[len + 8];
                    double[] sd = new double[len + 8];
                    for (int r = 0; r < so.length; r++) {
                        so[r] = r < valid ? r + 0.5f : Float.intBitsToFloat(0x7fc0_0bad);
                        sd[r] = r < valid ? r + 0.25 : Double.longBitsToDouble(0x7ff8_0000_0000_0badL);
                    }
                    float[] of = new float[len];
                    double[] od = new double[len];
                    Arrays.fill(of, -7f);
                    Arrays.fill(od, -7);
                    assertEquals(valid, k.expand(so, 0, mask, 0, len, of, 0), what + " f32 expand position");
                    assertEquals(valid, k.expand(sd, 0, mask, 0, len, od, 0), what + " f64 expand position");
                    float[] ofw = new float[len];
                    double[] odw = new double[len];
                    pf = 0;
                    pd = 0;
                    for (int from = 0; from < len; from += WINDOW) {
                        int to = Math.min(len, from + WINDOW);
                        float[] wf = new float[to - from];
                        double[] wd = new double[to - from];
                        pf = k.expand(so, pf, mask, from, to, wf, from);
                        pd = k.expand(sd, pd, mask, from, to, wd, from);
                        System.arraycopy(wf, 0, ofw, from, to - from);
                        System.arraycopy(wd, 0, odw, from, to - from);
                    }
                    assertArrayEquals(of, ofw, what + " windows f32 out");
                    assertArrayEquals(od, odw, what + " windows f64 out");
                    for (int i = 0; i < len; i++) {
                        int wantF = mask[i] != 0 ? Float.floatToRawIntBits(before[i] + 0.5f) : 0;
                        long wantD = mask[i] != 0 ? Double.doubleToRawLongBits(before[i] + 0.25) : 0;
                        assertEquals(wantF, Float.floatToRawIntBits(of[i]), what + " f32 out " + i);
                        assertEquals(wantD, Double.doubleToRawLongBits(od[i]), what + " f64 out " + i);
                    }
                }
            }
        }
    }

    private static void checkPositions(int[] posAt, byte[] mask, int[] before, int len, int valid, String what) {
        for (int c = 0; 8 * c < len; c++) {
            assertEquals(before[8 * c], posAt[c], what + " posAt[" + c + "]");
        }
        for (int s = 0; s <= len; s++) {
            assertEquals(before[s], Compaction.validBefore(posAt, mask, s, len, valid), what + " validBefore(" + s + ")");
        }
    }
}
