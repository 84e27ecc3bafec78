package org.pkpo;

import static org.pkpo.internal.call.CallChecks.nonNull;

import org.pkpo.internal.kernels.KernelProvider;
import org.pkpo.internal.math.PassAtK;

/**
 * Entry points for single groups and for pass@k from counts. Batches go through {@link Transform}.
 */
public final class Pkpo {
    private Pkpo() {
    }

    /** The transform of one group (paper scale). */
    public static double[] transform(Estimator estimator, int k, double... rewards) {
        nonNull(rewards, "rewards");
        return Transform.of(estimator, k).apply(rewards, Math.max(rewards.length, 1));
    }

    /** Eq. 12: the unbiased max_g@k estimate of one group; for 0/1 rewards this is pass@k (eq. 3). */
    public static double rho(int k, double... rewards) {
        nonNull(rewards, "rewards");
        return Transform.of(Estimator.RHO, k).apply(rewards, Math.max(rewards.length, 1))[0];
    }

    /** Eq. 3: 1 - C(n-c, k) / C(n, k), the unbiased pass@k from n samples of which c are correct. */
    public static double passAtK(long n, long c, int k) {
        return PassAtK.of(n, c, k);
    }

    /** Eq. 3 for many problems at once: {@code out[i] = passAtK(n[i], c[i], k)}; validates all first. */
    public static void passAtK(long[] n, long[] c, int k, double[] out) {
        PassAtK.batch(n, c, k, out);
    }

    /** The name of the kernels this JVM uses ({@code scalar} or {@code simd}). */
    public static String kernels() {
        return KernelProvider.get().name();
    }
}
