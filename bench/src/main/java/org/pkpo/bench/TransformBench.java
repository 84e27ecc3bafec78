package org.pkpo.bench;

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
import org.openjdk.jmh.annotations.Warmup;
import org.pkpo.Estimator;
import org.pkpo.Transform;

/**
 * Throughput of one batched transform call on heap float64 arrays, against a plain copy of the same bytes
 * (the memory ceiling). Run: {@code java -jar bench/target/benchmarks.jar TransformBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class TransformBench {
    @Param({"sloo_minus_one"})
    public String estimator;

    @Param({"4"})
    public int k;

    @Param({"16", "64"})
    public int n;

    @Param({"65536"})
    public int groups;

    private double[] rewards;
    private double[] out;
    private Transform transform;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(42);
        rewards = new double[groups * n];
        for (int i = 0; i < rewards.length; i++) {
            rewards[i] = rnd.nextDouble();
        }
        out = new double[rewards.length];
        transform = Transform.of(Estimator.fromName(estimator), k);
    }

    @Benchmark
    public double[] transform() {
        transform.apply(rewards, n, out);
        return out;
    }

    @Benchmark
    public double[] copy() {
        System.arraycopy(rewards, 0, out, 0, rewards.length);
        return out;
    }
}
