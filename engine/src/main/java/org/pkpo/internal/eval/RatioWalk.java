package org.pkpo.internal.eval;

/**
 * The all-k pass over one problem's counts. Of n samples, m are "misses" (the incorrect ones for pass@k,
 * the correct ones for pass^k); the walk steps k = 0, 1, 2, ... and holds, each to a few ulps,
 *
 * <ul>
 *   <li>log a_k, a_k = C(m, k) / C(n, k): the U-statistic (degree k) for the chance that k samples are all
 *       misses. pass@k = 1 - a_k (eq. 3, m = n - c); pass^k = a_k (m = c).
 *   <li>log(b_k / a_k^2), b_k = C(m, 2k) / C(n, 2k): b_k is the U-statistic of degree 2k for the square of
 *       that chance, the average over disjoint pairs of k-subsets of the product of their kernels. Since
 *       a_k^2 estimates E[a_k^2] without bias, V_k = a_k^2 - b_k estimates Var(a_k) = Var(1 - a_k) without
 *       bias, for n >= 2k; for n < 2k no unbiased estimate exists (the variance is a polynomial of degree 2k
 *       in the success rate; Kolmogorov's theorem, as in Corollary 2).
 * </ul>
 *
 * <p>Both step in O(1): a_(k+1) = a_k (m - k) / (n - k), and with c = n - m,
 * b_(k+1) / a_(k+1)^2 = b_k / a_k^2 * (1 - k c / ((n-2k)(m-k))) * (1 - (k+1) c / ((n-2k-1)(m-k))),
 * each factor at most 1, so V_k = a_k^2 (1 - b_k / a_k^2) is formed from an expm1 of a sum of logs and never
 * as a difference of two nearly equal numbers (it also shows b_k <= a_k^2: V_k >= 0).
 *
 * <p>Mutable and allocation-free; reuse one per thread. Internal: not part of the supported API.
 */
public final class RatioWalk {
    private long n;
    private long m;
    private long k;
    private double logA;
    private double logACompensation;
    private double logB;
    private double logBCompensation;
    /** The compensation left by the last {@link #sum}. */
    private double compensation;

    /** Starts at k = 0 for n samples of which m are misses; 0 <= m <= n. */
    public void reset(long n, long m) {
        this.n = n;
        this.m = m;
        k = 0;
        logA = 0;
        logACompensation = 0;
        logB = 0;
        logBCompensation = 0;
    }

    public long k() {
        return k;
    }

    /** Steps to k + 1; needs k < n. */
    public void advance() {
        long c = n - m;
        if (m <= k) {
            logA = Double.NEGATIVE_INFINITY;
        } else {
            logA = sum(logA, logACompensation, LogRatios.logOneMinus(c, n - k));
            logACompensation = compensation;
            // Only while the variance exists at k + 1 (n >= 2k + 2) and a_(k+1) > 0.
            if (n - 2 * k >= 2 && logB != Double.NEGATIVE_INFINITY) {
                double eps1 = (double) k * c / ((double) (n - 2 * k) * (m - k));
                double eps2 = (double) (k + 1) * c / ((double) (n - 2 * k - 1) * (m - k));
                double step = LogRatios.logOneMinus(eps1, m - 2 * k, m - k, n - k, n - 2 * k)
                        + LogRatios.logOneMinus(eps2, m - 2 * k - 1, m - k, n - k, n - 2 * k - 1);
                if (step == Double.NEGATIVE_INFINITY) {
                    logB = Double.NEGATIVE_INFINITY;
                } else {
                    logB = sum(logB, logBCompensation, step);
                    logBCompensation = compensation;
                }
            }
        }
        k++;
    }

    /** a_k = C(m, k) / C(n, k). */
    public double a() {
        return Math.exp(logA + logACompensation);
    }

    /** 1 - a_k, without cancellation; +0.0 when a_k = 1. */
    public double oneMinusA() {
        return 0.0 - Math.expm1(logA + logACompensation);
    }

    /** Whether an unbiased variance estimate exists at this k (n >= 2k). */
    public boolean hasVariance() {
        return n >= 2 * k;
    }

    /** V_k = a_k^2 - b_k, the unbiased estimate of the variance of a_k (and of 1 - a_k); NaN when n < 2k. */
    public double variance() {
        if (!hasVariance()) {
            return Double.NaN;
        }
        double la = logA + logACompensation;
        if (la == Double.NEGATIVE_INFINITY) {
            return 0.0;
        }
        double a2 = Math.exp(2 * la);
        if (logB == Double.NEGATIVE_INFINITY) {
            return a2;
        }
        return a2 * (0.0 - Math.expm1(logB + logBCompensation));
    }

    /** One Neumaier step; leaves the new compensation in {@link #compensation}. */
    private double sum(double s, double comp, double x) {
        double t = s + x;
        compensation = comp + (Math.abs(s) >= Math.abs(x) ? (s - t) + x : (x - t) + s);
        return t;
    }
}
