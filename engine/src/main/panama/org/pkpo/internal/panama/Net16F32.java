package org.pkpo.internal.panama;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 16-sample network of {@link SortingNetwork} unrolled over local row vectors, so that C2 keeps the
 * rows in registers instead of loading and storing two scratch rows per comparator. Instead of carrying
 * the original positions through the network, {@link #sort} records each comparator's swap mask and
 * {@link #unsort} replays them backwards on the outputs (no scatter needed).
 *
 * <p>The comparator lines are generated from {@code SortingNetwork.of(16)}, one line each in the same
 * order ({@code Net16F32Test} checks them against the table). They come in a few methods of about
 * 16 comparators (whole layers), each loading the rows it touches and storing them back: one method with
 * all {@value #COMPARATORS} made C1 give up ("out of virtual registers"), and the method then never
 * reached C2 under the default tiered JVM.
 */
public final class Net16F32 {
    static final int N = 16;
    static final int COMPARATORS = 63;
    private static final VectorSpecies<Integer> IS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final int L = IS.length();

    private Net16F32() {
    }

    /**
     * Sorts every lane of the 16 rows of raw float bits in {@code keys} ascending, writes the sorted
     * floats to the rows of {@code x} and the swap mask of comparator c to {@code swaps[c * L ..]}.
     * {@code keys} is left holding the order-preserving int keys of the sorted values.
     */
    static void sort(int[] keys, float[] x, int[] swaps) {
        // Order-preserving int keys: flip all but the sign bit of negative floats (its own inverse).
        for (int r = 0; r < N * L; r += L) {
            IntVector v = IntVector.fromArray(IS, keys, r);
            v.lanewise(VectorOperators.XOR, v.lanewise(VectorOperators.ASHR, 31).lanewise(VectorOperators.AND, 0x7fffffff)).intoArray(keys, r);
        }
        sort0(keys, swaps);
        sort1(keys, swaps);
        sort2(keys, swaps);
        sort3(keys, swaps);
        for (int r = 0; r < N * L; r += L) {
            IntVector v = IntVector.fromArray(IS, keys, r);
            v.lanewise(VectorOperators.XOR, v.lanewise(VectorOperators.ASHR, 31).lanewise(VectorOperators.AND, 0x7fffffff)).reinterpretAsFloats().intoArray(x, r);
        }
    }

    /** Puts the 16 rows of {@code y} (in sorted order) back in each lane's original order. */
    static void unsort(float[] y, int[] swaps) {
        unsort3(y, swaps);
        unsort2(y, swaps);
        unsort1(y, swaps);
        unsort0(y, swaps);
    }

    private static void sort0(int[] k, int[] swaps) {
        IntVector k0 = IntVector.fromArray(IS, k, 0 * L);
        IntVector k1 = IntVector.fromArray(IS, k, 1 * L);
        IntVector k2 = IntVector.fromArray(IS, k, 2 * L);
        IntVector k3 = IntVector.fromArray(IS, k, 3 * L);
        IntVector k4 = IntVector.fromArray(IS, k, 4 * L);
        IntVector k5 = IntVector.fromArray(IS, k, 5 * L);
        IntVector k6 = IntVector.fromArray(IS, k, 6 * L);
        IntVector k7 = IntVector.fromArray(IS, k, 7 * L);
        IntVector k8 = IntVector.fromArray(IS, k, 8 * L);
        IntVector k9 = IntVector.fromArray(IS, k, 9 * L);
        IntVector k10 = IntVector.fromArray(IS, k, 10 * L);
        IntVector k11 = IntVector.fromArray(IS, k, 11 * L);
        IntVector k12 = IntVector.fromArray(IS, k, 12 * L);
        IntVector k13 = IntVector.fromArray(IS, k, 13 * L);
        IntVector k14 = IntVector.fromArray(IS, k, 14 * L);
        IntVector k15 = IntVector.fromArray(IS, k, 15 * L);
        VectorMask<Integer> m;
        IntVector t;
        m = k0.compare(VectorOperators.GT, k1); t = k0.min(k1); k1 = k0.max(k1); k0 = t; ((IntVector) m.toVector()).intoArray(swaps, 0 * L);
        m = k2.compare(VectorOperators.GT, k3); t = k2.min(k3); k3 = k2.max(k3); k2 = t; ((IntVector) m.toVector()).intoArray(swaps, 1 * L);
        m = k4.compare(VectorOperators.GT, k5); t = k4.min(k5); k5 = k4.max(k5); k4 = t; ((IntVector) m.toVector()).intoArray(swaps, 2 * L);
        m = k6.compare(VectorOperators.GT, k7); t = k6.min(k7); k7 = k6.max(k7); k6 = t; ((IntVector) m.toVector()).intoArray(swaps, 3 * L);
        m = k8.compare(VectorOperators.GT, k9); t = k8.min(k9); k9 = k8.max(k9); k8 = t; ((IntVector) m.toVector()).intoArray(swaps, 4 * L);
        m = k10.compare(VectorOperators.GT, k11); t = k10.min(k11); k11 = k10.max(k11); k10 = t; ((IntVector) m.toVector()).intoArray(swaps, 5 * L);
        m = k12.compare(VectorOperators.GT, k13); t = k12.min(k13); k13 = k12.max(k13); k12 = t; ((IntVector) m.toVector()).intoArray(swaps, 6 * L);
        m = k14.compare(VectorOperators.GT, k15); t = k14.min(k15); k15 = k14.max(k15); k14 = t; ((IntVector) m.toVector()).intoArray(swaps, 7 * L);
        m = k0.compare(VectorOperators.GT, k2); t = k0.min(k2); k2 = k0.max(k2); k0 = t; ((IntVector) m.toVector()).intoArray(swaps, 8 * L);
        m = k1.compare(VectorOperators.GT, k3); t = k1.min(k3); k3 = k1.max(k3); k1 = t; ((IntVector) m.toVector()).intoArray(swaps, 9 * L);
        m = k4.compare(VectorOperators.GT, k6); t = k4.min(k6); k6 = k4.max(k6); k4 = t; ((IntVector) m.toVector()).intoArray(swaps, 10 * L);
        m = k5.compare(VectorOperators.GT, k7); t = k5.min(k7); k7 = k5.max(k7); k5 = t; ((IntVector) m.toVector()).intoArray(swaps, 11 * L);
        m = k8.compare(VectorOperators.GT, k10); t = k8.min(k10); k10 = k8.max(k10); k8 = t; ((IntVector) m.toVector()).intoArray(swaps, 12 * L);
        m = k9.compare(VectorOperators.GT, k11); t = k9.min(k11); k11 = k9.max(k11); k9 = t; ((IntVector) m.toVector()).intoArray(swaps, 13 * L);
        m = k12.compare(VectorOperators.GT, k14); t = k12.min(k14); k14 = k12.max(k14); k12 = t; ((IntVector) m.toVector()).intoArray(swaps, 14 * L);
        m = k13.compare(VectorOperators.GT, k15); t = k13.min(k15); k15 = k13.max(k15); k13 = t; ((IntVector) m.toVector()).intoArray(swaps, 15 * L);
        k0.intoArray(k, 0 * L);
        k1.intoArray(k, 1 * L);
        k2.intoArray(k, 2 * L);
        k3.intoArray(k, 3 * L);
        k4.intoArray(k, 4 * L);
        k5.intoArray(k, 5 * L);
        k6.intoArray(k, 6 * L);
        k7.intoArray(k, 7 * L);
        k8.intoArray(k, 8 * L);
        k9.intoArray(k, 9 * L);
        k10.intoArray(k, 10 * L);
        k11.intoArray(k, 11 * L);
        k12.intoArray(k, 12 * L);
        k13.intoArray(k, 13 * L);
        k14.intoArray(k, 14 * L);
        k15.intoArray(k, 15 * L);
    }

    private static void sort1(int[] k, int[] swaps) {
        IntVector k0 = IntVector.fromArray(IS, k, 0 * L);
        IntVector k1 = IntVector.fromArray(IS, k, 1 * L);
        IntVector k2 = IntVector.fromArray(IS, k, 2 * L);
        IntVector k3 = IntVector.fromArray(IS, k, 3 * L);
        IntVector k4 = IntVector.fromArray(IS, k, 4 * L);
        IntVector k5 = IntVector.fromArray(IS, k, 5 * L);
        IntVector k6 = IntVector.fromArray(IS, k, 6 * L);
        IntVector k7 = IntVector.fromArray(IS, k, 7 * L);
        IntVector k8 = IntVector.fromArray(IS, k, 8 * L);
        IntVector k9 = IntVector.fromArray(IS, k, 9 * L);
        IntVector k10 = IntVector.fromArray(IS, k, 10 * L);
        IntVector k11 = IntVector.fromArray(IS, k, 11 * L);
        IntVector k12 = IntVector.fromArray(IS, k, 12 * L);
        IntVector k13 = IntVector.fromArray(IS, k, 13 * L);
        IntVector k14 = IntVector.fromArray(IS, k, 14 * L);
        IntVector k15 = IntVector.fromArray(IS, k, 15 * L);
        VectorMask<Integer> m;
        IntVector t;
        m = k1.compare(VectorOperators.GT, k2); t = k1.min(k2); k2 = k1.max(k2); k1 = t; ((IntVector) m.toVector()).intoArray(swaps, 16 * L);
        m = k5.compare(VectorOperators.GT, k6); t = k5.min(k6); k6 = k5.max(k6); k5 = t; ((IntVector) m.toVector()).intoArray(swaps, 17 * L);
        m = k9.compare(VectorOperators.GT, k10); t = k9.min(k10); k10 = k9.max(k10); k9 = t; ((IntVector) m.toVector()).intoArray(swaps, 18 * L);
        m = k13.compare(VectorOperators.GT, k14); t = k13.min(k14); k14 = k13.max(k14); k13 = t; ((IntVector) m.toVector()).intoArray(swaps, 19 * L);
        m = k0.compare(VectorOperators.GT, k4); t = k0.min(k4); k4 = k0.max(k4); k0 = t; ((IntVector) m.toVector()).intoArray(swaps, 20 * L);
        m = k1.compare(VectorOperators.GT, k5); t = k1.min(k5); k5 = k1.max(k5); k1 = t; ((IntVector) m.toVector()).intoArray(swaps, 21 * L);
        m = k2.compare(VectorOperators.GT, k6); t = k2.min(k6); k6 = k2.max(k6); k2 = t; ((IntVector) m.toVector()).intoArray(swaps, 22 * L);
        m = k3.compare(VectorOperators.GT, k7); t = k3.min(k7); k7 = k3.max(k7); k3 = t; ((IntVector) m.toVector()).intoArray(swaps, 23 * L);
        m = k8.compare(VectorOperators.GT, k12); t = k8.min(k12); k12 = k8.max(k12); k8 = t; ((IntVector) m.toVector()).intoArray(swaps, 24 * L);
        m = k9.compare(VectorOperators.GT, k13); t = k9.min(k13); k13 = k9.max(k13); k9 = t; ((IntVector) m.toVector()).intoArray(swaps, 25 * L);
        m = k10.compare(VectorOperators.GT, k14); t = k10.min(k14); k14 = k10.max(k14); k10 = t; ((IntVector) m.toVector()).intoArray(swaps, 26 * L);
        m = k11.compare(VectorOperators.GT, k15); t = k11.min(k15); k15 = k11.max(k15); k11 = t; ((IntVector) m.toVector()).intoArray(swaps, 27 * L);
        m = k2.compare(VectorOperators.GT, k4); t = k2.min(k4); k4 = k2.max(k4); k2 = t; ((IntVector) m.toVector()).intoArray(swaps, 28 * L);
        m = k3.compare(VectorOperators.GT, k5); t = k3.min(k5); k5 = k3.max(k5); k3 = t; ((IntVector) m.toVector()).intoArray(swaps, 29 * L);
        m = k10.compare(VectorOperators.GT, k12); t = k10.min(k12); k12 = k10.max(k12); k10 = t; ((IntVector) m.toVector()).intoArray(swaps, 30 * L);
        m = k11.compare(VectorOperators.GT, k13); t = k11.min(k13); k13 = k11.max(k13); k11 = t; ((IntVector) m.toVector()).intoArray(swaps, 31 * L);
        k0.intoArray(k, 0 * L);
        k1.intoArray(k, 1 * L);
        k2.intoArray(k, 2 * L);
        k3.intoArray(k, 3 * L);
        k4.intoArray(k, 4 * L);
        k5.intoArray(k, 5 * L);
        k6.intoArray(k, 6 * L);
        k7.intoArray(k, 7 * L);
        k8.intoArray(k, 8 * L);
        k9.intoArray(k, 9 * L);
        k10.intoArray(k, 10 * L);
        k11.intoArray(k, 11 * L);
        k12.intoArray(k, 12 * L);
        k13.intoArray(k, 13 * L);
        k14.intoArray(k, 14 * L);
        k15.intoArray(k, 15 * L);
    }

    private static void sort2(int[] k, int[] swaps) {
        IntVector k0 = IntVector.fromArray(IS, k, 0 * L);
        IntVector k1 = IntVector.fromArray(IS, k, 1 * L);
        IntVector k2 = IntVector.fromArray(IS, k, 2 * L);
        IntVector k3 = IntVector.fromArray(IS, k, 3 * L);
        IntVector k4 = IntVector.fromArray(IS, k, 4 * L);
        IntVector k5 = IntVector.fromArray(IS, k, 5 * L);
        IntVector k6 = IntVector.fromArray(IS, k, 6 * L);
        IntVector k7 = IntVector.fromArray(IS, k, 7 * L);
        IntVector k8 = IntVector.fromArray(IS, k, 8 * L);
        IntVector k9 = IntVector.fromArray(IS, k, 9 * L);
        IntVector k10 = IntVector.fromArray(IS, k, 10 * L);
        IntVector k11 = IntVector.fromArray(IS, k, 11 * L);
        IntVector k12 = IntVector.fromArray(IS, k, 12 * L);
        IntVector k13 = IntVector.fromArray(IS, k, 13 * L);
        IntVector k14 = IntVector.fromArray(IS, k, 14 * L);
        IntVector k15 = IntVector.fromArray(IS, k, 15 * L);
        VectorMask<Integer> m;
        IntVector t;
        m = k1.compare(VectorOperators.GT, k2); t = k1.min(k2); k2 = k1.max(k2); k1 = t; ((IntVector) m.toVector()).intoArray(swaps, 32 * L);
        m = k3.compare(VectorOperators.GT, k4); t = k3.min(k4); k4 = k3.max(k4); k3 = t; ((IntVector) m.toVector()).intoArray(swaps, 33 * L);
        m = k5.compare(VectorOperators.GT, k6); t = k5.min(k6); k6 = k5.max(k6); k5 = t; ((IntVector) m.toVector()).intoArray(swaps, 34 * L);
        m = k9.compare(VectorOperators.GT, k10); t = k9.min(k10); k10 = k9.max(k10); k9 = t; ((IntVector) m.toVector()).intoArray(swaps, 35 * L);
        m = k11.compare(VectorOperators.GT, k12); t = k11.min(k12); k12 = k11.max(k12); k11 = t; ((IntVector) m.toVector()).intoArray(swaps, 36 * L);
        m = k13.compare(VectorOperators.GT, k14); t = k13.min(k14); k14 = k13.max(k14); k13 = t; ((IntVector) m.toVector()).intoArray(swaps, 37 * L);
        m = k0.compare(VectorOperators.GT, k8); t = k0.min(k8); k8 = k0.max(k8); k0 = t; ((IntVector) m.toVector()).intoArray(swaps, 38 * L);
        m = k1.compare(VectorOperators.GT, k9); t = k1.min(k9); k9 = k1.max(k9); k1 = t; ((IntVector) m.toVector()).intoArray(swaps, 39 * L);
        m = k2.compare(VectorOperators.GT, k10); t = k2.min(k10); k10 = k2.max(k10); k2 = t; ((IntVector) m.toVector()).intoArray(swaps, 40 * L);
        m = k3.compare(VectorOperators.GT, k11); t = k3.min(k11); k11 = k3.max(k11); k3 = t; ((IntVector) m.toVector()).intoArray(swaps, 41 * L);
        m = k4.compare(VectorOperators.GT, k12); t = k4.min(k12); k12 = k4.max(k12); k4 = t; ((IntVector) m.toVector()).intoArray(swaps, 42 * L);
        m = k5.compare(VectorOperators.GT, k13); t = k5.min(k13); k13 = k5.max(k13); k5 = t; ((IntVector) m.toVector()).intoArray(swaps, 43 * L);
        m = k6.compare(VectorOperators.GT, k14); t = k6.min(k14); k14 = k6.max(k14); k6 = t; ((IntVector) m.toVector()).intoArray(swaps, 44 * L);
        m = k7.compare(VectorOperators.GT, k15); t = k7.min(k15); k15 = k7.max(k15); k7 = t; ((IntVector) m.toVector()).intoArray(swaps, 45 * L);
        k0.intoArray(k, 0 * L);
        k1.intoArray(k, 1 * L);
        k2.intoArray(k, 2 * L);
        k3.intoArray(k, 3 * L);
        k4.intoArray(k, 4 * L);
        k5.intoArray(k, 5 * L);
        k6.intoArray(k, 6 * L);
        k7.intoArray(k, 7 * L);
        k8.intoArray(k, 8 * L);
        k9.intoArray(k, 9 * L);
        k10.intoArray(k, 10 * L);
        k11.intoArray(k, 11 * L);
        k12.intoArray(k, 12 * L);
        k13.intoArray(k, 13 * L);
        k14.intoArray(k, 14 * L);
        k15.intoArray(k, 15 * L);
    }

    private static void sort3(int[] k, int[] swaps) {
        IntVector k1 = IntVector.fromArray(IS, k, 1 * L);
        IntVector k2 = IntVector.fromArray(IS, k, 2 * L);
        IntVector k3 = IntVector.fromArray(IS, k, 3 * L);
        IntVector k4 = IntVector.fromArray(IS, k, 4 * L);
        IntVector k5 = IntVector.fromArray(IS, k, 5 * L);
        IntVector k6 = IntVector.fromArray(IS, k, 6 * L);
        IntVector k7 = IntVector.fromArray(IS, k, 7 * L);
        IntVector k8 = IntVector.fromArray(IS, k, 8 * L);
        IntVector k9 = IntVector.fromArray(IS, k, 9 * L);
        IntVector k10 = IntVector.fromArray(IS, k, 10 * L);
        IntVector k11 = IntVector.fromArray(IS, k, 11 * L);
        IntVector k12 = IntVector.fromArray(IS, k, 12 * L);
        IntVector k13 = IntVector.fromArray(IS, k, 13 * L);
        IntVector k14 = IntVector.fromArray(IS, k, 14 * L);
        VectorMask<Integer> m;
        IntVector t;
        m = k4.compare(VectorOperators.GT, k8); t = k4.min(k8); k8 = k4.max(k8); k4 = t; ((IntVector) m.toVector()).intoArray(swaps, 46 * L);
        m = k5.compare(VectorOperators.GT, k9); t = k5.min(k9); k9 = k5.max(k9); k5 = t; ((IntVector) m.toVector()).intoArray(swaps, 47 * L);
        m = k6.compare(VectorOperators.GT, k10); t = k6.min(k10); k10 = k6.max(k10); k6 = t; ((IntVector) m.toVector()).intoArray(swaps, 48 * L);
        m = k7.compare(VectorOperators.GT, k11); t = k7.min(k11); k11 = k7.max(k11); k7 = t; ((IntVector) m.toVector()).intoArray(swaps, 49 * L);
        m = k2.compare(VectorOperators.GT, k4); t = k2.min(k4); k4 = k2.max(k4); k2 = t; ((IntVector) m.toVector()).intoArray(swaps, 50 * L);
        m = k3.compare(VectorOperators.GT, k5); t = k3.min(k5); k5 = k3.max(k5); k3 = t; ((IntVector) m.toVector()).intoArray(swaps, 51 * L);
        m = k6.compare(VectorOperators.GT, k8); t = k6.min(k8); k8 = k6.max(k8); k6 = t; ((IntVector) m.toVector()).intoArray(swaps, 52 * L);
        m = k7.compare(VectorOperators.GT, k9); t = k7.min(k9); k9 = k7.max(k9); k7 = t; ((IntVector) m.toVector()).intoArray(swaps, 53 * L);
        m = k10.compare(VectorOperators.GT, k12); t = k10.min(k12); k12 = k10.max(k12); k10 = t; ((IntVector) m.toVector()).intoArray(swaps, 54 * L);
        m = k11.compare(VectorOperators.GT, k13); t = k11.min(k13); k13 = k11.max(k13); k11 = t; ((IntVector) m.toVector()).intoArray(swaps, 55 * L);
        m = k1.compare(VectorOperators.GT, k2); t = k1.min(k2); k2 = k1.max(k2); k1 = t; ((IntVector) m.toVector()).intoArray(swaps, 56 * L);
        m = k3.compare(VectorOperators.GT, k4); t = k3.min(k4); k4 = k3.max(k4); k3 = t; ((IntVector) m.toVector()).intoArray(swaps, 57 * L);
        m = k5.compare(VectorOperators.GT, k6); t = k5.min(k6); k6 = k5.max(k6); k5 = t; ((IntVector) m.toVector()).intoArray(swaps, 58 * L);
        m = k7.compare(VectorOperators.GT, k8); t = k7.min(k8); k8 = k7.max(k8); k7 = t; ((IntVector) m.toVector()).intoArray(swaps, 59 * L);
        m = k9.compare(VectorOperators.GT, k10); t = k9.min(k10); k10 = k9.max(k10); k9 = t; ((IntVector) m.toVector()).intoArray(swaps, 60 * L);
        m = k11.compare(VectorOperators.GT, k12); t = k11.min(k12); k12 = k11.max(k12); k11 = t; ((IntVector) m.toVector()).intoArray(swaps, 61 * L);
        m = k13.compare(VectorOperators.GT, k14); t = k13.min(k14); k14 = k13.max(k14); k13 = t; ((IntVector) m.toVector()).intoArray(swaps, 62 * L);
        k1.intoArray(k, 1 * L);
        k2.intoArray(k, 2 * L);
        k3.intoArray(k, 3 * L);
        k4.intoArray(k, 4 * L);
        k5.intoArray(k, 5 * L);
        k6.intoArray(k, 6 * L);
        k7.intoArray(k, 7 * L);
        k8.intoArray(k, 8 * L);
        k9.intoArray(k, 9 * L);
        k10.intoArray(k, 10 * L);
        k11.intoArray(k, 11 * L);
        k12.intoArray(k, 12 * L);
        k13.intoArray(k, 13 * L);
        k14.intoArray(k, 14 * L);
    }

    private static void unsort3(float[] y, int[] swaps) {
        FloatVector y1 = FloatVector.fromArray(FS, y, 1 * L);
        FloatVector y2 = FloatVector.fromArray(FS, y, 2 * L);
        FloatVector y3 = FloatVector.fromArray(FS, y, 3 * L);
        FloatVector y4 = FloatVector.fromArray(FS, y, 4 * L);
        FloatVector y5 = FloatVector.fromArray(FS, y, 5 * L);
        FloatVector y6 = FloatVector.fromArray(FS, y, 6 * L);
        FloatVector y7 = FloatVector.fromArray(FS, y, 7 * L);
        FloatVector y8 = FloatVector.fromArray(FS, y, 8 * L);
        FloatVector y9 = FloatVector.fromArray(FS, y, 9 * L);
        FloatVector y10 = FloatVector.fromArray(FS, y, 10 * L);
        FloatVector y11 = FloatVector.fromArray(FS, y, 11 * L);
        FloatVector y12 = FloatVector.fromArray(FS, y, 12 * L);
        FloatVector y13 = FloatVector.fromArray(FS, y, 13 * L);
        FloatVector y14 = FloatVector.fromArray(FS, y, 14 * L);
        VectorMask<Float> m;
        FloatVector t;
        m = IntVector.fromArray(IS, swaps, 62 * L).compare(VectorOperators.NE, 0).cast(FS); t = y13.blend(y14, m); y14 = y14.blend(y13, m); y13 = t;
        m = IntVector.fromArray(IS, swaps, 61 * L).compare(VectorOperators.NE, 0).cast(FS); t = y11.blend(y12, m); y12 = y12.blend(y11, m); y11 = t;
        m = IntVector.fromArray(IS, swaps, 60 * L).compare(VectorOperators.NE, 0).cast(FS); t = y9.blend(y10, m); y10 = y10.blend(y9, m); y9 = t;
        m = IntVector.fromArray(IS, swaps, 59 * L).compare(VectorOperators.NE, 0).cast(FS); t = y7.blend(y8, m); y8 = y8.blend(y7, m); y7 = t;
        m = IntVector.fromArray(IS, swaps, 58 * L).compare(VectorOperators.NE, 0).cast(FS); t = y5.blend(y6, m); y6 = y6.blend(y5, m); y5 = t;
        m = IntVector.fromArray(IS, swaps, 57 * L).compare(VectorOperators.NE, 0).cast(FS); t = y3.blend(y4, m); y4 = y4.blend(y3, m); y3 = t;
        m = IntVector.fromArray(IS, swaps, 56 * L).compare(VectorOperators.NE, 0).cast(FS); t = y1.blend(y2, m); y2 = y2.blend(y1, m); y1 = t;
        m = IntVector.fromArray(IS, swaps, 55 * L).compare(VectorOperators.NE, 0).cast(FS); t = y11.blend(y13, m); y13 = y13.blend(y11, m); y11 = t;
        m = IntVector.fromArray(IS, swaps, 54 * L).compare(VectorOperators.NE, 0).cast(FS); t = y10.blend(y12, m); y12 = y12.blend(y10, m); y10 = t;
        m = IntVector.fromArray(IS, swaps, 53 * L).compare(VectorOperators.NE, 0).cast(FS); t = y7.blend(y9, m); y9 = y9.blend(y7, m); y7 = t;
        m = IntVector.fromArray(IS, swaps, 52 * L).compare(VectorOperators.NE, 0).cast(FS); t = y6.blend(y8, m); y8 = y8.blend(y6, m); y6 = t;
        m = IntVector.fromArray(IS, swaps, 51 * L).compare(VectorOperators.NE, 0).cast(FS); t = y3.blend(y5, m); y5 = y5.blend(y3, m); y3 = t;
        m = IntVector.fromArray(IS, swaps, 50 * L).compare(VectorOperators.NE, 0).cast(FS); t = y2.blend(y4, m); y4 = y4.blend(y2, m); y2 = t;
        m = IntVector.fromArray(IS, swaps, 49 * L).compare(VectorOperators.NE, 0).cast(FS); t = y7.blend(y11, m); y11 = y11.blend(y7, m); y7 = t;
        m = IntVector.fromArray(IS, swaps, 48 * L).compare(VectorOperators.NE, 0).cast(FS); t = y6.blend(y10, m); y10 = y10.blend(y6, m); y6 = t;
        m = IntVector.fromArray(IS, swaps, 47 * L).compare(VectorOperators.NE, 0).cast(FS); t = y5.blend(y9, m); y9 = y9.blend(y5, m); y5 = t;
        m = IntVector.fromArray(IS, swaps, 46 * L).compare(VectorOperators.NE, 0).cast(FS); t = y4.blend(y8, m); y8 = y8.blend(y4, m); y4 = t;
        y1.intoArray(y, 1 * L);
        y2.intoArray(y, 2 * L);
        y3.intoArray(y, 3 * L);
        y4.intoArray(y, 4 * L);
        y5.intoArray(y, 5 * L);
        y6.intoArray(y, 6 * L);
        y7.intoArray(y, 7 * L);
        y8.intoArray(y, 8 * L);
        y9.intoArray(y, 9 * L);
        y10.intoArray(y, 10 * L);
        y11.intoArray(y, 11 * L);
        y12.intoArray(y, 12 * L);
        y13.intoArray(y, 13 * L);
        y14.intoArray(y, 14 * L);
    }

    private static void unsort2(float[] y, int[] swaps) {
        FloatVector y0 = FloatVector.fromArray(FS, y, 0 * L);
        FloatVector y1 = FloatVector.fromArray(FS, y, 1 * L);
        FloatVector y2 = FloatVector.fromArray(FS, y, 2 * L);
        FloatVector y3 = FloatVector.fromArray(FS, y, 3 * L);
        FloatVector y4 = FloatVector.fromArray(FS, y, 4 * L);
        FloatVector y5 = FloatVector.fromArray(FS, y, 5 * L);
        FloatVector y6 = FloatVector.fromArray(FS, y, 6 * L);
        FloatVector y7 = FloatVector.fromArray(FS, y, 7 * L);
        FloatVector y8 = FloatVector.fromArray(FS, y, 8 * L);
        FloatVector y9 = FloatVector.fromArray(FS, y, 9 * L);
        FloatVector y10 = FloatVector.fromArray(FS, y, 10 * L);
        FloatVector y11 = FloatVector.fromArray(FS, y, 11 * L);
        FloatVector y12 = FloatVector.fromArray(FS, y, 12 * L);
        FloatVector y13 = FloatVector.fromArray(FS, y, 13 * L);
        FloatVector y14 = FloatVector.fromArray(FS, y, 14 * L);
        FloatVector y15 = FloatVector.fromArray(FS, y, 15 * L);
        VectorMask<Float> m;
        FloatVector t;
        m = IntVector.fromArray(IS, swaps, 45 * L).compare(VectorOperators.NE, 0).cast(FS); t = y7.blend(y15, m); y15 = y15.blend(y7, m); y7 = t;
        m = IntVector.fromArray(IS, swaps, 44 * L).compare(VectorOperators.NE, 0).cast(FS); t = y6.blend(y14, m); y14 = y14.blend(y6, m); y6 = t;
        m = IntVector.fromArray(IS, swaps, 43 * L).compare(VectorOperators.NE, 0).cast(FS); t = y5.blend(y13, m); y13 = y13.blend(y5, m); y5 = t;
        m = IntVector.fromArray(IS, swaps, 42 * L).compare(VectorOperators.NE, 0).cast(FS); t = y4.blend(y12, m); y12 = y12.blend(y4, m); y4 = t;
        m = IntVector.fromArray(IS, swaps, 41 * L).compare(VectorOperators.NE, 0).cast(FS); t = y3.blend(y11, m); y11 = y11.blend(y3, m); y3 = t;
        m = IntVector.fromArray(IS, swaps, 40 * L).compare(VectorOperators.NE, 0).cast(FS); t = y2.blend(y10, m); y10 = y10.blend(y2, m); y2 = t;
        m = IntVector.fromArray(IS, swaps, 39 * L).compare(VectorOperators.NE, 0).cast(FS); t = y1.blend(y9, m); y9 = y9.blend(y1, m); y1 = t;
        m = IntVector.fromArray(IS, swaps, 38 * L).compare(VectorOperators.NE, 0).cast(FS); t = y0.blend(y8, m); y8 = y8.blend(y0, m); y0 = t;
        m = IntVector.fromArray(IS, swaps, 37 * L).compare(VectorOperators.NE, 0).cast(FS); t = y13.blend(y14, m); y14 = y14.blend(y13, m); y13 = t;
        m = IntVector.fromArray(IS, swaps, 36 * L).compare(VectorOperators.NE, 0).cast(FS); t = y11.blend(y12, m); y12 = y12.blend(y11, m); y11 = t;
        m = IntVector.fromArray(IS, swaps, 35 * L).compare(VectorOperators.NE, 0).cast(FS); t = y9.blend(y10, m); y10 = y10.blend(y9, m); y9 = t;
        m = IntVector.fromArray(IS, swaps, 34 * L).compare(VectorOperators.NE, 0).cast(FS); t = y5.blend(y6, m); y6 = y6.blend(y5, m); y5 = t;
        m = IntVector.fromArray(IS, swaps, 33 * L).compare(VectorOperators.NE, 0).cast(FS); t = y3.blend(y4, m); y4 = y4.blend(y3, m); y3 = t;
        m = IntVector.fromArray(IS, swaps, 32 * L).compare(VectorOperators.NE, 0).cast(FS); t = y1.blend(y2, m); y2 = y2.blend(y1, m); y1 = t;
        y0.intoArray(y, 0 * L);
        y1.intoArray(y, 1 * L);
        y2.intoArray(y, 2 * L);
        y3.intoArray(y, 3 * L);
        y4.intoArray(y, 4 * L);
        y5.intoArray(y, 5 * L);
        y6.intoArray(y, 6 * L);
        y7.intoArray(y, 7 * L);
        y8.intoArray(y, 8 * L);
        y9.intoArray(y, 9 * L);
        y10.intoArray(y, 10 * L);
        y11.intoArray(y, 11 * L);
        y12.intoArray(y, 12 * L);
        y13.intoArray(y, 13 * L);
        y14.intoArray(y, 14 * L);
        y15.intoArray(y, 15 * L);
    }

    private static void unsort1(float[] y, int[] swaps) {
        FloatVector y0 = FloatVector.fromArray(FS, y, 0 * L);
        FloatVector y1 = FloatVector.fromArray(FS, y, 1 * L);
        FloatVector y2 = FloatVector.fromArray(FS, y, 2 * L);
        FloatVector y3 = FloatVector.fromArray(FS, y, 3 * L);
        FloatVector y4 = FloatVector.fromArray(FS, y, 4 * L);
        FloatVector y5 = FloatVector.fromArray(FS, y, 5 * L);
        FloatVector y6 = FloatVector.fromArray(FS, y, 6 * L);
        FloatVector y7 = FloatVector.fromArray(FS, y, 7 * L);
        FloatVector y8 = FloatVector.fromArray(FS, y, 8 * L);
        FloatVector y9 = FloatVector.fromArray(FS, y, 9 * L);
        FloatVector y10 = FloatVector.fromArray(FS, y, 10 * L);
        FloatVector y11 = FloatVector.fromArray(FS, y, 11 * L);
        FloatVector y12 = FloatVector.fromArray(FS, y, 12 * L);
        FloatVector y13 = FloatVector.fromArray(FS, y, 13 * L);
        FloatVector y14 = FloatVector.fromArray(FS, y, 14 * L);
        FloatVector y15 = FloatVector.fromArray(FS, y, 15 * L);
        VectorMask<Float> m;
        FloatVector t;
        m = IntVector.fromArray(IS, swaps, 31 * L).compare(VectorOperators.NE, 0).cast(FS); t = y11.blend(y13, m); y13 = y13.blend(y11, m); y11 = t;
        m = IntVector.fromArray(IS, swaps, 30 * L).compare(VectorOperators.NE, 0).cast(FS); t = y10.blend(y12, m); y12 = y12.blend(y10, m); y10 = t;
        m = IntVector.fromArray(IS, swaps, 29 * L).compare(VectorOperators.NE, 0).cast(FS); t = y3.blend(y5, m); y5 = y5.blend(y3, m); y3 = t;
        m = IntVector.fromArray(IS, swaps, 28 * L).compare(VectorOperators.NE, 0).cast(FS); t = y2.blend(y4, m); y4 = y4.blend(y2, m); y2 = t;
        m = IntVector.fromArray(IS, swaps, 27 * L).compare(VectorOperators.NE, 0).cast(FS); t = y11.blend(y15, m); y15 = y15.blend(y11, m); y11 = t;
        m = IntVector.fromArray(IS, swaps, 26 * L).compare(VectorOperators.NE, 0).cast(FS); t = y10.blend(y14, m); y14 = y14.blend(y10, m); y10 = t;
        m = IntVector.fromArray(IS, swaps, 25 * L).compare(VectorOperators.NE, 0).cast(FS); t = y9.blend(y13, m); y13 = y13.blend(y9, m); y9 = t;
        m = IntVector.fromArray(IS, swaps, 24 * L).compare(VectorOperators.NE, 0).cast(FS); t = y8.blend(y12, m); y12 = y12.blend(y8, m); y8 = t;
        m = IntVector.fromArray(IS, swaps, 23 * L).compare(VectorOperators.NE, 0).cast(FS); t = y3.blend(y7, m); y7 = y7.blend(y3, m); y3 = t;
        m = IntVector.fromArray(IS, swaps, 22 * L).compare(VectorOperators.NE, 0).cast(FS); t = y2.blend(y6, m); y6 = y6.blend(y2, m); y2 = t;
        m = IntVector.fromArray(IS, swaps, 21 * L).compare(VectorOperators.NE, 0).cast(FS); t = y1.blend(y5, m); y5 = y5.blend(y1, m); y1 = t;
        m = IntVector.fromArray(IS, swaps, 20 * L).compare(VectorOperators.NE, 0).cast(FS); t = y0.blend(y4, m); y4 = y4.blend(y0, m); y0 = t;
        m = IntVector.fromArray(IS, swaps, 19 * L).compare(VectorOperators.NE, 0).cast(FS); t = y13.blend(y14, m); y14 = y14.blend(y13, m); y13 = t;
        m = IntVector.fromArray(IS, swaps, 18 * L).compare(VectorOperators.NE, 0).cast(FS); t = y9.blend(y10, m); y10 = y10.blend(y9, m); y9 = t;
        m = IntVector.fromArray(IS, swaps, 17 * L).compare(VectorOperators.NE, 0).cast(FS); t = y5.blend(y6, m); y6 = y6.blend(y5, m); y5 = t;
        m = IntVector.fromArray(IS, swaps, 16 * L).compare(VectorOperators.NE, 0).cast(FS); t = y1.blend(y2, m); y2 = y2.blend(y1, m); y1 = t;
        y0.intoArray(y, 0 * L);
        y1.intoArray(y, 1 * L);
        y2.intoArray(y, 2 * L);
        y3.intoArray(y, 3 * L);
        y4.intoArray(y, 4 * L);
        y5.intoArray(y, 5 * L);
        y6.intoArray(y, 6 * L);
        y7.intoArray(y, 7 * L);
        y8.intoArray(y, 8 * L);
        y9.intoArray(y, 9 * L);
        y10.intoArray(y, 10 * L);
        y11.intoArray(y, 11 * L);
        y12.intoArray(y, 12 * L);
        y13.intoArray(y, 13 * L);
        y14.intoArray(y, 14 * L);
        y15.intoArray(y, 15 * L);
    }

    private static void unsort0(float[] y, int[] swaps) {
        FloatVector y0 = FloatVector.fromArray(FS, y, 0 * L);
        FloatVector y1 = FloatVector.fromArray(FS, y, 1 * L);
        FloatVector y2 = FloatVector.fromArray(FS, y, 2 * L);
        FloatVector y3 = FloatVector.fromArray(FS, y, 3 * L);
        FloatVector y4 = FloatVector.fromArray(FS, y, 4 * L);
        FloatVector y5 = FloatVector.fromArray(FS, y, 5 * L);
        FloatVector y6 = FloatVector.fromArray(FS, y, 6 * L);
        FloatVector y7 = FloatVector.fromArray(FS, y, 7 * L);
        FloatVector y8 = FloatVector.fromArray(FS, y, 8 * L);
        FloatVector y9 = FloatVector.fromArray(FS, y, 9 * L);
        FloatVector y10 = FloatVector.fromArray(FS, y, 10 * L);
        FloatVector y11 = FloatVector.fromArray(FS, y, 11 * L);
        FloatVector y12 = FloatVector.fromArray(FS, y, 12 * L);
        FloatVector y13 = FloatVector.fromArray(FS, y, 13 * L);
        FloatVector y14 = FloatVector.fromArray(FS, y, 14 * L);
        FloatVector y15 = FloatVector.fromArray(FS, y, 15 * L);
        VectorMask<Float> m;
        FloatVector t;
        m = IntVector.fromArray(IS, swaps, 15 * L).compare(VectorOperators.NE, 0).cast(FS); t = y13.blend(y15, m); y15 = y15.blend(y13, m); y13 = t;
        m = IntVector.fromArray(IS, swaps, 14 * L).compare(VectorOperators.NE, 0).cast(FS); t = y12.blend(y14, m); y14 = y14.blend(y12, m); y12 = t;
        m = IntVector.fromArray(IS, swaps, 13 * L).compare(VectorOperators.NE, 0).cast(FS); t = y9.blend(y11, m); y11 = y11.blend(y9, m); y9 = t;
        m = IntVector.fromArray(IS, swaps, 12 * L).compare(VectorOperators.NE, 0).cast(FS); t = y8.blend(y10, m); y10 = y10.blend(y8, m); y8 = t;
        m = IntVector.fromArray(IS, swaps, 11 * L).compare(VectorOperators.NE, 0).cast(FS); t = y5.blend(y7, m); y7 = y7.blend(y5, m); y5 = t;
        m = IntVector.fromArray(IS, swaps, 10 * L).compare(VectorOperators.NE, 0).cast(FS); t = y4.blend(y6, m); y6 = y6.blend(y4, m); y4 = t;
        m = IntVector.fromArray(IS, swaps, 9 * L).compare(VectorOperators.NE, 0).cast(FS); t = y1.blend(y3, m); y3 = y3.blend(y1, m); y1 = t;
        m = IntVector.fromArray(IS, swaps, 8 * L).compare(VectorOperators.NE, 0).cast(FS); t = y0.blend(y2, m); y2 = y2.blend(y0, m); y0 = t;
        m = IntVector.fromArray(IS, swaps, 7 * L).compare(VectorOperators.NE, 0).cast(FS); t = y14.blend(y15, m); y15 = y15.blend(y14, m); y14 = t;
        m = IntVector.fromArray(IS, swaps, 6 * L).compare(VectorOperators.NE, 0).cast(FS); t = y12.blend(y13, m); y13 = y13.blend(y12, m); y12 = t;
        m = IntVector.fromArray(IS, swaps, 5 * L).compare(VectorOperators.NE, 0).cast(FS); t = y10.blend(y11, m); y11 = y11.blend(y10, m); y10 = t;
        m = IntVector.fromArray(IS, swaps, 4 * L).compare(VectorOperators.NE, 0).cast(FS); t = y8.blend(y9, m); y9 = y9.blend(y8, m); y8 = t;
        m = IntVector.fromArray(IS, swaps, 3 * L).compare(VectorOperators.NE, 0).cast(FS); t = y6.blend(y7, m); y7 = y7.blend(y6, m); y6 = t;
        m = IntVector.fromArray(IS, swaps, 2 * L).compare(VectorOperators.NE, 0).cast(FS); t = y4.blend(y5, m); y5 = y5.blend(y4, m); y4 = t;
        m = IntVector.fromArray(IS, swaps, 1 * L).compare(VectorOperators.NE, 0).cast(FS); t = y2.blend(y3, m); y3 = y3.blend(y2, m); y2 = t;
        m = IntVector.fromArray(IS, swaps, 0 * L).compare(VectorOperators.NE, 0).cast(FS); t = y0.blend(y1, m); y1 = y1.blend(y0, m); y0 = t;
        y0.intoArray(y, 0 * L);
        y1.intoArray(y, 1 * L);
        y2.intoArray(y, 2 * L);
        y3.intoArray(y, 3 * L);
        y4.intoArray(y, 4 * L);
        y5.intoArray(y, 5 * L);
        y6.intoArray(y, 6 * L);
        y7.intoArray(y, 7 * L);
        y8.intoArray(y, 8 * L);
        y9.intoArray(y, 9 * L);
        y10.intoArray(y, 10 * L);
        y11.intoArray(y, 11 * L);
        y12.intoArray(y, 12 * L);
        y13.intoArray(y, 13 * L);
        y14.intoArray(y, 14 * L);
        y15.intoArray(y, 15 * L);
    }
}
