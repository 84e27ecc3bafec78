package org.pkpo.internal.eval;

/**
 * Logarithms of the ratios that make up C(m, k) / C(n, k), each to a few ulps: a ratio near 1 goes through
 * log1p of its small deficit, a ratio below 1/2 through log of the ratio itself, so that neither form
 * cancels. Internal: not part of the supported API, may change without notice.
 */
public final class LogRatios {
    private LogRatios() {
    }

    /** log((d - s) / d) for 0 <= s < d. Both forms have condition number at most 1/ln 2 where they are used. */
    public static double logOneMinus(long s, long d) {
        if (s <= d - s) {
            return Math.log1p(-((double) s / (double) d));
        }
        return Math.log((double) (d - s) / (double) d);
    }

    /**
     * log(1 - eps) where 1 - eps = (num1 / den1) (num2 / den2) exactly and eps >= 0 is given (to a few ulps)
     * in closed form: log1p(-eps) while eps <= 1/2, else the log of the product; -Infinity when num1 <= 0.
     */
    public static double logOneMinus(double eps, long num1, long den1, long num2, long den2) {
        if (eps <= 0.5) {
            return Math.log1p(-eps);
        }
        if (num1 <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        return Math.log(((double) num1 / (double) den1) * ((double) num2 / (double) den2));
    }
}
