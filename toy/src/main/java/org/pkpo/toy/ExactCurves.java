package org.pkpo.toy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exact max_g@k(theta) (eq. 9: the expected best of k independent rewards) and its derivative for the toy
 * problem, by quadrature on the reward's distribution function. No sampling.
 *
 * <p>For y in [0, 1) the reward G = g(x) has P(G <= y) = P(x < 0) + P(0 <= x <= sqrt y) + P(x > 1)
 * = Phi((sqrt y - theta)/sigma) + Phi((theta - 1)/sigma), which already contains the atom at 0 (x outside
 * [0, 1]) and tends to 1 as y -> 1. Since G >= 0, E[max of k] = int_0^1 (1 - F(y)^k) dy. Substituting
 * y = u^2 makes the integrand smooth in u:
 * max_g@k = int_0^1 (1 - F(u)^k) 2u du with F(u) = Phi((u - theta)/sigma) + Phi((theta - 1)/sigma),
 * and d/dtheta max_g@k = -int_0^1 k F(u)^(k-1) dF/dtheta 2u du,
 * dF/dtheta = (pdf((1 - theta)/sigma) - pdf((u - theta)/sigma)) / sigma.
 */
public final class ExactCurves {
    private static final double SIGMA = ToyProblem.SIGMA;
    /**
     * 20-point Gauss-Legendre on 50 panels of width 0.02 = sigma/5: the integrands are polynomials times
     * normal densities of width sigma, resolved to rounding (the test doubles the panels and compares).
     */
    private static final GaussLegendre RULE = new GaussLegendre(20, 50);

    private static final ExactCurves STANDARD = new ExactCurves(RULE);

    private final GaussLegendre rule;
    /** Optima cost a few hundred integrals each and are asked for repeatedly (tables, plots, training). */
    private final Map<Integer, Double> optima = new ConcurrentHashMap<>();

    private ExactCurves(GaussLegendre rule) {
        this.rule = rule;
    }

    /** The default, accurate to rounding; thread-safe. */
    public static ExactCurves standard() {
        return STANDARD;
    }

    /** With another composite rule, for convergence checks. */
    static ExactCurves withRule(int points, int panels) {
        return new ExactCurves(new GaussLegendre(points, panels));
    }

    /** max_g@k(theta) = E[max of k rewards] under the policy with mean theta. */
    public double maxAtK(double theta, int k) {
        checkK(k);
        double outside = Normal.cdf((theta - 1) / SIGMA);
        return rule.integrate(u -> {
            double f = Normal.cdf((u - theta) / SIGMA) + outside;
            return (1 - Math.pow(Math.min(f, 1), k)) * 2 * u;
        }, 0, 1);
    }

    /** d/dtheta max_g@k(theta). */
    public double gradient(double theta, int k) {
        checkK(k);
        double outside = Normal.cdf((theta - 1) / SIGMA);
        double edge = Normal.pdf((1 - theta) / SIGMA);
        return rule.integrate(u -> {
            double f = Math.min(Normal.cdf((u - theta) / SIGMA) + outside, 1);
            double dF = (edge - Normal.pdf((u - theta) / SIGMA)) / SIGMA;
            return -k * Math.pow(f, k - 1) * dF * 2 * u;
        }, 0, 1);
    }

    /**
     * The theta that maximises max_g@k: scans [0, 1.5] in steps of 0.01 for the derivative changing sign
     * from + to -, refines each such bracket by bisection to rounding, and returns the best.
     */
    public double optimalTheta(int k) {
        checkK(k);
        return optima.computeIfAbsent(k, this::searchOptimum);
    }

    private double searchOptimum(int k) {
        double best = Double.NaN;
        double bestValue = Double.NEGATIVE_INFINITY;
        double lo = 0;
        double dLo = gradient(lo, k);
        for (int i = 1; i <= 150; i++) {
            double hi = i * 0.01;
            double dHi = gradient(hi, k);
            if (dLo > 0 && dHi <= 0) {
                double root = bisect(lo, hi, k);
                double v = maxAtK(root, k);
                if (v > bestValue) {
                    bestValue = v;
                    best = root;
                }
            }
            lo = hi;
            dLo = dHi;
        }
        if (Double.isNaN(best)) {
            throw new IllegalStateException("no maximum of max_g@" + k + " found in theta in [0, 1.5]");
        }
        return best;
    }

    private double bisect(double lo, double hi, int k) {
        for (int i = 0; i < 200 && hi - lo > 1e-13; i++) {
            double mid = 0.5 * (lo + hi);
            if (gradient(mid, k) > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    private static void checkK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
    }
}
