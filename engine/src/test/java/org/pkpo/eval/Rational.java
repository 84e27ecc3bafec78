package org.pkpo.eval;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/** Exact fractions over BigInteger, always in lowest terms with a positive denominator: the tests' oracle. */
record Rational(BigInteger num, BigInteger den) implements Comparable<Rational> {
    static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
    static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

    Rational {
        if (den.signum() == 0) {
            throw new ArithmeticException("zero denominator");
        }
        if (den.signum() < 0) {
            num = num.negate();
            den = den.negate();
        }
        BigInteger g = num.gcd(den);
        if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
            num = num.divide(g);
            den = den.divide(g);
        }
    }

    static Rational of(long num, long den) {
        return new Rational(BigInteger.valueOf(num), BigInteger.valueOf(den));
    }

    static Rational of(long v) {
        return of(v, 1);
    }

    /** The exact value of a double (every finite double is a dyadic rational). */
    static Rational of(double v) {
        BigDecimal d = new BigDecimal(v);
        return d.scale() > 0
                ? new Rational(d.unscaledValue(), BigInteger.TEN.pow(d.scale()))
                : new Rational(d.toBigInteger(), BigInteger.ONE);
    }

    Rational plus(Rational o) {
        return new Rational(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
    }

    Rational minus(Rational o) {
        return plus(o.negate());
    }

    Rational times(Rational o) {
        return new Rational(num.multiply(o.num), den.multiply(o.den));
    }

    Rational divide(Rational o) {
        return new Rational(num.multiply(o.den), den.multiply(o.num));
    }

    Rational negate() {
        return new Rational(num.negate(), den);
    }

    Rational pow(int e) {
        return new Rational(num.pow(e), den.pow(e));
    }

    int signum() {
        return num.signum();
    }

    BigDecimal decimal() {
        return new BigDecimal(num).divide(new BigDecimal(den), MathContext.DECIMAL128);
    }

    double toDouble() {
        return decimal().doubleValue();
    }

    /** |x - this| in units of the last place of this value's double, exactly enough for an error bound. */
    double ulpsFrom(double x) {
        double exact = toDouble();
        if (exact == 0) {
            return x == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        BigDecimal err = new BigDecimal(x).subtract(decimal(), MathContext.DECIMAL128).abs();
        return err.divide(new BigDecimal(Math.ulp(exact)), MathContext.DECIMAL64).doubleValue();
    }

    @Override
    public int compareTo(Rational o) {
        return num.multiply(o.den).compareTo(o.num.multiply(den));
    }

    @Override
    public String toString() {
        return num + "/" + den + " (" + decimal().round(new MathContext(20)) + ")";
    }

    /** C(n, k) exactly; 0 when k < 0 or k > n. */
    static BigInteger binomial(long n, long k) {
        if (k < 0 || k > n) {
            return BigInteger.ZERO;
        }
        k = Math.min(k, n - k);
        BigInteger r = BigInteger.ONE;
        for (long i = 0; i < k; i++) {
            r = r.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        }
        return r;
    }

    /** C(m, k) / C(n, k) as the product over i < k of (m - i) / (n - i), for n up to Long.MAX_VALUE. */
    static Rational binomialRatio(long m, long n, long k) {
        if (k > m) {
            return ZERO;
        }
        BigInteger a = BigInteger.ONE;
        BigInteger b = BigInteger.ONE;
        for (long i = 0; i < k; i++) {
            a = a.multiply(BigInteger.valueOf(m - i));
            b = b.multiply(BigInteger.valueOf(n - i));
        }
        return new Rational(a, b);
    }
}
