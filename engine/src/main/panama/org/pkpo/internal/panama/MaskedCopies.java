package org.pkpo.internal.panama;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import org.pkpo.internal.kernels.Compaction;

/**
 * {@link Compaction}'s loops eight samples at a time: the chunk's eight mask bytes become eight bits (one word read),
 * and one lane permutation from a table indexed by those bits moves the valid rewards to the front (compaction) or
 * back to their samples (expansion, then an AND with the table's lane mask makes masked outputs +0.0): 256-bit
 * {@code vpermd} on AVX2. The scalar loops carry the position from sample to sample (1.2-1.6 ns per sample on a
 * 2-core AMD EPYC VM, AVX2); these carry it from chunk to chunk (0.55-0.6 ns, measured on 1M samples with 10% masked,
 * same VM).
 *
 * <p>Where the preferred vectors are wider (AVX-512) the same steps run on them with the Vector API's own
 * {@code compress}/{@code expand} ({@code vcompressps}/{@code vexpandps}) and masked loads and stores: every vector
 * this engine makes then has the one preferred shape. A second shape is not only slower there, it breaks the lane
 * kernels: the JDK's vector methods keep one type profile per call site for the whole JVM, and once they had seen
 * this class's 256-bit vectors beside the kernels' 512-bit ones, C2 boxed vectors in {@code LanesF32}'s copies
 * (WarmAllocationTest on an AMD EPYC family 26 VM with AVX-512: 1,089,920 bytes per warm ragged call of 3,000
 * groups, 0 with these copies scalar or 512-bit).
 */
final class MaskedCopies {
    private MaskedCopies() {
    }

    private static final VectorSpecies<Integer> I8 = IntVector.SPECIES_256;
    private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
    private static final VectorSpecies<Double> D4 = DoubleVector.SPECIES_256;
    // The wide path: 16 floats or 8 doubles a vector (512-bit preferred vectors; unused, and never loaded, elsewhere).
    private static final VectorSpecies<Float> FW = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DW = DoubleVector.SPECIES_PREFERRED;
    /** Whether the preferred vectors hold 16 floats (AVX-512): then the wide path, not the 256-bit tables, runs. */
    static final boolean WIDE = FW.length() == 16;

    /** Whether 256-bit integer permutations are native here (AVX2 or better); if not, the scalar loops run. */
    static final boolean SUPPORTED = IntVector.SPECIES_PREFERRED.vectorBitSize() >= 256;

    // For each 8-bit mask b, 8 int lanes: COMPRESS8 lane r = the r-th set bit's lane; EXPAND8 lane j = the rank of
    // lane j among the set bits; KEEP8 lane j = -1 where bit j is set. The *4 tables do the same for 4-bit masks on
    // four 64-bit lanes, each as two int lanes.
    private static final int[] COMPRESS8 = new int[256 * 8];
    private static final int[] EXPAND8 = new int[256 * 8];
    private static final int[] KEEP8 = new int[256 * 8];
    private static final int[] COMPRESS4 = new int[16 * 8];
    private static final int[] EXPAND4 = new int[16 * 8];
    private static final int[] KEEP4 = new int[16 * 8];

    static {
        for (int b = 0; b < 256; b++) {
            for (int j = 0, r = 0; j < 8; j++) {
                if ((b >>> j & 1) != 0) {
                    COMPRESS8[8 * b + r] = j;
                    EXPAND8[8 * b + j] = r;
                    KEEP8[8 * b + j] = -1;
                    r++;
                }
            }
        }
        for (int b = 0; b < 16; b++) {
            for (int j = 0, r = 0; j < 4; j++) {
                if ((b >>> j & 1) != 0) {
                    COMPRESS4[8 * b + 2 * r] = 2 * j;
                    COMPRESS4[8 * b + 2 * r + 1] = 2 * j + 1;
                    EXPAND4[8 * b + 2 * j] = 2 * r;
                    EXPAND4[8 * b + 2 * j + 1] = 2 * r + 1;
                    KEEP4[8 * b + 2 * j] = -1;
                    KEEP4[8 * b + 2 * j + 1] = -1;
                    r++;
                }
            }
        }
    }

    // Vector steps over whole chunks of eight samples, then the reference loop for the rest (it also records posAt
    // at the chunk where it starts).

    static int compact(float[] a, int aBase, byte[] mask, int from, int to, float[] st, int pos, int[] posAt) {
        int i = from;
        if (WIDE) {
            for (; i + 16 <= to; i += 16) {
                int lo = Compaction.bits8(mask, i);
                int b = lo | Compaction.bits8(mask, i + 8) << 8;
                posAt[i >>> 3] = pos;
                posAt[(i >>> 3) + 1] = pos + Integer.bitCount(lo);
                int n = Integer.bitCount(b);
                FloatVector.fromArray(FW, a, i - aBase).compress(VectorMask.fromLong(FW, b))
                        .intoArray(st, pos, VectorMask.fromLong(FW, (1L << n) - 1));
                pos += n;
            }
            return Compaction.compact(a, aBase, mask, i, to, st, pos, posAt);
        }
        for (; i + 8 <= to; i += 8) {
            int b = Compaction.bits8(mask, i);
            posAt[i >>> 3] = pos;
            IntVector v = FloatVector.fromArray(F8, a, i - aBase).reinterpretAsInts();
            IntVector.fromArray(I8, COMPRESS8, b << 3).selectFrom(v).reinterpretAsFloats().intoArray(st, pos);
            pos += Integer.bitCount(b);
        }
        return Compaction.compact(a, aBase, mask, i, to, st, pos, posAt);
    }

    static int compact(double[] a, int aBase, byte[] mask, int from, int to, double[] st, int pos, int[] posAt) {
        int i = from;
        if (WIDE) {
            for (; i + 8 <= to; i += 8) {
                int b = Compaction.bits8(mask, i);
                posAt[i >>> 3] = pos;
                int n = Integer.bitCount(b);
                DoubleVector.fromArray(DW, a, i - aBase).compress(VectorMask.fromLong(DW, b))
                        .intoArray(st, pos, VectorMask.fromLong(DW, (1L << n) - 1));
                pos += n;
            }
            return Compaction.compact(a, aBase, mask, i, to, st, pos, posAt);
        }
        for (; i + 8 <= to; i += 8) {
            int b = Compaction.bits8(mask, i);
            posAt[i >>> 3] = pos;
            int lo = b & 15;
            int hi = b >>> 4;
            IntVector v0 = DoubleVector.fromArray(D4, a, i - aBase).reinterpretAsInts();
            IntVector.fromArray(I8, COMPRESS4, lo << 3).selectFrom(v0).reinterpretAsDoubles().intoArray(st, pos);
            pos += Integer.bitCount(lo);
            IntVector v1 = DoubleVector.fromArray(D4, a, i + 4 - aBase).reinterpretAsInts();
            IntVector.fromArray(I8, COMPRESS4, hi << 3).selectFrom(v1).reinterpretAsDoubles().intoArray(st, pos);
            pos += Integer.bitCount(hi);
        }
        return Compaction.compact(a, aBase, mask, i, to, st, pos, posAt);
    }

    static int expand(float[] so, int pos, byte[] mask, int from, int to, float[] o, int oBase) {
        int i = from;
        if (WIDE) {
            for (; i + 16 <= to; i += 16) {
                int b = Compaction.bits8(mask, i) | Compaction.bits8(mask, i + 8) << 8;
                int n = Integer.bitCount(b);
                FloatVector.fromArray(FW, so, pos, VectorMask.fromLong(FW, (1L << n) - 1))
                        .expand(VectorMask.fromLong(FW, b)).intoArray(o, i - oBase);
                pos += n;
            }
            return Compaction.expand(so, pos, mask, i, to, o, oBase);
        }
        for (; i + 8 <= to; i += 8) {
            int b = Compaction.bits8(mask, i);
            IntVector v = FloatVector.fromArray(F8, so, pos).reinterpretAsInts();
            IntVector.fromArray(I8, EXPAND8, b << 3).selectFrom(v).and(IntVector.fromArray(I8, KEEP8, b << 3))
                    .reinterpretAsFloats().intoArray(o, i - oBase);
            pos += Integer.bitCount(b);
        }
        return Compaction.expand(so, pos, mask, i, to, o, oBase);
    }

    static int expand(double[] so, int pos, byte[] mask, int from, int to, double[] o, int oBase) {
        int i = from;
        if (WIDE) {
            for (; i + 8 <= to; i += 8) {
                int b = Compaction.bits8(mask, i);
                int n = Integer.bitCount(b);
                DoubleVector.fromArray(DW, so, pos, VectorMask.fromLong(DW, (1L << n) - 1))
                        .expand(VectorMask.fromLong(DW, b)).intoArray(o, i - oBase);
                pos += n;
            }
            return Compaction.expand(so, pos, mask, i, to, o, oBase);
        }
        for (; i + 8 <= to; i += 8) {
            int b = Compaction.bits8(mask, i);
            int lo = b & 15;
            int hi = b >>> 4;
            IntVector v0 = DoubleVector.fromArray(D4, so, pos).reinterpretAsInts();
            IntVector.fromArray(I8, EXPAND4, lo << 3).selectFrom(v0).and(IntVector.fromArray(I8, KEEP4, lo << 3))
                    .reinterpretAsDoubles().intoArray(o, i - oBase);
            pos += Integer.bitCount(lo);
            IntVector v1 = DoubleVector.fromArray(D4, so, pos).reinterpretAsInts();
            IntVector.fromArray(I8, EXPAND4, hi << 3).selectFrom(v1).and(IntVector.fromArray(I8, KEEP4, hi << 3))
                    .reinterpretAsDoubles().intoArray(o, i + 4 - oBase);
            pos += Integer.bitCount(hi);
        }
        return Compaction.expand(so, pos, mask, i, to, o, oBase);
    }
}
