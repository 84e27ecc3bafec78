package org.pkpo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pkpo.ExactReference.Q;

/**
 * The accuracy contract of {@link AccuracyTest} on uniform float32 batches of n = 64 with full blocks of 16 groups, the
 * blocks that run the generated n = 64 network on 16-lane machines (AccuracyTest's 8 groups never fill one), on heap
 * arrays and native memory.
 */
@ExtendWith(Seeds.class)
class Net64AccuracyTest {
    private static final int N = 64;
    private static final int GROUPS = 32;

    @Test
    void fullBlocksOfSixtyFourWithinTheBound() {
        SplittableRandom rnd = new SplittableRandom(Seeds.seed(64));
        List<String> bad = new ArrayList<>();
        for (double offset : new double[] {0, 100, -1e4}) {
            double spread = Math.scalb(1.0, rnd.nextInt(-20, 20)) * (1 + rnd.nextDouble());
            double[][] g = new double[GROUPS][N];
            for (int j = 0; j < GROUPS; j++) {
                for (int i = 0; i < N; i++) {
                    g[j][i] = (float) (offset * spread + spread * (j % 3 == 2 ? rnd.nextInt(4) : rnd.nextGaussian()));
                }
            }
            float[] flat = AccuracyTest.toFloat(AccuracyTest.flat(g));
            for (Estimator e : Estimator.values()) {
                for (int k : AccuracyTest.ks(e, N)) {
                    Scale scale = rnd.nextInt(4) == 0 ? Scale.PER_SAMPLE : Scale.PAPER;
                    Transform t = Transform.of(e, k).scale(scale).kernels("simd");
                    float[] heap = t.apply(flat, N);
                    float[] nat;
                    try (Arena arena = Arena.ofConfined()) {
                        MemorySegment in = arena.allocateFrom(ValueLayout.JAVA_FLOAT, flat);
                        MemorySegment out = arena.allocate((long) heap.length * Float.BYTES, 64);
                        t.apply(DType.F32, in, GROUPS, N, out);
                        nat = out.toArray(ValueLayout.JAVA_FLOAT);
                    }
                    assertTrue(Arrays.equals(heap, nat), t + ": heap and native outputs differ");
                    for (int j = 0; j < GROUPS; j++) {
                        Q[] exact = e.perGroup() ? new Q[] {ExactReference.rho(g[j], k)} : ExactReference.transform(e, k, scale, g[j]);
                        BigDecimal b = AccuracyTest.bound(e, scale, g[j], true);
                        for (int i = 0; i < exact.length; i++) {
                            double got = e.perGroup() ? heap[j] : heap[j * N + i];
                            if (!exact[i].within(got, exact[i].approx(), b, b.doubleValue()) && bad.size() < 10) {
                                bad.add(t + " offset=" + offset + " group " + j + " i=" + i + ": got " + got + ", exact "
                                        + exact[i].approx() + ", bound " + b.doubleValue());
                            }
                        }
                    }
                }
            }
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }
}
