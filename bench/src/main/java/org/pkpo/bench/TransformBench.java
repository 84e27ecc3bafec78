package org.pkpo.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.pkpo.DType;
import org.pkpo.Estimator;
import org.pkpo.Transform;
import org.pkpo.internal.bench.BenchmarkInput;
import org.pkpo.internal.bench.BenchmarkInput.Memory;

/**
 * Throughput of one batched transform call, SIMD and scalar kernels, against a plain copy of the same bytes
 * (the memory ceiling), on heap or native memory, over the rewards of {@link BenchmarkInput} (the input
 * {@code pkpo bench} measures too). Every call covers about 2^20 rewards (groups = 2^20 / n); scores are in
 * calls per second: multiply by n * groups for rewards/s, or use the cli's {@code pkpo bench}. Zero
 * allocation when warm: run with {@code -prof gc}.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar TransformBench -p estimator=sloo_minus_one -p dtype=f32 -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class TransformBench {
    private static final int REWARDS = 1 << 20;

    @Param({"simd", "scalar"})
    public String kernels;

    @Param({"s", "sloo", "sloo_minus_one", "loo", "rho"})
    public String estimator;

    @Param({"4"})
    public int k;

    @Param({"8", "16", "17", "32", "64", "256", "1024", "4096"})
    public int n;

    @Param({"f32", "f64"})
    public String dtype;

    @Param({"heap", "native"})
    public String memory;

    private Arena arena;
    private MemorySegment in;
    private MemorySegment out;
    private MemorySegment copy;
    private DType type;
    private long groups;
    private Transform transform;

    @Setup(Level.Trial)
    public void setUp() {
        type = dtype.equals("f32") ? DType.F32 : DType.F64;
        groups = Math.max(1, REWARDS / n);
        long elems = groups * n;
        Estimator est = Estimator.fromName(estimator);
        int kk = est == Estimator.LOO ? 1 : Math.min(k, est == Estimator.SLOO ? n - 1 : n);
        transform = Transform.of(est, kk).kernels(kernels);
        Memory where = memory.equals("native") ? Memory.NATIVE : Memory.HEAP;
        if (where == Memory.NATIVE) {
            arena = Arena.ofShared();
        }
        in = BenchmarkInput.rewards(type, groups, n, 42, where, arena);
        out = BenchmarkInput.allocate(type, elems, where, arena);
        copy = BenchmarkInput.allocate(type, elems, where, arena);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (arena != null) {
            arena.close();
        }
    }

    @Benchmark
    public MemorySegment transform() {
        transform.apply(type, in, groups, n, out);
        return out;
    }

    @Benchmark
    public MemorySegment copy() {
        MemorySegment.copy(in, 0, copy, 0, in.byteSize());
        return copy;
    }
}
