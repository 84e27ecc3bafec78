package org.pkpo.internal.kernels;

import java.lang.System.Logger.Level;
import java.util.Locale;
import org.pkpo.internal.call.Batch;
import org.pkpo.internal.math.EstimatorPlan;

/**
 * Chooses the kernels once per JVM, in the way of Lucene's {@code VectorizationProvider}: the Vector API
 * kernels ({@code simd}) when the {@code jdk.incubator.vector} module is readable and vectors are at least
 * 256 bits wide, the scalar reference kernels otherwise, logging why. The system property
 * {@code pkpo.kernels} ({@code scalar} or {@code simd}) forces a choice; a forced {@code simd} that cannot
 * be honoured still falls back, with a warning, and {@link org.pkpo.Pkpo#kernels()} tells which one runs.
 */
public final class KernelProvider {
    public static final String PROPERTY = "pkpo.kernels";
    private static final System.Logger LOG = System.getLogger(KernelProvider.class.getName());

    private KernelProvider() {
    }

    private static final class Holder {
        static final Kernels INSTANCE = lookup();
    }

    public static Kernels get() {
        return Holder.INSTANCE;
    }

    private static Kernels lookup() {
        String forced = System.getProperty(PROPERTY, "").trim().toLowerCase(Locale.ROOT);
        if (forced.equals("scalar")) {
            LOG.log(Level.DEBUG, "pkpo: scalar kernels, forced by -D" + PROPERTY + "=scalar");
            return ScalarKernels.INSTANCE;
        }
        if (!forced.isEmpty() && !forced.equals("simd")) {
            LOG.log(Level.WARNING, "pkpo: ignoring -D" + PROPERTY + "=" + forced + " (expected scalar or simd)");
        }
        Level fallbackLevel = forced.equals("simd") ? Level.WARNING : Level.INFO;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            LOG.log(fallbackLevel, "pkpo: falling back to scalar kernels: " + loadSimd());
            return ScalarKernels.INSTANCE;
        }
        // The Vector API is loaded lazily, off the caller's thread while cold calls run on the twin (WarmingKernels).
        Kernels k = WarmingKernels.wrap(KernelProvider::loadSimd, twin(),
                why -> LOG.log(fallbackLevel, "pkpo: falling back to scalar kernels: " + why));
        if (k == null) {
            return ScalarKernels.INSTANCE;
        }
        LOG.log(Level.DEBUG, "pkpo: simd kernels (Vector API)" + (k instanceof WarmingKernels ? ", scalar twin while cold" : ""));
        return k;
    }

    /**
     * The scalar kernels, which give every group the SIMD kernels' bits (one operation sequence per group, see
     * {@link ScalarKernels}), stand in for them while a call's shape is cold (see {@link WarmingKernels}).
     */
    static WarmingKernels.Twin twin() {
        return SCALAR_TWIN;
    }

    private static final WarmingKernels.Twin SCALAR_TWIN = new WarmingKernels.Twin() {
        @Override
        public String name() {
            return ScalarKernels.INSTANCE.name();
        }

        @Override
        public boolean covers(EstimatorPlan plan, Batch b) {
            return true; // every shape: SimdVersusScalarTest holds them to equal bits
        }

        @Override
        public void transform(EstimatorPlan plan, Batch b, long g0, long g1) {
            ScalarKernels.INSTANCE.transform(plan, b, g0, g1);
        }

        @Override
        public boolean allFinite(Batch b, long from, long to) {
            return ScalarKernels.INSTANCE.allFinite(b, from, to);
        }

        @Override
        public boolean transformIfFinite(EstimatorPlan plan, Batch b, long g0, long g1) {
            return ScalarKernels.INSTANCE.transformIfFinite(plan, b, g0, g1);
        }
    };

    private static final class SimdHolder {
        static final Object SIMD = tryLoadSimd();
    }

    /** The SIMD kernels (one instance per JVM), or a String saying why they cannot be used. */
    public static Object loadSimd() {
        return SimdHolder.SIMD;
    }

    private static Object tryLoadSimd() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return "the jdk.incubator.vector module is not present (run java with --add-modules jdk.incubator.vector)";
        }
        try {
            Class<?> c = Class.forName("org.pkpo.internal.panama.PanamaKernels");
            String why = (String) c.getDeclaredMethod("whyUnusable").invoke(null);
            if (why != null) {
                return why;
            }
            return c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
            return "the Vector API kernels failed to load: " + cause;
        }
    }
}
