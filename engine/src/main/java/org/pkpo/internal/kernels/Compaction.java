package org.pkpo.internal.kernels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The scalar reference of a masked call's compaction and expansion ({@link Kernels#compact}, {@link Kernels#expand}):
 * the valid samples (mask byte nonzero) of a batch copied back to back before the transform, and the outputs put back
 * at their samples after it, +0.0 at masked ones. Branch-free, so that a random mask costs no mispredictions.
 */
public final class Compaction {
    private Compaction() {
    }

    /** Samples per entry of the position table ({@code posAt}): one mask byte per sample, 8 to a word. */
    public static final int CHUNK = 8;

    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * Bit j set where mask[i + j] != 0, for j in [0, 8): one 8-byte read (mask needs 8 readable bytes from i), and
     * a byte's high bit is set iff the byte is nonzero, then the eight high bits gathered by one multiply.
     */
    public static int bits8(byte[] mask, int i) {
        long x = (long) WORDS.get(mask, i);
        long y = (((x & 0x7f7f_7f7f_7f7f_7f7fL) + 0x7f7f_7f7f_7f7f_7f7fL) | x) & 0x8080_8080_8080_8080L;
        return (int) (((y >>> 7) * 0x0102_0408_1020_4080L) >>> 56);
    }

    /**
     * Valid samples before sample s (s < samples, or s == samples given the total): from the position table of a
     * compaction and the mask bits of s's chunk below s. The mask needs 8 readable bytes from s's chunk start.
     */
    public static int validBefore(int[] posAt, byte[] mask, int s, int samples, int total) {
        if (s == samples) {
            return total;
        }
        int c = s & -CHUNK;
        return posAt[s / CHUNK] + Integer.bitCount(bits8(mask, c) & ((1 << (s - c)) - 1));
    }

    /** See {@link Kernels#compact(float[], int, byte[], int, int, float[], int, int[])}. */
    public static int compact(float[] a, int aBase, byte[] mask, int from, int to, float[] st, int pos, int[] posAt) {
        for (int i = from; i < to; i++) {
            if ((i & (CHUNK - 1)) == 0) {
                posAt[i / CHUNK] = pos;
            }
            st[pos] = a[i - aBase];
            pos += ((mask[i] & 0xff) + 0xff) >>> 8; // 1 if valid
        }
        return pos;
    }

    /** See {@link Kernels#compact(double[], int, byte[], int, int, double[], int, int[])}. */
    public static int compact(double[] a, int aBase, byte[] mask, int from, int to, double[] st, int pos, int[] posAt) {
        for (int i = from; i < to; i++) {
            if ((i & (CHUNK - 1)) == 0) {
                posAt[i / CHUNK] = pos;
            }
            st[pos] = a[i - aBase];
            pos += ((mask[i] & 0xff) + 0xff) >>> 8;
        }
        return pos;
    }

    /** See {@link Kernels#expand(float[], int, byte[], int, int, float[], int)}. */
    public static int expand(float[] so, int pos, byte[] mask, int from, int to, float[] o, int oBase) {
        for (int i = from; i < to; i++) {
            int ok = ((mask[i] & 0xff) + 0xff) >>> 8;
            o[i - oBase] = Float.intBitsToFloat(Float.floatToRawIntBits(so[pos]) & -ok);
            pos += ok;
        }
        return pos;
    }

    /** See {@link Kernels#expand(double[], int, byte[], int, int, double[], int)}. */
    public static int expand(double[] so, int pos, byte[] mask, int from, int to, double[] o, int oBase) {
        for (int i = from; i < to; i++) {
            long ok = ((mask[i] & 0xff) + 0xff) >>> 8;
            o[i - oBase] = Double.longBitsToDouble(Double.doubleToRawLongBits(so[pos]) & -ok);
            pos += (int) ok;
        }
        return pos;
    }
}
