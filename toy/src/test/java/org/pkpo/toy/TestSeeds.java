package org.pkpo.toy;

/** The seed of every randomized test: {@code -Dpkpo.seed=N} to rerun one; failures print it. */
final class TestSeeds {
    private TestSeeds() {
    }

    static long seed() {
        return Long.getLong("pkpo.seed", 20250527L);
    }
}
