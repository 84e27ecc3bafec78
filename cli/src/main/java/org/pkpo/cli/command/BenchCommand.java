package org.pkpo.cli.command;

import java.io.InputStream;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.pkpo.DType;
import org.pkpo.Estimator;
import org.pkpo.Transform;
import org.pkpo.cli.Args;
import org.pkpo.cli.CliException;
import org.pkpo.cli.format.JsonWriter;
import org.pkpo.internal.bench.BenchmarkInput;
import org.pkpo.internal.bench.BenchmarkInput.Memory;
import org.pkpo.cli.Command;

/**
 * {@code pkpo bench}: a warmed, in-process throughput measurement of the SIMD kernels, the scalar kernels
 * and a plain copy of the same bytes (the memory ceiling), interleaved round by round in one run so that
 * the ratios hold on a noisy machine. Not JMH: for publication use bench/ (see README).
 */
public final class BenchCommand implements Command {
    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "measure rewards/s of the SIMD and scalar kernels and a copy, in one run";
    }

    @Override
    public String usage() {
        return """
                usage: pkpo bench [--estimator E] [--k K] [--n N] [--groups G] [--dtype f32|f64] [--threads T]
                                  [--seconds S] [--seed X] [--json]
                                  [--sizes MIN:MAX [--ids contiguous|shuffled] [--masked F]]

                Transforms G uniform groups of N random rewards held in native memory into a separate
                native buffer on the SIMD kernels and on the scalar kernels, and copies the same bytes,
                after a warm-up. Rounds interleave the three so that they share
                the machine's noise; the median round is reported as rewards/s and ns per group.

                  --estimator E   rho, s, sloo, sloo_minus_one (default), loo
                  --k K           default 4 (1 for loo)
                  --n N           samples per group, default 16
                  --groups G      default 65536
                  --dtype D       f32 (default) or f64
                  --threads T     threads per call, default 1
                  --seconds S     measuring time per path, default 2 (warm-up: half of it)
                  --seed X        random rewards seed, default 42
                  --json          one JSON object instead of a table

                Trainer batches (instead of the three paths above): G groups of sizes drawn uniformly from
                MIN..MAX, beside uniform groups of N in the same run, on the simd kernels:
                  --sizes MIN:MAX group sizes; the groups as offsets unless --ids
                  --ids O         int64 ids per sample: contiguous (runs) or shuffled (any order)
                  --masked F      also run with a random fraction F of the samples masked

                pkpo bench --cold [--runs R] [--calls C] [--kernels simd,scalar,simd-no-twin] [--launcher-options] and the options
                above but --seconds: what the first C calls (default 5) cost in R (default 5) fresh JVMs per kernel
                choice; median and range per call number. The JVMs get a library user's options (the Vector API
                module, then PKPO_JAVA_OPTS), or with --launcher-options this JVM's own (those ./pkpo chose).
                simd-no-twin: the SIMD kernels from the first call (-Dpkpo.warmup=off), not the scalar twin while cold.""";
    }

    @Override
    public Set<String> flagOptions() {
        return Set.of("json", "cold", "launcher-options");
    }

    private record Result(String path, double nanosPerCall) {
    }

    /** The options every bench mode reads (this one, --cold in ColdBench), with the same defaults. */
    record Common(Estimator est, int k, int n, long groups, DType type, int threads, long seed) {
        static Common read(Args args) throws CliException {
            Estimator est;
            try {
                est = Estimator.fromName(args.get("estimator", "sloo_minus_one"));
            } catch (IllegalArgumentException e) {
                throw CliException.usage(e.getMessage());
            }
            return new Common(est, args.getInt("k", est == Estimator.LOO ? 1 : 4), args.getInt("n", 16),
                    args.getLong("groups", 65536),
                    args.choice("dtype", "f32", "f32", "f64").equals("f32") ? DType.F32 : DType.F64,
                    args.getInt("threads", 1), args.getLong("seed", 42));
        }
    }

    @Override
    public void run(Args args, InputStream stdin, PrintStream stdout, PrintStream stderr) throws Exception {
        if (args.flag("cold")) {
            ColdBench.run(args, stdout, stderr); // fresh JVMs, first calls: see ColdBench
            return;
        }
        Common common = Common.read(args);
        Estimator est = common.est();
        int k = common.k();
        int n = common.n();
        long groups = common.groups();
        DType type = common.type();
        int threads = common.threads();
        long seed = common.seed();
        double seconds = args.getDouble("seconds", 2);
        boolean json = args.flag("json");
        String sizes = args.get("sizes", null);
        String ids = args.get("ids", null);
        double masked = args.getDouble("masked", 0);
        args.finish();
        if (sizes != null || ids != null || masked != 0) {
            // Trainer batches: GroupsBench (kept apart so that this command's uniform paths stay as they are).
            String[] mm = (sizes != null ? sizes : n + ":" + n).split(":", -1);
            if (ids != null && !ids.equals("contiguous") && !ids.equals("shuffled")) {
                throw CliException.usage("--ids must be contiguous or shuffled, got " + ids);
            }
            int min;
            int max;
            try {
                min = Integer.parseInt(mm[0].trim());
                max = Integer.parseInt(mm[mm.length - 1].trim());
            } catch (NumberFormatException e) {
                throw CliException.usage("--sizes must be MIN:MAX, got " + sizes);
            }
            if (mm.length > 2 || !(seconds > 0) || seconds > 3600 || groups < 1 || n < 1) {
                throw CliException.usage("need --sizes MIN:MAX, n >= 1, groups >= 1 and 0 < seconds <= 3600");
            }
            GroupsBench.run(stdout, est, k, n, groups, type, threads, seconds, seed, json, min, max, ids, masked);
            return;
        }
        if (n < 1 || groups < 1 || !(seconds > 0) || seconds > 3600) {
            throw CliException.usage("need n >= 1, groups >= 1 and 0 < seconds <= 3600, got n=" + n + ", groups="
                    + groups + ", seconds=" + seconds);
        }
        long elems = Math.multiplyExact(groups, (long) n);
        Transform base;
        try {
            base = Transform.of(est, k).threads(threads);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        List<String> paths = new ArrayList<>();
        List<Transform> transforms = new ArrayList<>();
        String simdMissing = null;
        try {
            transforms.add(base.kernels("simd"));
            paths.add("simd");
        } catch (IllegalArgumentException e) {
            simdMissing = e.getMessage();
        }
        transforms.add(base.kernels("scalar"));
        paths.add("scalar");
        paths.add("copy");

        try (Arena arena = Arena.ofShared()) {
            long bytes = elems * type.byteSize();
            MemorySegment in = BenchmarkInput.rewards(type, groups, n, seed, Memory.NATIVE, arena);
            MemorySegment out = BenchmarkInput.allocate(type, est.perGroup() ? groups : elems, Memory.NATIVE, arena);
            MemorySegment copy = BenchmarkInput.allocate(type, elems, Memory.NATIVE, arena);
            Runnable[] calls = new Runnable[paths.size()];
            for (int p = 0; p < transforms.size(); p++) {
                Transform t = transforms.get(p);
                calls[p] = () -> t.apply(type, in, groups, n, out);
            }
            calls[paths.size() - 1] = () -> MemorySegment.copy(in, 0, copy, 0, bytes);
            try {
                calls[0].run(); // validates once, so a bad k is a usage error before any timing
            } catch (IllegalArgumentException e) {
                throw CliException.usage(e.getMessage());
            }
            // Warm-up: every path until half the budget is spent, so C2 has compiled them all.
            long warmEnd = System.nanoTime() + (long) (seconds * 0.5e9 * paths.size());
            while (System.nanoTime() < warmEnd) {
                for (Runnable c : calls) {
                    c.run();
                }
            }
            List<long[]> rounds = new ArrayList<>();
            long measureEnd = System.nanoTime() + (long) (seconds * 1e9 * paths.size());
            while (rounds.size() < 5 || (System.nanoTime() < measureEnd && rounds.size() < 100_000)) {
                long[] r = new long[calls.length];
                for (int p = 0; p < calls.length; p++) {
                    long t0 = System.nanoTime();
                    calls[p].run();
                    r[p] = System.nanoTime() - t0;
                }
                rounds.add(r);
            }
            List<Result> results = new ArrayList<>();
            for (int p = 0; p < calls.length; p++) {
                long[] times = new long[rounds.size()];
                for (int r = 0; r < times.length; r++) {
                    times[r] = rounds.get(r)[p];
                }
                Arrays.sort(times);
                results.add(new Result(paths.get(p), times[times.length / 2]));
            }
            print(json ? stdout : null, json ? null : stdout, est, k, n, groups, type, threads, rounds.size(), elems,
                    results, simdMissing);
        }
    }

    private static void print(PrintStream json, PrintStream table, Estimator est, int k, int n, long groups, DType type,
            int threads, int rounds, long elems, List<Result> results, String simdMissing) {
        double scalarNs = results.stream().filter(r -> r.path.equals("scalar")).findFirst().orElseThrow().nanosPerCall;
        if (json != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("estimator", est.wireName());
            m.put("k", k);
            m.put("n", n);
            m.put("groups", groups);
            m.put("dtype", type.name().toLowerCase(Locale.ROOT));
            m.put("threads", threads);
            m.put("rounds", rounds);
            m.put("java", System.getProperty("java.version"));
            Map<String, Object> byPath = new LinkedHashMap<>();
            for (Result r : results) {
                Map<String, Object> p = new LinkedHashMap<>();
                // Five significant digits and ns to the picosecond: more would be noise.
                double rewardsPerSecond = elems / r.nanosPerCall * 1e9;
                p.put("rewards_per_s", Double.parseDouble(String.format(Locale.ROOT, "%.4e", rewardsPerSecond)));
                p.put("ns_per_group", Math.round(r.nanosPerCall / groups * 1e3) / 1e3);
                p.put("vs_scalar", Math.round(scalarNs / r.nanosPerCall * 1e3) / 1e3);
                byPath.put(r.path, p);
            }
            m.put("paths", byPath);
            if (simdMissing != null) {
                m.put("simd_unavailable", simdMissing);
            }
            json.println(JsonWriter.write(m));
            return;
        }
        table.printf(Locale.ROOT, "pkpo bench: %s k=%d, %d groups of n=%d, %s, %d thread%s, median of %d rounds%n",
                est.wireName(), k, groups, n, type.name().toLowerCase(Locale.ROOT), threads, threads == 1 ? "" : "s",
                rounds);
        table.printf(Locale.ROOT, "  %-8s %16s %14s %10s%n", "path", "rewards/s", "ns/group", "vs scalar");
        for (Result r : results) {
            table.printf(Locale.ROOT, "  %-8s %14.1f M %14.2f %9.2fx%n", r.path, elems / r.nanosPerCall * 1e3,
                    r.nanosPerCall / groups, scalarNs / r.nanosPerCall);
        }
        if (simdMissing != null) {
            table.println("  (simd not measured: " + simdMissing + ")");
        }
    }
}
