package org.pkpo.internal.kernels;

/**
 * Sorts positions 0..n-1 by value, ascending, without boxing: insertion sort for small groups, a bottom-up
 * merge sort above. Stable, hence deterministic; NaN never reaches here (validated first). -0.0 sorts below 0.0,
 * as in the lane kernels' integer keys, so that every kernel sees the same sorted group.
 */
public final class IndexSort {
    private static final int INSERTION_MAX = 24;

    private IndexSort() {
    }

    /** Fills idx[0..n) with the permutation that sorts v[0..n); tmp needs length >= n. */
    static void sort(double[] v, int[] idx, int[] tmp, int n) {
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        if (n <= INSERTION_MAX) {
            insertion(v, idx, 0, n);
            return;
        }
        for (int lo = 0; lo < n; lo += INSERTION_MAX) {
            insertion(v, idx, lo, Math.min(n, lo + INSERTION_MAX));
        }
        int[] src = idx;
        int[] dst = tmp;
        for (int width = INSERTION_MAX; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(n, lo + width);
                int hi = Math.min(n, lo + 2 * width);
                merge(v, src, dst, lo, mid, hi);
            }
            int[] t = src;
            src = dst;
            dst = t;
        }
        if (src != idx) {
            System.arraycopy(src, 0, idx, 0, n);
        }
    }

    private static void insertion(double[] v, int[] idx, int lo, int hi) {
        for (int i = lo + 1; i < hi; i++) {
            int p = idx[i];
            double key = v[p];
            int j = i - 1;
            while (j >= lo && greater(v[idx[j]], key)) {
                idx[j + 1] = idx[j];
                j--;
            }
            idx[j + 1] = p;
        }
    }

    private static void merge(double[] v, int[] src, int[] dst, int lo, int mid, int hi) {
        int i = lo;
        int j = mid;
        for (int o = lo; o < hi; o++) {
            if (i < mid && (j >= hi || !greater(v[src[i]], v[src[j]]))) {
                dst[o] = src[i++];
            } else {
                dst[o] = src[j++];
            }
        }
    }

    /** a > b in the order of Double.compare (-0.0 below 0.0), for non-NaN values. */
    private static boolean greater(double a, double b) {
        return a > b || (a == b && Double.doubleToRawLongBits(a) > Double.doubleToRawLongBits(b));
    }
}
