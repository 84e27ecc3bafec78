package org.pkpo;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The one seed policy of the randomized tests: every random stream derives from {@link #SEED}, which is
 * {@code -Dpkpo.seed} when given (e.g. {@code mvn verify -Dpkpo.seed=123}) and a fixed default otherwise, so
 * that a run is reproducible. Test classes that use it carry {@code @ExtendWith(Seeds.class)}, which names the
 * seed in every failure.
 */
public final class Seeds implements TestExecutionExceptionHandler {
    public static final long SEED = parse(System.getProperty("pkpo.seed"));

    private static long parse(String s) {
        return s == null || s.isBlank() ? 20261202L : Long.parseLong(s.trim());
    }

    /** A seed for one random stream of a test: {@link #SEED} mixed with the stream's own constant. */
    public static long seed(long stream) {
        long z = SEED + stream * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates), for tests that shuffle groups or samples. */
    public static int[] permutation(java.util.SplittableRandom rnd, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        // A skipped test (a failed assumption, e.g. a kernel this CPU cannot run) stays skipped.
        if (t instanceof org.opentest4j.TestAbortedException) {
            throw t;
        }
        if (t instanceof AssertionError || t instanceof RuntimeException) {
            AssertionError e = new AssertionError("[pkpo.seed=" + SEED + "; rerun with -Dpkpo.seed=" + SEED + "] "
                    + t.getMessage(), t);
            throw e;
        }
        throw t;
    }
}
