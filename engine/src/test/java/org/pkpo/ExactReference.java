package org.pkpo;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The exact rational transforms of a group of floating-point rewards, from the paper's subset definitions
 * evaluated by counting subsets (not by the engine's recursions). Sort the group, ties broken by position, so
 * that every subset has one maximum; then, with ranks r = 0..n-1 and x_r the r-th smallest reward:
 *
 * <ul>
 *   <li>rho (eq. 11-12): a k-subset has maximum x_r in C(r, k-1) ways.</li>
 *   <li>s (eq. 19-21, 27): of the k-subsets containing the sample of rank q, C(q, k-1) have it as maximum and
 *       C(r-1, k-2) have maximum x_r, r > q.</li>
 *   <li>sloo (eq. 29): s minus k/(n-1) times rho_k of the others (every k-subset of the others is counted once
 *       for each of its k members).</li>
 *   <li>sloo_minus_one (eq. 33): max K - max K\{q} is non-zero only when q is the maximum of K, and then equals
 *       x_q - x_r for the second largest x_r, in C(r, k-2) ways; at k = 1 it is loo / n.</li>
 *   <li>loo (eq. 26): x_q - (sum of the others) / (n-1).</li>
 * </ul>
 *
 * Each value is num / den with num an exact decimal (a float's value is a finite binary fraction) and den an
 * integer; prefix sums make a whole group O(n) big-number operations.
 */
final class ExactReference {
    private ExactReference() {
    }

    /** num / den, exactly. */
    record Q(BigDecimal num, BigInteger den) {
        Q times(long f) {
            return new Q(num.multiply(BigDecimal.valueOf(f)), den);
        }

        Q over(long d) {
            return new Q(num, den.multiply(BigInteger.valueOf(d)));
        }

        boolean isZero() {
            return num.signum() == 0;
        }

        /** |v - this| <= bound, decided exactly (approx = approx() and boundD = bound as a double, for a quick yes). */
        boolean within(double v, double approx, BigDecimal bound, double boundD) {
            if (Math.abs(v - approx) <= 0.5 * boundD - 0x1p-48 * Math.abs(approx)) {
                return true; // clear of the bound by far more than the rounding of approx and of this test
            }
            return within(v, bound);
        }

        /** |v - this| <= bound, decided exactly. */
        boolean within(double v, BigDecimal bound) {
            BigDecimal d = new BigDecimal(v).multiply(new BigDecimal(den)).subtract(num).abs();
            return d.compareTo(bound.multiply(new BigDecimal(den))) <= 0;
        }

        double approx() {
            return num.divide(new BigDecimal(den), java.math.MathContext.DECIMAL64).doubleValue();
        }
    }

    /** Eq. 12 of the group. */
    static Q rho(double[] g, int k) {
        BigDecimal[] x = sortedExact(g, order(g));
        int n = g.length;
        BigInteger[] c = column(n, k - 1);
        BigDecimal sum = BigDecimal.ZERO;
        for (int r = 0; r < n; r++) {
            sum = sum.add(x[r].multiply(new BigDecimal(c[r])));
        }
        return new Q(sum, binomial(n, k));
    }

    /** The per-sample transform in the given scale, in the group's own order. */
    static Q[] transform(Estimator e, int k, Scale scale, double[] g) {
        int n = g.length;
        Q[] out = switch (e) {
            case S -> s(g, k);
            case SLOO -> sloo(g, k);
            case SLOO_MINUS_ONE -> k == 1 ? divide(loo(g), n) : slooMinusOne(g, k);
            case LOO -> loo(g);
            case RHO -> throw new IllegalArgumentException("rho is per group");
        };
        boolean perSample = scale == Scale.PER_SAMPLE && e != Estimator.LOO;
        if (perSample) {
            for (int i = 0; i < n; i++) {
                out[i] = out[i].times(n);
            }
        }
        return out;
    }

    private static Q[] divide(Q[] q, int n) {
        for (int i = 0; i < q.length; i++) {
            q[i] = q[i].over(n);
        }
        return q;
    }

    static Q[] s(double[] g, int k) {
        int n = g.length;
        int[] order = order(g);
        BigDecimal[] x = sortedExact(g, order);
        BigInteger[] top = column(n, k - 1);
        BigInteger[] below = k >= 2 ? column(n, k - 2) : null;
        BigDecimal[] suffix = new BigDecimal[n + 1];
        suffix[n] = BigDecimal.ZERO;
        for (int r = n - 1; r >= 0; r--) {
            BigDecimal term = below != null && r >= 1 ? x[r].multiply(new BigDecimal(below[r - 1])) : BigDecimal.ZERO;
            suffix[r] = suffix[r + 1].add(term);
        }
        BigInteger den = binomial(n, k);
        Q[] out = new Q[n];
        for (int q = 0; q < n; q++) {
            out[order[q]] = new Q(x[q].multiply(new BigDecimal(top[q])).add(suffix[q + 1]), den);
        }
        return out;
    }

    static Q[] sloo(double[] g, int k) {
        int n = g.length;
        int[] order = order(g);
        BigDecimal[] x = sortedExact(g, order);
        Q[] s = s(g, k);
        BigInteger[] c = column(n, k - 1);
        // rho_k of the others of rank q: ranks below q keep theirs, ranks above move down by one.
        BigDecimal[] prefix = new BigDecimal[n + 1];
        prefix[0] = BigDecimal.ZERO;
        for (int r = 0; r < n; r++) {
            prefix[r + 1] = prefix[r].add(x[r].multiply(new BigDecimal(c[r])));
        }
        BigDecimal[] suffix = new BigDecimal[n + 1];
        suffix[n] = BigDecimal.ZERO;
        for (int r = n - 1; r >= 1; r--) {
            suffix[r] = suffix[r + 1].add(x[r].multiply(new BigDecimal(c[r - 1])));
        }
        suffix[0] = suffix[1];
        BigInteger cn = binomial(n, k);
        BigInteger cm = binomial(n - 1, k);
        BigInteger den = cn.multiply(cm).multiply(BigInteger.valueOf(n - 1));
        Q[] out = new Q[n];
        for (int q = 0; q < n; q++) {
            BigDecimal others = prefix[q].add(suffix[q + 1]);
            Q sq = s[order[q]];
            BigDecimal num = sq.num().multiply(new BigDecimal(cm.multiply(BigInteger.valueOf(n - 1))))
                    .subtract(others.multiply(new BigDecimal(cn.multiply(BigInteger.valueOf(k)))));
            out[order[q]] = new Q(num, den);
        }
        return out;
    }

    static Q[] slooMinusOne(double[] g, int k) {
        int n = g.length;
        int[] order = order(g);
        BigDecimal[] x = sortedExact(g, order);
        BigInteger[] c = column(n, k - 2);
        BigInteger count = BigInteger.ZERO;
        BigDecimal weighted = BigDecimal.ZERO;
        BigInteger den = binomial(n, k);
        Q[] out = new Q[n];
        for (int q = 0; q < n; q++) {
            out[order[q]] = new Q(x[q].multiply(new BigDecimal(count)).subtract(weighted), den);
            count = count.add(c[q]);
            weighted = weighted.add(x[q].multiply(new BigDecimal(c[q])));
        }
        return out;
    }

    static Q[] loo(double[] g) {
        int n = g.length;
        BigDecimal sum = BigDecimal.ZERO;
        for (double v : g) {
            sum = sum.add(new BigDecimal(v));
        }
        Q[] out = new Q[n];
        for (int i = 0; i < n; i++) {
            out[i] = new Q(new BigDecimal(g[i]).multiply(BigDecimal.valueOf(n)).subtract(sum), BigInteger.valueOf(n - 1));
        }
        return out;
    }

    /** Positions in ascending order of reward, ties by position. */
    static int[] order(double[] g) {
        return IntStream.range(0, g.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> g[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
    }

    private static BigDecimal[] sortedExact(double[] g, int[] order) {
        return Arrays.stream(order).mapToObj(i -> new BigDecimal(g[i])).toArray(BigDecimal[]::new);
    }

    /** C(r, j) for r = 0..n (zero where r < j, and everywhere when j < 0). */
    static BigInteger[] column(int n, int j) {
        BigInteger[] c = new BigInteger[n + 1];
        for (int r = 0; r <= n; r++) {
            if (j < 0 || r < j) {
                c[r] = BigInteger.ZERO;
            } else if (r == j) {
                c[r] = BigInteger.ONE;
            } else {
                c[r] = c[r - 1].multiply(BigInteger.valueOf(r)).divide(BigInteger.valueOf(r - j));
            }
        }
        return c;
    }

    static BigInteger binomial(int n, int k) {
        return column(n, k)[n];
    }
}
