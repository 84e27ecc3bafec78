package org.pkpo;

/**
 * The definitions behind eq. 12, 19, 29 and 33, evaluated literally by enumerating every k-subset. Slow
 * (C(n, k) subsets) and independent of the engine's recursions: the oracle for small n.
 */
final class BruteForce {
    private BruteForce() {
    }

    /** Eq. 11-12: the mean over all k-subsets of the subset maximum. */
    static double rho(double[] g, int k) {
        double[] acc = new double[1];
        long[] count = new long[1];
        forEachSubset(g.length, k, -1, subset -> {
            acc[0] += max(g, subset, -1);
            count[0]++;
        });
        return acc[0] / count[0];
    }

    /** Eq. 27: s_i = (1 / C(n,k)) * sum over k-subsets I containing i of max_I g. */
    static double[] s(double[] g, int k) {
        int n = g.length;
        double[] out = new double[n];
        double total = binomial(n, k);
        for (int i = 0; i < n; i++) {
            out[i] = sumMaxContaining(g, k, i, -1) / total;
        }
        return out;
    }

    /** Eq. 29, the inner S normalised over the n-1 samples it ranges over. */
    static double[] sloo(double[] g, int k) {
        int n = g.length;
        double[] s = s(g, k);
        double[] out = new double[n];
        double inner = binomial(n - 1, k);
        for (int i = 0; i < n; i++) {
            double b = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    b += sumMaxContaining(g, k, j, i) / inner;
                }
            }
            out[i] = s[i] - b / (n - 1);
        }
        return out;
    }

    /** Eq. 33: (1 / C(n,k)) sum over k-subsets I containing i of (max_I g - max_{I \ i} g); k = 1 by convention. */
    static double[] slooMinusOne(double[] g, int k) {
        int n = g.length;
        double[] out = new double[n];
        if (k == 1) {
            double[] loo = loo(g);
            for (int i = 0; i < n; i++) {
                out[i] = loo[i] / n;
            }
            return out;
        }
        double total = binomial(n, k);
        for (int i = 0; i < n; i++) {
            final int fi = i;
            double[] acc = new double[1];
            forEachSubset(n, k, -1, subset -> {
                if (contains(subset, fi)) {
                    acc[0] += max(g, subset, -1) - max(g, subset, fi);
                }
            });
            out[i] = acc[0] / total;
        }
        return out;
    }

    /** Eq. 26. */
    static double[] loo(double[] g) {
        int n = g.length;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double others = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    others += g[j];
                }
            }
            out[i] = g[i] - others / (n - 1);
        }
        return out;
    }

    /** Eq. 3 by counting: the fraction of k-subsets of n with at least one of the c correct samples. */
    static double passAtK(int n, int c, int k) {
        double[] f = new double[n];
        for (int i = 0; i < c; i++) {
            f[i] = 1;
        }
        return rho(f, k);
    }

    static double binomial(int n, int k) {
        double r = 1;
        for (int i = 1; i <= k; i++) {
            r = r * (n - k + i) / i;
        }
        return r;
    }

    private static double sumMaxContaining(double[] g, int k, int i, int without) {
        double[] acc = new double[1];
        forEachSubset(g.length, k, without, subset -> {
            if (contains(subset, i)) {
                acc[0] += max(g, subset, -1);
            }
        });
        return acc[0];
    }

    private static boolean contains(int[] subset, int i) {
        for (int s : subset) {
            if (s == i) {
                return true;
            }
        }
        return false;
    }

    private static double max(double[] g, int[] subset, int skip) {
        double m = Double.NEGATIVE_INFINITY;
        for (int s : subset) {
            if (s != skip) {
                m = Math.max(m, g[s]);
            }
        }
        return m;
    }

    /** Calls f with every k-subset (as indices) of {0..n-1} minus {@code without}. */
    private static void forEachSubset(int n, int k, int without, java.util.function.Consumer<int[]> f) {
        int[] pool = java.util.stream.IntStream.range(0, n).filter(i -> i != without).toArray();
        int[] pick = new int[k];
        int[] subset = new int[k];
        recurse(pool, 0, 0, pick, subset, f);
    }

    private static void recurse(int[] pool, int from, int depth, int[] pick, int[] subset,
            java.util.function.Consumer<int[]> f) {
        if (depth == pick.length) {
            for (int d = 0; d < pick.length; d++) {
                subset[d] = pool[pick[d]];
            }
            f.accept(subset);
            return;
        }
        for (int p = from; p <= pool.length - (pick.length - depth); p++) {
            pick[depth] = p;
            recurse(pool, p + 1, depth + 1, pick, subset, f);
        }
    }
}
