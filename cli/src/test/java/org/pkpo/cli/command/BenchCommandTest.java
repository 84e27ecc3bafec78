package org.pkpo.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pkpo.DType;
import org.pkpo.cli.CliRun;
import org.pkpo.cli.TestSeeds;
import org.pkpo.internal.bench.BenchmarkInput;
import org.pkpo.internal.bench.BenchmarkInput.Memory;

/** {@code pkpo bench} runs briefly, reports the three paths, and turns bad options into usage errors. */
@ExtendWith(TestSeeds.class)
class BenchCommandTest {
    @Test
    void jsonReportsEveryPath() {
        CliRun.Result r = CliRun.run("", "bench", "--n", "17", "--groups", "100", "--k", "3", "--seconds", "0.01", "--json", "--threads", "2");
        assertEquals(0, r.code(), r.err());
        for (String want : new String[] {"\"simd\":{\"rewards_per_s\"", "\"scalar\":", "\"copy\":", "\"n\":17", "\"threads\":2"}) {
            assertTrue(r.out().contains(want), r.out());
        }
    }

    @Test
    void trainerBatchesBesideUniform() {
        CliRun.Result r = CliRun.run("", "bench", "--sizes", "12:20", "--ids", "shuffled", "--masked", "0.1", "--groups",
                "300", "--seconds", "0.01", "--json");
        assertEquals(0, r.code(), r.err());
        for (String want : new String[] {"\"uniform n=16\":{\"rewards_per_s\"", "\"ids shuffled\":", "\"ids shuffled masked\":",
                "\"sizes\":\"12:20\""}) {
            assertTrue(r.out().contains(want), r.out());
        }
        r = CliRun.run("", "bench", "--sizes", "3:5", "--k", "2", "--groups", "50", "--seconds", "0.01");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("offsets") && r.out().contains("vs uniform"), r.out());
        assertEquals(2, CliRun.run("", "bench", "--sizes", "5:3", "--seconds", "0.01").code());
        assertEquals(2, CliRun.run("", "bench", "--sizes", "3:5", "--ids", "sorted", "--seconds", "0.01").code());
        assertEquals(2, CliRun.run("", "bench", "--sizes", "3:5", "--masked", "1.5", "--seconds", "0.01").code());
    }

    @Test
    void tableForFloat64() {
        CliRun.Result r = CliRun.run("", "bench", "--estimator", "rho", "--n", "8", "--groups", "9", "--dtype", "f64", "--seconds", "0.01");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("ns/group") && r.out().contains("simd") && r.out().contains("copy"), r.out());
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(2, CliRun.run("", "bench", "--k", "20", "--n", "4", "--seconds", "0.01").code());
        assertEquals(2, CliRun.run("", "bench", "--dtype", "f16").code());
        assertEquals(2, CliRun.run("", "bench", "--groups", "0").code());
        assertEquals(2, CliRun.run("", "bench", "--estimator", "nope").code());
    }

    /** pkpo bench and the JMH suite measure the same input: SplittableRandom(seed)'s doubles, in order. */
    @Test
    void benchmarkInputIsTheSeedsUniformDoublesOnHeapAndNative() {
        long seed = TestSeeds.SEED;
        SplittableRandom rnd = new SplittableRandom(seed);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment f64 = BenchmarkInput.rewards(DType.F64, 3, 5, seed, Memory.NATIVE, arena);
            MemorySegment f32 = BenchmarkInput.rewards(DType.F32, 3, 5, seed, Memory.HEAP, null);
            assertEquals(15 * 8, f64.byteSize());
            assertEquals(0, f64.address() % 64, "native buffers are 64-byte aligned");
            for (int i = 0; i < 15; i++) {
                double want = rnd.nextDouble();
                assertEquals(want, f64.getAtIndex(ValueLayout.JAVA_DOUBLE, i), 0.0, "index " + i);
                assertEquals((float) want, f32.getAtIndex(ValueLayout.JAVA_FLOAT, i), 0.0f, "index " + i);
            }
        }
    }
}
