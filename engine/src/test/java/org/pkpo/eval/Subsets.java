package org.pkpo.eval;

import java.util.ArrayList;
import java.util.List;

/** Every k-subset of {0..n-1} as a bit mask, and every ordered pair of disjoint k-subsets: the definitions. */
final class Subsets {
    private Subsets() {
    }

    static List<Integer> of(int n, int k) {
        List<Integer> out = new ArrayList<>();
        for (int mask = 0; mask < 1 << n; mask++) {
            if (Integer.bitCount(mask) == k) {
                out.add(mask);
            }
        }
        return out;
    }

    /** Ordered pairs (S1, S2) of disjoint k-subsets, as {S1, S2}. */
    static List<int[]> disjointPairs(int n, int k) {
        List<int[]> out = new ArrayList<>();
        List<Integer> all = of(n, k);
        for (int a : all) {
            for (int b : all) {
                if ((a & b) == 0) {
                    out.add(new int[] {a, b});
                }
            }
        }
        return out;
    }

    static Rational max(Rational[] g, int mask) {
        Rational best = null;
        for (int i = 0; i < g.length; i++) {
            if ((mask >> i & 1) != 0 && (best == null || g[i].compareTo(best) > 0)) {
                best = g[i];
            }
        }
        return best;
    }

    /** The mean over k-subsets of the subset maximum (eq. 11; pass@k for 0/1 values). */
    static Rational meanMax(Rational[] g, int k) {
        Rational sum = Rational.ZERO;
        List<Integer> all = of(g.length, k);
        for (int mask : all) {
            sum = sum.plus(max(g, mask));
        }
        return sum.divide(Rational.of(all.size()));
    }

    /** The mean over ordered disjoint pairs of k-subsets of max(S1) max(S2): unbiased for (max@k)^2. */
    static Rational meanPairProduct(Rational[] g, int k) {
        Rational sum = Rational.ZERO;
        List<int[]> pairs = disjointPairs(g.length, k);
        for (int[] p : pairs) {
            sum = sum.plus(max(g, p[0]).times(max(g, p[1])));
        }
        return sum.divide(Rational.of(pairs.size()));
    }

    /** The unbiased variance estimate from the definitions: meanMax^2 - meanPairProduct (n >= 2k). */
    static Rational variance(Rational[] g, int k) {
        Rational m = meanMax(g, k);
        return m.times(m).minus(meanPairProduct(g, k));
    }
}
