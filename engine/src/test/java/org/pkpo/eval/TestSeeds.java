package org.pkpo.eval;

/** Reproducible randomness: the seed comes from -Dpkpo.seed when given; every failure message names it. */
final class TestSeeds {
    private TestSeeds() {
    }

    static long seed(long fallback) {
        String s = System.getProperty("pkpo.seed");
        return s == null ? fallback : Long.parseLong(s);
    }
}
