package org.pkpo;

/** Reproducible randomness: the seed comes from -Dpkpo.seed when given, and every failure message names it. */
public final class Seeds {
    private Seeds() {
    }

    public static long seed(long fallback) {
        String s = System.getProperty("pkpo.seed");
        return s == null ? fallback : Long.parseLong(s);
    }
}
