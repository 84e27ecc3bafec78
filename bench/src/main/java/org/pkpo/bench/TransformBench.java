package org.pkpo.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
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

/**
 * Throughput of one batched transform call, SIMD and scalar kernels, against a plain copy of the same bytes
 * (the memory ceiling), on heap or native memory. Every call covers about 2^20 rewards (groups = 2^20 / n);
 * scores are in calls per second: multiply by n * groups for rewards/s, or use the cli's
 * {@code pkpo bench}. Zero allocation when warm: run with {@code -prof gc}.
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
        SplittableRandom rnd = new SplittableRandom(42);
        if (memory.equals("native")) {
            arena = Arena.ofShared();
            in = arena.allocate(elems * type.byteSize(), 64);
            out = arena.allocate(elems * type.byteSize(), 64);
            copy = arena.allocate(elems * type.byteSize(), 64);
        } else if (type == DType.F32) {
            in = MemorySegment.ofArray(new float[(int) elems]);
            out = MemorySegment.ofArray(new float[(int) elems]);
            copy = MemorySegment.ofArray(new float[(int) elems]);
        } else {
            in = MemorySegment.ofArray(new double[(int) elems]);
            out = MemorySegment.ofArray(new double[(int) elems]);
            copy = MemorySegment.ofArray(new double[(int) elems]);
        }
        for (long i = 0; i < elems; i++) {
            if (type == DType.F32) {
                in.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) rnd.nextDouble());
            } else {
                in.setAtIndex(ValueLayout.JAVA_DOUBLE, i, rnd.nextDouble());
            }
        }
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
