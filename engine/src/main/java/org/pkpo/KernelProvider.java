package org.pkpo;

/**
 * Chooses the kernels once per JVM. The system property {@code pkpo.kernels} ({@code scalar} or
 * {@code simd}) forces a choice; the SIMD kernels arrive with the Vector API work, until then every call
 * uses the scalar reference path.
 */
final class KernelProvider {
    private KernelProvider() {
    }

    private static final class Holder {
        static final Kernels INSTANCE = lookup();
    }

    static Kernels get() {
        return Holder.INSTANCE;
    }

    private static Kernels lookup() {
        return ScalarKernels.INSTANCE;
    }
}
