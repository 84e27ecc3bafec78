package org.pkpo.toy;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * The seed policy of this module's randomized tests, as in the engine's tests: {@code -Dpkpo.seed=N} sets the
 * seed, else it is a fixed default, so a run is reproducible; a class annotated
 * {@code @ExtendWith(TestSeeds.class)} gets the seed in front of every failure message.
 */
final class TestSeeds implements TestExecutionExceptionHandler {
    private static final long DEFAULT = 20250527L;

    TestSeeds() {
    }

    static long seed() {
        String s = System.getProperty("pkpo.seed");
        return s == null || s.isBlank() ? DEFAULT : Long.parseLong(s.trim());
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (failure instanceof TestAbortedException) {
            throw failure;
        }
        throw new AssertionError("[pkpo.seed=" + seed() + ", rerun with -Dpkpo.seed=" + seed() + "] "
                + failure.getMessage(), failure);
    }
}
