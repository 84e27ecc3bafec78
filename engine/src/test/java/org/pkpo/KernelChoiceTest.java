package org.pkpo;

import org.pkpo.internal.kernels.KernelProvider;
import org.pkpo.internal.kernels.Kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;

/**
 * The guard: when the build asks for a kernel family (-Dpkpo.kernels, set per surefire execution), that is
 * the one that ran, so a missing --add-modules cannot silently test the scalar path twice.
 */
class KernelChoiceTest {
    @Test
    void requestedKernelsAreTheOnesInUse() {
        String wanted = System.getProperty(KernelProvider.PROPERTY);
        if (wanted != null && !wanted.isBlank()) {
            assertEquals(wanted.trim(), Pkpo.kernels(), "-D" + KernelProvider.PROPERTY + "=" + wanted
                    + " but the engine uses " + Pkpo.kernels());
        }
    }

    @Test
    void simdKernelsLoadInTheTestJvm() {
        // The test JVM runs with --add-modules jdk.incubator.vector on a machine with 128-bit vectors or more.
        assertInstanceOf(Kernels.class, KernelProvider.loadSimd(), () -> String.valueOf(KernelProvider.loadSimd()));
        assertEquals("simd", ((Kernels) KernelProvider.loadSimd()).name());
    }
}
