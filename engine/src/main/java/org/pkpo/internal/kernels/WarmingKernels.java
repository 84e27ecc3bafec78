package org.pkpo.internal.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.pkpo.DType;
import org.pkpo.Estimator;
import org.pkpo.Scale;
import org.pkpo.internal.call.Batch;
import org.pkpo.internal.math.EstimatorPlan;

/**
 * The SIMD kernels, fast from the first call. In a fresh JVM the Vector API code runs interpreted or in C1 code
 * that boxes every vector until C2 has compiled it (seconds: the first 65,536 x 16 float32 call took 740 ms against
 * 128 ms on the scalar kernels). While a call's shape is cold, and only where a {@link Twin} (plain Java whose
 * results are bit-identical to the SIMD kernels') covers the call, the twin runs it; after the second such call a
 * daemon thread runs the SIMD kernels on its own copy of that shape (the same methods, plan, dtype, n and kind of
 * memory, so the same profile) and switches the shape to them once they beat the twin there three rounds in a row.
 * Which of the two runs a call depends on timing, its results never do: they are the same bits.
 *
 * <p>The SIMD kernels themselves are loaded on the warm-up thread too (or when {@link #name} is asked). Without a
 * twin, or with {@code -Dpkpo.warmup=off}, this is the SIMD kernels themselves (see {@link #wrap}).
 */
public final class WarmingKernels implements Kernels {
    /** {@code auto} (default): warm up as above; {@code off}: the SIMD kernels from the first call. */
    public static final String PROPERTY = "pkpo.warmup";
    /** At most this many shapes are warmed up; calls of further shapes run the SIMD kernels directly. */
    static final int MAX_SHAPES = 32;
    /** A shape whose SIMD kernels have not beaten the twin after this long stays on the twin. */
    static final long GIVE_UP_NANOS = 60_000_000_000L;
    /** Samples per warm-up call: enough for full vector blocks, small enough that interpreted rounds stay short. */
    static final int WARM_SAMPLES = 1 << 14;

    /** Plain Java kernels whose results are bit-identical to the SIMD kernels' on every batch they cover. */
    public interface Twin extends Kernels {
        /** Whether {@link #transform} on groups of {@code b} gives the SIMD kernels' bits. */
        boolean covers(EstimatorPlan plan, Batch b);
    }

    private final Supplier<Object> loader;
    private final Twin twin;
    private final ConcurrentHashMap<Shape, Warmer> shapes = new ConcurrentHashMap<>();
    /** The SIMD kernels once loaded; null before, or for good when they cannot be used (then the twin runs). */
    private volatile Kernels simd;
    private volatile boolean loaded;

    /**
     * {@code loader} gives the SIMD kernels, or a String saying why they cannot be used. Loading them initialises
     * the Vector API (110-630 ms measured in a fresh JVM), so it happens on the warm-up thread, not in a cold call.
     */
    WarmingKernels(Supplier<Object> loader, Twin twin) {
        this.loader = Objects.requireNonNull(loader);
        this.twin = Objects.requireNonNull(twin);
    }

    WarmingKernels(Kernels simd, Twin twin) {
        this(() -> simd, twin);
    }

    /**
     * The kernels to run for the SIMD kernels that {@code loader} gives: those themselves (loaded now) without a
     * twin or with the warm-up off, else gated by the twin. {@code unusable} hears why they cannot be used.
     */
    public static Kernels wrap(Supplier<Object> loader, Twin twin, Consumer<String> unusable) {
        String mode = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        if (twin == null || mode.equals("off")) {
            Object s = loader.get();
            if (s instanceof Kernels k) {
                return k;
            }
            unusable.accept(String.valueOf(s));
            return null;
        }
        return new WarmingKernels(() -> {
            Object s = loader.get();
            if (!(s instanceof Kernels)) {
                unusable.accept(String.valueOf(s));
            }
            return s;
        }, twin);
    }

    /** {@link #wrap(Supplier, Twin, Consumer)} of kernels already loaded. */
    public static Kernels wrap(Kernels simd, Twin twin) {
        return wrap(() -> simd, twin, why -> { });
    }

    /** The SIMD kernels, loading them on this thread if nobody has yet; null when they cannot be used. */
    Kernels simd() {
        if (!loaded) {
            synchronized (this) {
                if (!loaded) {
                    simd = loader.get() instanceof Kernels k ? k : null;
                    loaded = true;
                }
            }
        }
        return simd;
    }

    /** The name of what runs once warm: {@code simd}, or the twin's when the SIMD kernels cannot be used. */
    @Override
    public String name() {
        Kernels s = simd();
        return s != null ? s.name() : twin.name();
    }

    /** Whether calls of this shape run the SIMD kernels now (for tests and benchmarks). */
    public boolean hot(EstimatorPlan plan, Batch b) {
        Warmer w = shapes.get(Shape.of(plan, b));
        return w != null && w.hot;
    }

    /** Blocks until the shape of {@code plan, b} runs on the SIMD kernels, or the time is up; true if it does. */
    public boolean awaitHot(EstimatorPlan plan, Batch b, long timeoutNanos) throws InterruptedException {
        long end = System.nanoTime() + timeoutNanos;
        while (!hot(plan, b)) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Set once some shape runs on the SIMD kernels: their finiteness scan has been warmed up with it. */
    private volatile boolean anyHot;

    @Override
    public boolean allFinite(Batch b, long from, long to) {
        Kernels s = anyHot ? simd : null; // a yes or no, the same from both; cold vector code would crawl
        return s != null ? s.allFinite(b, from, to) : twin.allFinite(b, from, to);
    }

    /** Set once a warm-up has also run the SIMD compaction and expansion (see {@link #warmMasks}). */
    private volatile boolean masksHot;

    private Kernels masks() {
        Kernels s = masksHot ? simd : null; // the same values from both; cold vector code would crawl
        return s != null ? s : twin;
    }

    @Override
    public int compact(float[] a, int aBase, byte[] mask, int from, int to, float[] st, int pos, int[] posAt) {
        return masks().compact(a, aBase, mask, from, to, st, pos, posAt);
    }

    @Override
    public int compact(double[] a, int aBase, byte[] mask, int from, int to, double[] st, int pos, int[] posAt) {
        return masks().compact(a, aBase, mask, from, to, st, pos, posAt);
    }

    @Override
    public int expand(float[] so, int pos, byte[] mask, int from, int to, float[] o, int oBase) {
        return masks().expand(so, pos, mask, from, to, o, oBase);
    }

    @Override
    public int expand(double[] so, int pos, byte[] mask, int from, int to, double[] o, int oBase) {
        return masks().expand(so, pos, mask, from, to, o, oBase);
    }

    @Override
    public void transform(EstimatorPlan plan, Batch b, long g0, long g1) {
        Warmer w = cold(plan, b);
        if (w == null) {
            Kernels s = simd();
            (s != null ? s : twin).transform(plan, b, g0, g1);
            return;
        }
        twin.transform(plan, b, g0, g1);
        w.start();
    }

    @Override
    public boolean transformIfFinite(EstimatorPlan plan, Batch b, long g0, long g1) {
        Warmer w = cold(plan, b);
        if (w == null) {
            Kernels s = simd();
            return (s != null ? s : twin).transformIfFinite(plan, b, g0, g1);
        }
        boolean ok = twin.transformIfFinite(plan, b, g0, g1);
        w.start();
        return ok;
    }

    /** The warmer of a cold shape the twin covers, or null when the SIMD kernels (or nothing better) should run. */
    private Warmer cold(EstimatorPlan plan, Batch b) {
        if (loaded && simd == null) {
            return null; // no SIMD kernels to warm: the twin (via simd()'s fallback) runs every call
        }
        Shape s = Shape.of(plan, b);
        Warmer w = shapes.get(s);
        if (w == null) {
            if (shapes.size() >= MAX_SHAPES || !twin.covers(plan, b)) {
                return null;
            }
            w = shapes.computeIfAbsent(s, x -> new Warmer(this, plan, b));
        }
        return w.hot ? null : w;
    }

    /** What decides the code path and its profile: dtype, group size (-1: ragged), memory kind and plan. */
    record Shape(DType type, int n, boolean nativeMemory, Estimator estimator, int k, Scale scale) {
        static Shape of(EstimatorPlan plan, Batch b) {
            return new Shape(b.type, b.uniform() ? b.n : -1, b.in.isNative() && b.out.isNative(), plan.estimator(),
                    plan.k(), plan.scale());
        }
    }

    /**
     * Masked calls compact and expand their rewards around the transform: this compiles those loops of {@code simd}
     * before a call needs them (run by a shape's warm-up). Tiny arrays: C2 compiles a method after about 600
     * invocations, and until then the Vector API boxes every vector, so large arrays there would only make garbage.
     */
    static void warmMasks(Kernels simd) {
        int len = 64;
        float[] f = new float[len];
        double[] d = new double[len];
        float[] fs = new float[len + 8];
        double[] ds = new double[len + 8];
        byte[] mask = new byte[len + 8];
        int[] posAt = new int[len / Compaction.CHUNK + 1];
        SplittableRandom rnd = new SplittableRandom(17);
        for (int i = 0; i < len; i++) {
            mask[i] = (byte) (rnd.nextInt(10) == 0 ? 0 : 1);
            f[i] = (float) rnd.nextDouble();
            d[i] = rnd.nextDouble();
        }
        for (int r = 0; r < 2500; r++) {
            simd.compact(f, 0, mask, 0, len, fs, 0, posAt);
            simd.expand(fs, 0, mask, 0, len, f, 0);
            simd.compact(d, 0, mask, 0, len, ds, 0, posAt);
            simd.expand(ds, 0, mask, 0, len, d, 0);
        }
    }

    /** One shape's warm-up: private input and outputs like the first cold call's, run on the warm-up thread. */
    static final class Warmer {
        private final WarmingKernels owner;
        private final EstimatorPlan plan;
        private final DType type;
        private final int n;
        private final boolean nativeMemory;
        private final MemorySegment offsets;
        /**
         * Made by {@link #prepare} on the warm-up thread. Made on the caller's thread (filled by interpreted code),
         * they made the default kernels' first 65,536 x 16 call slower than the scalar kernels' (medians of 9 fresh
         * JVMs, pkpo bench --cold: 320 ms against 298 ms; made here, 281 ms against 299 ms).
         */
        private Batch simdBatch;
        private Batch twinBatch;
        private final long groups;
        private final long samples;
        private final AtomicBoolean started = new AtomicBoolean();
        private final java.util.concurrent.atomic.AtomicInteger coldCalls = new java.util.concurrent.atomic.AtomicInteger();
        volatile boolean hot;

        /** Takes the call's shape (sizes, ragged offsets, memory kind), never its buffers. */
        Warmer(WarmingKernels owner, EstimatorPlan plan, Batch b) {
            this.owner = owner;
            this.plan = plan;
            this.type = b.type;
            this.n = b.uniform() ? b.n : -1;
            this.nativeMemory = b.in.isNative() && b.out.isNative();
            long groups = 0;
            long samples = 0;
            if (b.uniform()) {
                groups = b.n == 0 ? Math.min(b.groups, 1) : Math.min(b.groups, Math.max(1, WARM_SAMPLES / b.n));
                samples = groups * b.n;
            } else {
                while (groups < b.groups && samples + (b.end(groups) - b.start(groups)) <= WARM_SAMPLES) {
                    samples += b.end(groups) - b.start(groups);
                    groups++;
                }
                if (groups == 0) { // one group larger than WARM_SAMPLES
                    groups = 1;
                    samples = b.end(0) - b.start(0);
                }
            }
            this.groups = groups;
            this.samples = samples;
            MemorySegment offsets = null;
            if (!b.uniform()) {
                offsets = Arena.ofAuto().allocate(8 * (groups + 1), 8);
                long base = b.start(0);
                for (long g = 0; g <= groups; g++) {
                    offsets.setAtIndex(ValueLayout.JAVA_LONG, g, (g < groups ? b.start(g) : b.end(groups - 1)) - base);
                }
            }
            this.offsets = offsets;
        }

        /** The private batches of the warm-up: the shape's sizes, inputs uniform on [0, 1) from a fixed seed. */
        private void prepare() {
            long outCount = plan.perGroup() ? groups : samples;
            MemorySegment in = segment(type, samples, nativeMemory);
            SplittableRandom rnd = new SplittableRandom(13);
            for (long i = 0; i < samples; i++) {
                if (type == DType.F32) {
                    in.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) rnd.nextDouble());
                } else {
                    in.setAtIndex(ValueLayout.JAVA_DOUBLE, i, rnd.nextDouble());
                }
            }
            Object array = nativeMemory ? null : in.heapBase().orElse(null);
            ValueLayout offsetLayout = offsets == null ? null : ValueLayout.JAVA_LONG;
            simdBatch = new Batch(type, in, segment(type, outCount, nativeMemory), groups, n, offsets, offsetLayout, array);
            twinBatch = new Batch(type, in, segment(type, outCount, nativeMemory), groups, n, offsets, offsetLayout, array);
        }

        private static MemorySegment segment(DType type, long count, boolean nat) {
            if (nat) {
                return Arena.ofAuto().allocate(Math.max(1, count) * type.byteSize(), 64);
            }
            return type == DType.F32 ? MemorySegment.ofArray(new float[(int) count])
                    : MemorySegment.ofArray(new double[(int) count]);
        }

        /**
         * After a cold call of this shape. The warm-up starts with the second: a process that calls once (pkpo
         * transform on a file) is done sooner without it, since the warm-up takes a core for seconds.
         */
        void start() {
            if (coldCalls.incrementAndGet() >= 2 && started.compareAndSet(false, true)) {
                WarmupThread.submit(this);
            }
        }

        /** Rounds of both kernels on the private batches until the SIMD ones win three in a row, or time is up. */
        void run() {
            Kernels simd = owner.simd();
            if (simd == null) {
                return;
            }
            prepare();
            long end = System.nanoTime() + GIVE_UP_NANOS;
            int wins = 0;
            while (wins < 3 && System.nanoTime() - end < 0) {
                long t0 = System.nanoTime();
                simd.transform(plan, simdBatch, 0, groups);
                long t1 = System.nanoTime();
                owner.twin.transform(plan, twinBatch, 0, groups);
                long t2 = System.nanoTime();
                wins = t1 - t0 <= t2 - t1 ? wins + 1 : 0;
                // Half the time idle: on a machine of few cores the callers' twin calls and the JIT need them too.
                LockSupport.parkNanos(Math.min(t2 - t0, 50_000_000L));
            }
            hot = wins >= 3;
            owner.anyHot |= hot;
            if (hot && !owner.masksHot) {
                warmMasks(simd);
                owner.masksHot = true;
            }
        }
    }

    /** One daemon thread warms the shapes in turn, so that the warm-up never takes more than one core. */
    static final class WarmupThread {
        private static final LinkedBlockingQueue<Warmer> QUEUE = new LinkedBlockingQueue<>();
        private static final AtomicBoolean STARTED = new AtomicBoolean();

        static void submit(Warmer w) {
            QUEUE.add(w);
            if (STARTED.compareAndSet(false, true)) {
                Thread t = new Thread(WarmupThread::loop, "pkpo-warmup");
                t.setDaemon(true);
                t.setPriority(Thread.MIN_PRIORITY);
                t.start();
            }
        }

        private static void loop() {
            for (;;) {
                try {
                    QUEUE.take().run();
                } catch (InterruptedException e) {
                    return;
                } catch (Throwable t) {
                    // A warm-up that fails leaves its shape on the twin, which gives the same results.
                }
            }
        }
    }
}
