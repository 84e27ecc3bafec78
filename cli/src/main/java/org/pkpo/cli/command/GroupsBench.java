package org.pkpo.cli.command;

import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pkpo.DType;
import org.pkpo.Estimator;
import org.pkpo.Groups;
import org.pkpo.Transform;
import org.pkpo.cli.CliException;
import org.pkpo.cli.format.JsonWriter;
import org.pkpo.internal.bench.BenchmarkInput;
import org.pkpo.internal.bench.BenchmarkInput.Memory;

/**
 * {@code pkpo bench --sizes MIN:MAX [--ids contiguous|shuffled] [--masked F]}: uneven trainer batches (sizes drawn
 * uniformly from MIN..MAX, as offsets or as int64 ids, contiguous or shuffled, optionally a random fraction of
 * samples masked) measured in one run beside the uniform batch of the same number of groups of n, on the simd
 * kernels (the scalar ones when simd is unavailable), interleaved round by round.
 */
final class GroupsBench {
    private GroupsBench() {
    }

    private record Path(String name, long samples, Runnable call) {
    }

    static void run(PrintStream stdout, Estimator est, int k, int n, long groupsL, DType type, int threads, double seconds,
            long seed, boolean json, int minSize, int maxSize, String ids, double maskedFraction) throws CliException {
        if (minSize < 1 || maxSize < minSize) {
            throw CliException.usage("--sizes needs 1 <= MIN <= MAX, got " + minSize + ":" + maxSize);
        }
        if (!(maskedFraction >= 0 && maskedFraction < 1)) {
            throw CliException.usage("--masked needs a fraction in [0, 1), got " + maskedFraction);
        }
        if (groupsL > 50_000_000) {
            throw CliException.usage("--groups must be <= 50000000 with --sizes, got " + groupsL);
        }
        int groups = (int) groupsL;
        Transform t;
        try {
            t = Transform.of(est, k).threads(threads);
            try {
                t = t.kernels("simd");
            } catch (IllegalArgumentException e) {
                t = t.kernels("scalar");
            }
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        Transform tf = t;
        BenchmarkInput.TrainerBatch batch;
        try {
            batch = BenchmarkInput.trainerBatch(groups, minSize, maxSize, ids, maskedFraction, seed);
        } catch (ArithmeticException e) {
            throw CliException.usage("--groups and --sizes give more than 2^31 - 1 samples");
        }
        int[] offsets = batch.offsets();
        int samples = batch.samples();
        long uniformSamples = (long) groups * n;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment uin = BenchmarkInput.rewards(type, groups, n, seed, Memory.NATIVE, arena);
            MemorySegment uout = BenchmarkInput.allocate(type, est.perGroup() ? groups : uniformSamples, Memory.NATIVE, arena);
            MemorySegment in = BenchmarkInput.allocate(type, samples, Memory.NATIVE, arena);
            BenchmarkInput.fill(in, type, seed + 1);
            MemorySegment out = BenchmarkInput.allocate(type, est.perGroup() ? groups : samples, Memory.NATIVE, arena);
            Groups form;
            String formName;
            if (ids == null) {
                MemorySegment off = arena.allocate(ValueLayout.JAVA_LONG, groups + 1L);
                for (int g = 0; g <= groups; g++) {
                    off.setAtIndex(ValueLayout.JAVA_LONG, g, offsets[g]);
                }
                form = Groups.offsets(off, groups);
                formName = "offsets";
            } else {
                // int64 ids that look like prompt uids (hashes, not 0..G-1), in sample order or shuffled.
                MemorySegment idSeg = arena.allocate(ValueLayout.JAVA_LONG, Math.max(1, samples));
                MemorySegment.copy(batch.ids(), 0, idSeg, ValueLayout.JAVA_LONG, 0, samples);
                form = Groups.ids64(idSeg);
                formName = "ids " + ids;
            }
            List<Path> paths = new ArrayList<>();
            paths.add(new Path("uniform n=" + n, uniformSamples, () -> tf.apply(type, uin, groups, n, uout)));
            Groups unmasked = form;
            paths.add(new Path(formName, samples, () -> tf.apply(type, in, samples, unmasked, out)));
            if (maskedFraction > 0) {
                MemorySegment mask = arena.allocate(Math.max(1, samples));
                MemorySegment.copy(batch.mask(), 0, mask, ValueLayout.JAVA_BYTE, 0, samples);
                Groups withMask = form.mask(mask);
                // Groups a mask leaves too small get zeros instead of failing the run.
                Transform tz = tf.tooSmall(org.pkpo.TooSmall.ZERO);
                paths.add(new Path(formName + " masked", samples, () -> tz.apply(type, in, samples, withMask, out)));
            }
            try {
                for (Path p : paths) {
                    p.call.run();
                }
            } catch (IllegalArgumentException e) {
                throw CliException.usage(e.getMessage());
            }
            long warmEnd = System.nanoTime() + (long) (seconds * 0.5e9 * paths.size());
            while (System.nanoTime() < warmEnd) {
                for (Path p : paths) {
                    p.call.run();
                }
            }
            List<long[]> rounds = new ArrayList<>();
            long measureEnd = System.nanoTime() + (long) (seconds * 1e9 * paths.size());
            while (rounds.size() < 5 || (System.nanoTime() < measureEnd && rounds.size() < 100_000)) {
                long[] r = new long[paths.size()];
                for (int p = 0; p < paths.size(); p++) {
                    long t0 = System.nanoTime();
                    paths.get(p).call.run();
                    r[p] = System.nanoTime() - t0;
                }
                rounds.add(r);
            }
            double[] median = new double[paths.size()];
            for (int p = 0; p < paths.size(); p++) {
                long[] times = new long[rounds.size()];
                for (int r = 0; r < times.length; r++) {
                    times[r] = rounds.get(r)[p];
                }
                Arrays.sort(times);
                median[p] = times[times.length / 2];
            }
            double uniformRate = uniformSamples / median[0] * 1e9;
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("estimator", est.wireName());
                m.put("k", k);
                m.put("groups", groups);
                m.put("sizes", minSize + ":" + maxSize);
                m.put("samples", samples);
                m.put("masked", maskedFraction);
                m.put("dtype", type.name().toLowerCase(Locale.ROOT));
                m.put("threads", threads);
                m.put("kernels", tf.kernelsName());
                m.put("rounds", rounds.size());
                m.put("java", System.getProperty("java.version"));
                Map<String, Object> byPath = new LinkedHashMap<>();
                for (int p = 0; p < paths.size(); p++) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    double rate = paths.get(p).samples / median[p] * 1e9;
                    e.put("rewards_per_s", Double.parseDouble(String.format(Locale.ROOT, "%.4e", rate)));
                    e.put("vs_uniform", Math.round(rate / uniformRate * 1e3) / 1e3);
                    byPath.put(paths.get(p).name, e);
                }
                m.put("paths", byPath);
                stdout.println(JsonWriter.write(m));
                return;
            }
            stdout.printf(Locale.ROOT, "pkpo bench: %s k=%d, %d groups of sizes %d..%d (%d samples) beside uniform n=%d,"
                    + " %s, %s kernels, %d thread%s, median of %d rounds%n", est.wireName(), k, groups, minSize, maxSize,
                    samples, n, type.name().toLowerCase(Locale.ROOT), tf.kernelsName(), threads, threads == 1 ? "" : "s",
                    rounds.size());
            stdout.printf(Locale.ROOT, "  %-24s %16s %12s%n", "path", "rewards/s", "vs uniform");
            for (int p = 0; p < paths.size(); p++) {
                double rate = paths.get(p).samples / median[p] * 1e9;
                stdout.printf(Locale.ROOT, "  %-24s %14.1f M %11.2fx%n", paths.get(p).name, rate / 1e6, rate / uniformRate);
            }
            if (maskedFraction > 0) {
                stdout.printf(Locale.ROOT, "  masked %.0f%% costs %+.1f%% time over unmasked%n", maskedFraction * 100,
                        (median[2] / median[1] - 1) * 100);
            }
        }
    }
}
