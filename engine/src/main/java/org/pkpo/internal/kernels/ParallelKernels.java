package org.pkpo.internal.kernels;

import org.pkpo.internal.call.Batch;
import org.pkpo.internal.math.EstimatorPlan;

import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits a big call across shared daemon helper threads, the caller's thread working too. The groups
 * are cut into chunks that start at multiples of {@link #ALIGN} groups, so every vector block holds the
 * same groups as in a one-thread call and the results are bit-identical whatever the thread count.
 * Threads claim chunks from a shared counter until none are left: a thread that starts late or is
 * preempted (the pool hand-off takes tens of microseconds, more on a busy machine) leaves its work to the
 * others instead of holding up the call.
 *
 * <p>{@link #transformIfFinite} runs the facade's finiteness check in the same hand-off: every thread
 * scans chunks, all wait until the whole batch is scanned, and only then, if it was all finite, do they
 * transform. Nothing is written when a reward is not finite.
 */
public final class ParallelKernels implements Kernels {
    /** A multiple of every lane count (8 float32 lanes on AVX2, 16 on AVX-512). */
    static final int ALIGN = 64;
    /** Calls with fewer samples than this stay on the caller's thread: a hand-off costs microseconds. */
    public static final long MIN_SAMPLES = 1 << 15;
    /**
     * Chunks per thread: the last chunk is the idle tail of the others, and a claim is one atomic add. 32
     * against 8 measured equal or better (within this machine's noise) at n=16, 64K groups, 2 threads.
     */
    static final int CHUNKS_PER_THREAD = 32;
    /** Chunks of fewer samples than this are not worth a claim. */
    static final long MIN_CHUNK_SAMPLES = 1 << 13;

    /**
     * Shared daemon helpers, created on demand (never more than the most helpers one call asked for). A
     * helper that finishes spins for up to {@link #SPIN_NANOS} waiting for the next task before it sleeps:
     * waking a sleeping thread took ~90 us here (5% of a 1.6 ms call), picking a task up while spinning
     * takes well under one. Between calls further apart than that, the helpers cost nothing.
     */
    private static final class Pool {
        static final long SPIN_NANOS = 1_000_000;
        static final LinkedTransferQueue<Runnable> TASKS = new LinkedTransferQueue<>();
        static final AtomicInteger STARTED = new AtomicInteger();

        static void submit(Runnable task, int helpers) {
            for (int have = STARTED.get(); have < helpers; have = STARTED.get()) {
                if (STARTED.compareAndSet(have, have + 1)) {
                    Thread t = new Thread(Pool::loop, "pkpo-worker-" + have);
                    t.setDaemon(true);
                    t.start();
                }
            }
            TASKS.offer(task);
        }

        private static void loop() {
            for (;;) {
                Runnable task = TASKS.poll();
                if (task == null) {
                    long deadline = System.nanoTime() + SPIN_NANOS;
                    while ((task = TASKS.poll()) == null && System.nanoTime() - deadline < 0) {
                        Thread.onSpinWait();
                    }
                }
                try {
                    if (task == null) {
                        task = TASKS.take();
                    }
                    task.run();
                } catch (InterruptedException e) {
                    // Daemon helpers are not interrupted on purpose; keep serving.
                } catch (Throwable t) {
                    // Call.work records its own failures; nothing else runs here.
                }
            }
        }
    }

    private final Kernels inner;
    private final int threads;

    public ParallelKernels(Kernels inner, int threads) {
        this.inner = inner;
        this.threads = threads;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public boolean allFinite(Batch b, long from, long to) {
        return inner.allFinite(b, from, to);
    }

    @Override
    public int compact(float[] a, int aBase, byte[] mask, int from, int to, float[] st, int pos, int[] posAt) {
        return inner.compact(a, aBase, mask, from, to, st, pos, posAt);
    }

    @Override
    public int compact(double[] a, int aBase, byte[] mask, int from, int to, double[] st, int pos, int[] posAt) {
        return inner.compact(a, aBase, mask, from, to, st, pos, posAt);
    }

    @Override
    public int expand(float[] so, int pos, byte[] mask, int from, int to, float[] o, int oBase) {
        return inner.expand(so, pos, mask, from, to, o, oBase);
    }

    @Override
    public int expand(double[] so, int pos, byte[] mask, int from, int to, double[] o, int oBase) {
        return inner.expand(so, pos, mask, from, to, o, oBase);
    }

    @Override
    public void transform(EstimatorPlan plan, Batch b, long g0, long g1) {
        run(plan, b, g0, g1, false);
    }

    @Override
    public boolean transformIfFinite(EstimatorPlan plan, Batch b, long g0, long g1) {
        return run(plan, b, g0, g1, true);
    }

    private boolean run(EstimatorPlan plan, Batch b, long g0, long g1, boolean scan) {
        long groups = g1 - g0;
        long samples = b.end(g1 - 1) - b.start(g0);
        if (threads <= 1 || groups <= ALIGN || samples < MIN_SAMPLES) {
            return scan ? inner.transformIfFinite(plan, b, g0, g1) : transformInner(plan, b, g0, g1);
        }
        long perChunk = Math.max(groups / ((long) threads * CHUNKS_PER_THREAD),
                MIN_CHUNK_SAMPLES * groups / samples);
        perChunk = Math.max(ALIGN, (perChunk + ALIGN - 1) / ALIGN * ALIGN);
        int chunks = (int) ((groups + perChunk - 1) / perChunk);
        if (chunks <= 1) {
            return scan ? inner.transformIfFinite(plan, b, g0, g1) : transformInner(plan, b, g0, g1);
        }
        Call call = new Call(inner, plan, b, g0, g1, perChunk, chunks, scan, Thread.currentThread());
        int helpers = Math.min(threads - 1, chunks - 1);
        for (int i = 0; i < helpers; i++) {
            Pool.submit(call, helpers);
        }
        call.work();
        call.awaitDone();
        Throwable failure = call.failure;
        if (failure instanceof RuntimeException re) {
            throw re;
        } else if (failure instanceof Error err) {
            throw err;
        } else if (failure != null) {
            throw new IllegalStateException("pkpo worker failed", failure);
        }
        return !call.bad;
    }

    private boolean transformInner(EstimatorPlan plan, Batch b, long g0, long g1) {
        inner.transform(plan, b, g0, g1);
        return true;
    }

    /** One parallel call: chunk counters shared by the caller and the helpers. */
    private static final class Call implements Runnable {
        private static final int SPINS = 1 << 14;

        final Kernels inner;
        final EstimatorPlan plan;
        final Batch b;
        final long g0;
        final long g1;
        final long perChunk;
        final int chunks;
        final boolean scan;
        final Thread caller;
        final AtomicInteger nextScan = new AtomicInteger();
        final AtomicInteger scanned = new AtomicInteger();
        final AtomicInteger nextWork = new AtomicInteger();
        final AtomicInteger worked = new AtomicInteger();
        volatile boolean bad;
        volatile Throwable failure;

        Call(Kernels inner, EstimatorPlan plan, Batch b, long g0, long g1, long perChunk, int chunks, boolean scan,
                Thread caller) {
            this.inner = inner;
            this.plan = plan;
            this.b = b;
            this.g0 = g0;
            this.g1 = g1;
            this.perChunk = perChunk;
            this.chunks = chunks;
            this.scan = scan;
            this.caller = caller;
        }

        @Override
        public void run() {
            work();
        }

        void work() {
            if (scan) {
                for (int c; (c = nextScan.getAndIncrement()) < chunks;) {
                    try {
                        long lo = g0 + c * perChunk;
                        long hi = Math.min(g1, lo + perChunk);
                        if (!bad && !inner.allFinite(b, b.start(lo), b.end(hi - 1))) {
                            bad = true;
                        }
                    } catch (Throwable t) {
                        fail(t);
                        bad = true;
                    } finally {
                        if (scanned.incrementAndGet() == chunks) {
                            LockSupport.unpark(caller);
                        }
                    }
                }
                // Nothing is written until every chunk is known to be finite. The wait is at most one
                // chunk's scan by a thread that is already running.
                for (int spins = 0; scanned.get() < chunks; spins++) {
                    pause(spins);
                }
                if (bad) {
                    return;
                }
            }
            for (int c; (c = nextWork.getAndIncrement()) < chunks;) {
                try {
                    long lo = g0 + c * perChunk;
                    inner.transform(plan, b, lo, Math.min(g1, lo + perChunk));
                } catch (Throwable t) {
                    fail(t);
                } finally {
                    if (worked.incrementAndGet() == chunks) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }

        private void fail(Throwable t) {
            synchronized (this) {
                if (failure == null) {
                    failure = t;
                }
            }
        }

        /** Returns when every claimed chunk is finished (the caller has claimed all that were left). */
        void awaitDone() {
            for (int spins = 0; !done(); spins++) {
                if (spins < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, 50_000);
                }
            }
        }

        private boolean done() {
            if (scan && scanned.get() < chunks) {
                return false;
            }
            // bad is final once every chunk is scanned (set before the count), and then nobody transforms.
            return (scan && bad) || worked.get() == chunks;
        }

        private static void pause(int spins) {
            if (spins % 256 == 255) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }
}
