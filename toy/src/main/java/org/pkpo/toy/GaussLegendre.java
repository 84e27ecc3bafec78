package org.pkpo.toy;

import java.util.function.DoubleUnaryOperator;

/**
 * Composite Gauss-Legendre quadrature on [a, b]: equal panels, each with an m-point rule. Nodes and weights
 * come from Newton's method on the Legendre polynomial, so any order is exact to rounding.
 */
final class GaussLegendre {
    private final double[] nodes;
    private final double[] weights;
    private final int panels;

    /** An m-point rule applied on each of {@code panels} equal panels. */
    GaussLegendre(int m, int panels) {
        if (m < 1 || panels < 1) {
            throw new IllegalArgumentException("need m >= 1 and panels >= 1, got m=" + m + ", panels=" + panels);
        }
        this.panels = panels;
        nodes = new double[m];
        weights = new double[m];
        for (int i = 0; i < m; i++) {
            double x = Math.cos(Math.PI * (i + 0.75) / (m + 0.5));
            double dp = 0;
            for (int iter = 0; iter < 100; iter++) {
                double p0 = 1;
                double p1 = x;
                for (int j = 2; j <= m; j++) {
                    double p2 = ((2 * j - 1) * x * p1 - (j - 1) * p0) / j;
                    p0 = p1;
                    p1 = p2;
                }
                dp = m * (x * p1 - p0) / (x * x - 1);
                double dx = p1 / dp;
                x -= dx;
                if (Math.abs(dx) < 1e-16) {
                    break;
                }
            }
            nodes[i] = x;
            weights[i] = 2 / ((1 - x * x) * dp * dp);
        }
    }

    /** The integral of f over [a, b]. */
    double integrate(DoubleUnaryOperator f, double a, double b) {
        double h = (b - a) / panels;
        double sum = 0;
        for (int p = 0; p < panels; p++) {
            double mid = a + (p + 0.5) * h;
            double panel = 0;
            for (int i = 0; i < nodes.length; i++) {
                panel += weights[i] * f.applyAsDouble(mid + 0.5 * h * nodes[i]);
            }
            sum += panel * 0.5 * h;
        }
        return sum;
    }
}
