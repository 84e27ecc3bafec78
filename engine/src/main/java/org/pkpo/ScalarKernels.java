package org.pkpo;

/**
 * The reference path: each group is read into double scratch, sorted by index, transformed by
 * {@link GroupMath} in double precision and written back (rounded once for float32).
 */
final class ScalarKernels implements Kernels {
    static final ScalarKernels INSTANCE = new ScalarKernels();

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void transform(Spec spec, Batch b, long g0, long g1) {
        for (long g = g0; g < g1; g++) {
            long s = b.start(g);
            int n = (int) (b.end(g) - s);
            Scratch sc = Scratch.get(n);
            double[] raw = sc.raw;
            for (int i = 0; i < n; i++) {
                raw[i] = b.get(s + i);
            }
            if (spec.estimator().perGroup()) {
                b.set(g, rho(raw, n, spec.k(), sc));
            } else {
                transformGroup(spec, raw, n, sc);
                double[] y = sc.out;
                for (int i = 0; i < n; i++) {
                    b.set(s + i, y[i]);
                }
            }
        }
    }

    /** rho of raw[0..n) (any order). */
    static double rho(double[] raw, int n, int k, Scratch sc) {
        sortInto(raw, n, sc);
        return GroupMath.rho(sc.sorted, n, k);
    }

    /**
     * Writes the transform of raw[0..n) (any order) to sc.out[0..n), in the same order. Clobbers raw, which
     * holds the sorted-order outputs before they are permuted back.
     */
    static void transformGroup(Spec spec, double[] raw, int n, Scratch sc) {
        Estimator est = spec.estimator();
        if (est == Estimator.LOO || (est == Estimator.SLOO_MINUS_ONE && spec.k() == 1)) {
            // Order-free: no sort needed.
            GroupMath.transformSorted(est, spec.k(), spec.scale(), raw, sc.out, n);
            return;
        }
        sortInto(raw, n, sc);
        GroupMath.transformSorted(est, spec.k(), spec.scale(), sc.sorted, raw, n);
        int[] idx = sc.idx;
        double[] out = sc.out;
        for (int i = 0; i < n; i++) {
            out[idx[i]] = raw[i];
        }
    }

    private static void sortInto(double[] raw, int n, Scratch sc) {
        IndexSort.sort(raw, sc.idx, sc.tmp, n);
        int[] idx = sc.idx;
        double[] sorted = sc.sorted;
        for (int i = 0; i < n; i++) {
            sorted[i] = raw[idx[i]];
        }
    }
}
