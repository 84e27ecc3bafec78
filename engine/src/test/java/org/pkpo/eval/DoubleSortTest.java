package org.pkpo.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pkpo.internal.eval.DoubleSort;
import org.pkpo.Seeds;

/** The allocation-free sort agrees with Arrays.sort on sizes around its run length and on ties. */
@ExtendWith(Seeds.class)
class DoubleSortTest {
    @Test
    void sortsLikeArraysSort() {
        long seed = Seeds.seed(14);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int n : new int[] {0, 1, 2, 31, 32, 33, 63, 64, 65, 100, 1000, 4097}) {
            for (int distinct : new int[] {2, 1_000_000}) {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = rnd.nextInt(distinct) - distinct / 2.0;
                }
                double[] want = a.clone();
                Arrays.sort(want);
                DoubleSort.sort(a, new double[n], n);
                assertArrayEquals(want, a, "n=" + n);
            }
        }
    }
}
