package org.pkpo.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pkpo.DType;
import org.pkpo.Estimator;
import org.pkpo.Scale;
import org.pkpo.Seeds;
import org.pkpo.internal.call.Batch;
import org.pkpo.internal.math.EstimatorPlan;

/**
 * The cold-start gate: cold shapes the twin covers run on the twin, the warm-up switches them to the SIMD kernels,
 * and neither the gate nor the warm-up ever changes a result or touches the caller's buffers.
 */
@ExtendWith(Seeds.class)
class WarmingKernelsTest {
    /** The SIMD kernels when this JVM has them (the gate does not care which kernels it gates). */
    private static Kernels simd() {
        return KernelProvider.loadSimd() instanceof Kernels k ? k : ScalarKernels.INSTANCE;
    }

    /**
     * A stand-in twin: the SIMD kernels themselves (so bit-identical by construction), counting its calls and made
     * slow, so that the SIMD kernels beat it soon whatever the JIT has done.
     */
    private static final class SlowTwin implements WarmingKernels.Twin {
        final Kernels inner = simd();
        final AtomicInteger calls = new AtomicInteger();
        final int coveredN;

        SlowTwin(int coveredN) {
            this.coveredN = coveredN;
        }

        @Override
        public String name() {
            return "twin";
        }

        @Override
        public boolean covers(EstimatorPlan plan, Batch b) {
            return b.n == coveredN;
        }

        @Override
        public void transform(EstimatorPlan plan, Batch b, long g0, long g1) {
            if (Thread.currentThread().getName().equals("pkpo-warmup")) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                calls.incrementAndGet();
            }
            inner.transform(plan, b, g0, g1);
        }
    }

    private static float[] rewards(long seed, int count) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] a = new float[count];
        for (int i = 0; i < count; i++) {
            a[i] = (float) rnd.nextDouble();
        }
        return a;
    }

    @Test
    void coldCallsRunTheTwinThenTheWarmUpSwitchesToSimdWithTheSameBits() throws Exception {
        int n = 16;
        int groups = 1000;
        EstimatorPlan plan = EstimatorPlan.of(Estimator.SLOO_MINUS_ONE, 4, Scale.PAPER);
        SlowTwin twin = new SlowTwin(n);
        WarmingKernels gate = new WarmingKernels(simd(), twin);
        try (Arena arena = Arena.ofConfined()) {
            float[] data = rewards(Seeds.seed(1), groups * n);
            MemorySegment in = arena.allocate((long) data.length * Float.BYTES, 64);
            MemorySegment.copy(data, 0, in, ValueLayout.JAVA_FLOAT, 0, data.length);
            MemorySegment want = arena.allocate(in.byteSize(), 64);
            twin.inner.transform(plan, new Batch(DType.F32, in, want, groups, n, null, null), 0, groups);
            float[] expected = want.toArray(ValueLayout.JAVA_FLOAT);

            MemorySegment out = arena.allocate(in.byteSize(), 64);
            Batch b = new Batch(DType.F32, in, out, groups, n, null, null);
            assertFalse(gate.hot(plan, b));
            assertTrue(gate.transformIfFinite(plan, b, 0, groups));
            assertEquals(1, twin.calls.get(), "the first, cold call runs on the twin");
            assertArrayEquals(expected, out.toArray(ValueLayout.JAVA_FLOAT));
            Thread.sleep(50);
            assertFalse(gate.hot(plan, b), "one call starts no warm-up");

            // Calls while the warm-up runs, then after it: the same bits every time, the caller's input untouched.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!gate.hot(plan, b) && System.nanoTime() < deadline) {
                out.fill((byte) 0);
                gate.transform(plan, b, 0, groups);
                assertArrayEquals(expected, out.toArray(ValueLayout.JAVA_FLOAT));
                assertArrayEquals(data, in.toArray(ValueLayout.JAVA_FLOAT));
                Thread.sleep(1);
            }
            assertTrue(gate.awaitHot(plan, b, TimeUnit.SECONDS.toNanos(1)), "the warm-up switched the shape to simd");
            int twinCalls = twin.calls.get();
            out.fill((byte) 0);
            gate.transform(plan, b, 0, groups);
            assertEquals(twinCalls, twin.calls.get(), "a hot shape runs on the SIMD kernels");
            assertArrayEquals(expected, out.toArray(ValueLayout.JAVA_FLOAT));
        }
    }

    @Test
    void shapesTheTwinDoesNotCoverRunOnSimdFromTheFirstCall() {
        int n = 7;
        int groups = 50;
        EstimatorPlan plan = EstimatorPlan.of(Estimator.SLOO, 2, Scale.PAPER);
        SlowTwin twin = new SlowTwin(16);
        WarmingKernels gate = new WarmingKernels(simd(), twin);
        float[] data = rewards(Seeds.seed(2), groups * n);
        float[] out = new float[data.length];
        float[] want = new float[data.length];
        Batch b = new Batch(DType.F32, MemorySegment.ofArray(data), MemorySegment.ofArray(out), groups, n, null, null, data);
        gate.transform(plan, b, 0, groups);
        simd().transform(plan, new Batch(DType.F32, MemorySegment.ofArray(data), MemorySegment.ofArray(want), groups, n,
                null, null, data), 0, groups);
        assertEquals(0, twin.calls.get());
        assertArrayEquals(want, out);
        assertFalse(gate.hot(plan, b), "an uncovered shape is never warmed");
    }

    @Test
    void withoutATwinOrWithTheWarmUpOffTheSimdKernelsRunAsThey() {
        Kernels s = simd();
        assertSame(s, WarmingKernels.wrap(s, null));
        String before = System.getProperty(WarmingKernels.PROPERTY);
        try {
            System.setProperty(WarmingKernels.PROPERTY, "off");
            assertSame(s, WarmingKernels.wrap(s, new SlowTwin(16)));
            System.setProperty(WarmingKernels.PROPERTY, "auto");
            assertTrue(WarmingKernels.wrap(s, new SlowTwin(16)) instanceof WarmingKernels);
        } finally {
            if (before == null) {
                System.clearProperty(WarmingKernels.PROPERTY);
            } else {
                System.setProperty(WarmingKernels.PROPERTY, before);
            }
        }
    }

    /** The warm-up's private copy of a ragged shape: its own offsets and buffers, the caller's never written. */
    @Test
    void raggedHeapShapesWarmUpOnPrivateCopies() throws Exception {
        int groups = 40;
        int[] offsets = new int[groups + 1];
        for (int g = 0; g < groups; g++) {
            offsets[g + 1] = offsets[g] + 16;
        }
        float[] data = rewards(Seeds.seed(3), offsets[groups]);
        float[] copy = data.clone();
        float[] out = new float[data.length];
        float[] want = new float[data.length];
        EstimatorPlan plan = EstimatorPlan.of(Estimator.S, 3, Scale.PER_SAMPLE);
        SlowTwin twin = new SlowTwin(-1);
        WarmingKernels gate = new WarmingKernels(simd(), twin);
        MemorySegment off = MemorySegment.ofArray(offsets);
        Batch b = new Batch(DType.F32, MemorySegment.ofArray(data), MemorySegment.ofArray(out), groups, -1, off,
                ValueLayout.JAVA_INT, data);
        gate.transform(plan, b, 0, groups);
        gate.transform(plan, b, 0, groups);
        assertEquals(2, twin.calls.get());
        assertTrue(gate.awaitHot(plan, b, TimeUnit.SECONDS.toNanos(120)), "the ragged shape warmed up");
        simd().transform(plan, new Batch(DType.F32, MemorySegment.ofArray(data), MemorySegment.ofArray(want), groups, -1,
                off, ValueLayout.JAVA_INT, data), 0, groups);
        assertArrayEquals(want, out);
        assertArrayEquals(copy, data);
    }

    /** The real gate (the scalar kernels as twin) gives the SIMD kernels' bits, cold and warm, on awkward batches. */
    @Test
    void theScalarTwinGivesTheSimdBitsOnMixedBatches() {
        Kernels s = simd();
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(4));
        for (DType type : DType.values()) {
            for (int trial = 0; trial < 6; trial++) {
                int n = new int[] {1, 3, 16, 17, 64, 200}[trial];
                int groups = 1 + rnd.nextInt(300);
                EstimatorPlan plan = EstimatorPlan.of(Estimator.values()[trial % 5], trial % 5 == 4 ? 1 : 1 + rnd.nextInt(n),
                        trial % 2 == 0 ? Scale.PAPER : Scale.PER_SAMPLE);
                if (plan.whyInvalid(n) != null) {
                    continue;
                }
                double[] data = new double[groups * n];
                for (int i = 0; i < data.length; i++) {
                    data[i] = rnd.nextInt(10) == 0 ? Math.scalb(rnd.nextDouble() - 0.5, 110) : rnd.nextInt(4) / 3.0;
                }
                long outCount = plan.perGroup() ? groups : data.length;
                MemorySegment want = run(s, plan, type, data, groups, n, outCount);
                MemorySegment got = run(new WarmingKernels(s, KernelProvider.twin()), plan, type, data, groups, n, outCount);
                assertEquals(-1, want.mismatch(got), type + " n=" + n + " " + plan.estimator() + " k=" + plan.k());
            }
        }
    }

    private static MemorySegment run(Kernels k, EstimatorPlan plan, DType type, double[] data, int groups, int n,
            long outCount) {
        MemorySegment in = type == DType.F64 ? MemorySegment.ofArray(data.clone()) : MemorySegment.ofArray(toFloats(data));
        MemorySegment out = type == DType.F64 ? MemorySegment.ofArray(new double[(int) outCount])
                : MemorySegment.ofArray(new float[(int) outCount]);
        k.transform(plan, new Batch(type, in, out, groups, n, null, null, in.heapBase().orElseThrow()), 0, groups);
        return out;
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
