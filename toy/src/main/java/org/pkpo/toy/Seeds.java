package org.pkpo.toy;

/** Independent, reproducible random streams derived from one user seed. */
final class Seeds {
    private Seeds() {
    }

    /** A seed for stream {@code stream}, index {@code index} of {@code seed} (SplitMix64 finaliser). */
    static long derive(long seed, int stream, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (1 + stream) + 0xBF58476D1CE4E5B9L * index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
