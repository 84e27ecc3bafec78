package org.pkpo.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
import org.pkpo.Groups;
import org.pkpo.TooSmall;
import org.pkpo.Transform;
import org.pkpo.internal.bench.BenchmarkInput;
import org.pkpo.internal.bench.BenchmarkInput.Memory;

/**
 * Uneven trainer batches (the input of {@code pkpo bench --sizes 12:20}, {@link BenchmarkInput#trainerBatch}):
 * 65,536 groups of sizes 12..20 as offsets, as int64 ids in runs or shuffled, with or without 10% of the samples
 * masked, on heap arrays or native memory, float32 {@code sloo_minus_one} k=4, and beside them the uniform batch of
 * 65,536 groups of 16 ({@code uniform16}). Scores are calls per second: a trainer call holds {@code samples} rewards
 * (printed at set-up, about 1.05M), the uniform one 1,048,576. With {@code -prof gc}: a warm call allocates only its
 * {@code TransformReport} (GroupedWarmAllocationTest); at about a hundred calls a second JMH's own allocations
 * per iteration read as a few hundred B/op (180-650 measured, {@code uniform16} 200-230).
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar GroupsBench -p memory=native -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class GroupsBench {
    private static final int GROUPS = 65_536;

    @Param({"offsets", "ids_contiguous", "ids_shuffled"})
    public String form;

    @Param({"0", "0.1"})
    public double masked;

    @Param({"heap", "native"})
    public String memory;

    @Param({"simd"})
    public String kernels;

    private Arena arena;
    private Transform transform;
    private Groups groups;
    private int samples;
    private float[] inArray;
    private float[] outArray;
    private MemorySegment in;
    private MemorySegment out;
    private MemorySegment uniformIn;
    private MemorySegment uniformOut;

    @Setup(Level.Trial)
    public void setUp() {
        String ids = form.equals("offsets") ? null : form.substring("ids_".length());
        BenchmarkInput.TrainerBatch batch = BenchmarkInput.trainerBatch(GROUPS, 12, 20, ids, masked, 42);
        samples = batch.samples();
        System.out.println("\n" + form + (masked > 0 ? ", masked " + masked : "") + ": " + samples + " samples per call");
        // Groups a mask leaves too small get zeros instead of failing the call.
        transform = Transform.of(Estimator.SLOO_MINUS_ONE, 4).kernels(kernels).tooSmall(TooSmall.ZERO);
        arena = Arena.ofShared();
        Memory where = memory.equals("native") ? Memory.NATIVE : Memory.HEAP;
        uniformIn = BenchmarkInput.rewards(DType.F32, GROUPS, 16, 42, where, arena);
        uniformOut = BenchmarkInput.allocate(DType.F32, GROUPS * 16L, where, arena);
        in = BenchmarkInput.allocate(DType.F32, samples, where, arena);
        BenchmarkInput.fill(in, DType.F32, 43);
        out = BenchmarkInput.allocate(DType.F32, samples, where, arena);
        if (where == Memory.HEAP) {
            inArray = in.toArray(ValueLayout.JAVA_FLOAT);
            outArray = new float[samples];
            groups = ids == null ? Groups.offsets(batch.offsets()) : Groups.ids(batch.ids());
            if (batch.mask() != null) {
                groups = groups.mask(batch.mask());
            }
        } else {
            if (ids == null) {
                MemorySegment off = arena.allocate(ValueLayout.JAVA_LONG, GROUPS + 1L);
                for (int g = 0; g <= GROUPS; g++) {
                    off.setAtIndex(ValueLayout.JAVA_LONG, g, batch.offsets()[g]);
                }
                groups = Groups.offsets(off, GROUPS);
            } else {
                groups = Groups.ids64(arena.allocateFrom(ValueLayout.JAVA_LONG, batch.ids()));
            }
            if (batch.mask() != null) {
                groups = groups.mask(arena.allocateFrom(ValueLayout.JAVA_BYTE, batch.mask()));
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public Object trainerBatch() {
        if (inArray != null) {
            transform.apply(inArray, groups, outArray);
            return outArray;
        }
        transform.apply(DType.F32, in, samples, groups, out);
        return out;
    }

    @Benchmark
    public MemorySegment uniform16() {
        transform.apply(DType.F32, uniformIn, GROUPS, 16, uniformOut);
        return uniformOut;
    }
}
