package org.pkpo.internal.eval;

/**
 * Sorts {@code a[0, n)} ascending with caller-provided scratch, allocating nothing (Arrays.sort may
 * allocate for larger arrays): insertion sort on runs of 32, then bottom-up merges. NaN never reaches it
 * (rewards are validated first). Internal: not part of the supported API.
 */
public final class DoubleSort {
    private static final int RUN = 32;

    private DoubleSort() {
    }

    /** {@code tmp} needs length >= n. */
    public static void sort(double[] a, double[] tmp, int n) {
        for (int lo = 0; lo < n; lo += RUN) {
            int hi = Math.min(n, lo + RUN);
            for (int i = lo + 1; i < hi; i++) {
                double x = a[i];
                int j = i - 1;
                while (j >= lo && a[j] > x) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = x;
            }
        }
        double[] src = a;
        double[] dst = tmp;
        for (int width = RUN; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(n, lo + width);
                int hi = Math.min(n, lo + 2 * width);
                int i = lo;
                int j = mid;
                for (int o = lo; o < hi; o++) {
                    dst[o] = j >= hi || (i < mid && src[i] <= src[j]) ? src[i++] : src[j++];
                }
            }
            double[] t = src;
            src = dst;
            dst = t;
        }
        if (src != a) {
            System.arraycopy(src, 0, a, 0, n);
        }
    }
}
