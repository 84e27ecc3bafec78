package org.pkpo;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits a big call across a shared pool of daemon threads, the caller's thread taking one share. Shares
 * start at multiples of {@link #ALIGN} groups, so every vector block holds the same groups as in a
 * one-thread call and the results are bit-identical whatever the thread count.
 */
final class ParallelKernels implements Kernels {
    /** A multiple of every lane count (8 float32 lanes on AVX2, 16 on AVX-512). */
    static final int ALIGN = 64;
    /** Calls with fewer samples than this stay on the caller's thread: a hand-off costs microseconds. */
    static final long MIN_SAMPLES = 1 << 15;

    private static final class Pool {
        static final ExecutorService INSTANCE = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "pkpo-worker");
            t.setDaemon(true);
            return t;
        });
    }

    private final Kernels inner;
    private final int threads;

    ParallelKernels(Kernels inner, int threads) {
        this.inner = inner;
        this.threads = threads;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void transform(Spec spec, Batch b, long g0, long g1) {
        long groups = g1 - g0;
        long samples = b.end(g1 - 1) - b.start(g0);
        int shares = (int) Math.min(threads, (groups + ALIGN - 1) / ALIGN);
        if (shares <= 1 || samples < MIN_SAMPLES) {
            inner.transform(spec, b, g0, g1);
            return;
        }
        long per = ((groups + shares - 1) / shares + ALIGN - 1) / ALIGN * ALIGN;
        Future<?>[] futures = new Future<?>[shares];
        int submitted = 0;
        for (long from = g0 + per; from < g1; from += per) {
            long a = from;
            long z = Math.min(g1, from + per);
            futures[submitted++] = Pool.INSTANCE.submit(() -> inner.transform(spec, b, a, z));
        }
        Throwable failure = null;
        try {
            inner.transform(spec, b, g0, Math.min(g1, g0 + per));
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (int i = 0; i < submitted; i++) {
            try {
                futures[i].get();
            } catch (ExecutionException e) {
                failure = failure != null ? failure : e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure != null ? failure : e;
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        } else if (failure instanceof Error err) {
            throw err;
        } else if (failure != null) {
            throw new IllegalStateException("interrupted while waiting for pkpo workers", failure);
        }
    }
}
