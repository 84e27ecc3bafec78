package org.pkpo.internal.eval;

/**
 * max@k of one group and the unbiased estimate of that estimate's variance, from rewards sorted ascending.
 *
 * <p>With v_1 <= ... <= v_n, eq. 12 is rho = sum_i w_i v_i, w_i = C(i-1, k-1) / C(n, k) (the share of
 * k-subsets whose maximum is at sorted position i). The unbiased estimate of (max@k)^2 is the U-statistic
 * of degree 2k that averages max(S1) max(S2) over ordered disjoint
 * pairs of k-subsets; the pairs with maxima at positions i < j number C(i-1, k-1) C(j-k-1, k-1) (S1 below j,
 * S2's other k-1 from the j-1-k positions below j that S1 leaves), so
 * U2 = 2 sum_(i<j) v_i v_j w_i z_j with z_j = C(j-k-1, k-1) / C(n-k, k). Then V = rho^2 - U2 is unbiased
 * for Var(rho) = E[rho^2] - (max@k)^2 when n >= 2k; below that no unbiased estimate exists. V does not change when every v shifts
 * by a constant, so it is computed on v - rho, which removes the cancellation an offset would cause. One
 * downward pass (w and z by their ratio recursions from the top, a suffix sum for j > i): O(n).
 *
 * <p>w is the same top-down recursion as {@code org.pkpo.internal.math.Weights}, run inline because
 * Weights.of caches per (n, k) behind a boxed key, and this pass must allocate nothing.
 *
 * <p>Allocation-free. Internal: not part of the supported API.
 */
public final class MaxAtK {
    private MaxAtK() {
    }

    /** Eq. 12 on sorted[from, from + n); needs 1 <= k <= n. */
    public static double estimate(double[] sorted, int from, int n, int k) {
        double w = (double) k / n;
        double sum = 0;
        double comp = 0;
        for (int i = n; i >= k; i--) {
            double x = w * sorted[from + i - 1];
            double t = sum + x;
            comp += Math.abs(sum) >= Math.abs(x) ? (sum - t) + x : (x - t) + sum;
            sum = t;
            if (i > k) {
                w = w * (i - k) / (i - 1);
            }
        }
        return sum + comp;
    }

    /** V for sorted[from, from + n) given its estimate rho; NaN when n < 2k. */
    public static double variance(double[] sorted, int from, int n, int k, double rho) {
        if (n < 2L * k) {
            return Double.NaN;
        }
        double w = (double) k / n;
        double z = (double) k / (n - k);
        double centred = 0;
        double suffix = 0;
        double u2 = 0;
        for (int i = n; i >= k; i--) {
            double h = sorted[from + i - 1] - rho;
            centred += w * h;
            u2 += w * h * suffix;
            suffix += z * h;
            if (i > k) {
                w = w * (i - k) / (i - 1);
            }
            // z_(i-1) = z_i (i - 2k) / (i - k - 1); zero below 2k, where no S2 fits under the maximum.
            z = i > 2 * k ? z * (i - 2 * k) / (i - k - 1) : 0;
        }
        return centred * centred - 2 * u2;
    }
}
