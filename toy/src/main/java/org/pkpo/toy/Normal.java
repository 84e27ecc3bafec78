package org.pkpo.toy;

/** The standard normal density and distribution function, to double precision. */
final class Normal {
    /** log(sqrt(2 pi)). */
    private static final double LOG_SQRT_2PI = 0.91893853320467274178;

    private Normal() {
    }

    static double pdf(double z) {
        return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
    }

    /**
     * Phi(z). Marsaglia's Taylor series (J. Stat. Softw. 11(4), 2004), absolute error near 1e-16, in the
     * body; in the tails (|z| > 3) the Laplace continued fraction for the Mills ratio, so small tail
     * probabilities keep their relative accuracy (the series only has absolute accuracy) and the series
     * never has to sum thousands of terms.
     */
    static double cdf(double z) {
        if (Double.isNaN(z)) {
            return Double.NaN;
        }
        if (z < -3) {
            return upperTail(-z);
        }
        if (z > 3) {
            return 1 - upperTail(z);
        }
        double s = z;
        double t = 0;
        double b = z;
        double q = z * z;
        double i = 1;
        while (s != t) {
            t = s;
            i += 2;
            b *= q / i;
            s = t + b;
        }
        return 0.5 + s * Math.exp(-0.5 * q - LOG_SQRT_2PI);
    }

    /**
     * 1 - Phi(t) for t > 3: pdf(t) / (t + 1/(t + 2/(t + 3/(t + ...)))), evaluated from the back; 100 terms
     * have converged to rounding for t >= 3.
     */
    private static double upperTail(double t) {
        if (t > 40) {
            return 0;
        }
        double d = t;
        for (int i = 100; i >= 1; i--) {
            d = t + i / d;
        }
        return pdf(t) / d;
    }
}
