package org.pkpo.cli.command;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pkpo.DType;
import org.pkpo.Estimator;
import org.pkpo.Pkpo;
import org.pkpo.Transform;
import org.pkpo.cli.Args;
import org.pkpo.cli.CliException;
import org.pkpo.cli.format.JsonWriter;
import org.pkpo.internal.bench.BenchmarkInput;
import org.pkpo.internal.bench.BenchmarkInput.Memory;
import org.pkpo.internal.math.EstimatorPlan;

/**
 * {@code pkpo bench --cold}: what the first calls cost in a fresh JVM. Spawns fresh JVMs of this same java and
 * class path, with a library user's options (the Vector API module, then PKPO_JAVA_OPTS) or, with
 * {@code --launcher-options}, this JVM's own (the command line's, as ./pkpo starts it), one per run and kernel
 * choice ({@code -Dpkpo.kernels=...}, interleaved run by run so that the choices share the
 * machine's noise); each child makes its input, then times its first calls of one transform and prints them
 * on one line. The table gives, per call number, the median over runs and the range.
 */
final class ColdBench {
    static final String CHILD_PREFIX = "pkpo-cold-child:";
    /** simd-no-twin: the SIMD kernels from the first call (-Dpkpo.warmup=off), as before the cold-start gate. */
    static final List<String> CHOICES = List.of("simd", "scalar", "simd-no-twin");

    private ColdBench() {
    }

    record Setup(Estimator est, int k, int n, long groups, DType type, int threads, long seed, int calls) {
        List<String> childArgs() {
            return List.of(est.wireName(), Integer.toString(k), Integer.toString(n), Long.toString(groups),
                    type.name(), Integer.toString(threads), Long.toString(seed), Integer.toString(calls));
        }

        static Setup parse(String[] a) {
            return new Setup(Estimator.fromName(a[0]), Integer.parseInt(a[1]), Integer.parseInt(a[2]),
                    Long.parseLong(a[3]), DType.valueOf(a[4]), Integer.parseInt(a[5]), Long.parseLong(a[6]),
                    Integer.parseInt(a[7]));
        }
    }

    /** One child's figures: JVM start to first call, then every call's nanoseconds. */
    record Child(String kernels, long startupNanos, long[] callNanos) {
    }

    static void run(Args args, PrintStream stdout, PrintStream stderr) throws Exception {
        BenchCommand.Common common = BenchCommand.Common.read(args);
        Estimator est = common.est();
        int k = common.k();
        int n = common.n();
        long groups = common.groups();
        DType type = common.type();
        int threads = common.threads();
        long seed = common.seed();
        int runs = args.getInt("runs", 5);
        int calls = args.getInt("calls", 5);
        String only = args.get("kernels", null);
        boolean launcher = args.flag("launcher-options");
        boolean json = args.flag("json");
        args.finish();
        if (n < 1 || groups < 1 || runs < 1 || runs > 1000 || calls < 1 || calls > 10_000 || threads < 1) {
            throw CliException.usage("need n, groups, threads >= 1, 1 <= runs <= 1000 and 1 <= calls <= 10000, got n="
                    + n + ", groups=" + groups + ", threads=" + threads + ", runs=" + runs + ", calls=" + calls);
        }
        List<String> choices = only == null ? CHOICES.subList(0, 2) : List.of(only.split(","));
        for (String c : choices) {
            if (!CHOICES.contains(c)) {
                throw CliException.usage("--kernels takes " + String.join(",", CHOICES) + ", got '" + c + "'");
            }
        }
        String bad = EstimatorPlan.whyInvalid(est, k, n); // a usage error here, not a failure in every child
        if (bad != null) {
            throw CliException.usage(bad);
        }
        Setup setup = new Setup(est, k, n, groups, type, threads, seed, calls);
        List<String> jvm = launcher ? childJvmOptions() : libraryJvmOptions();
        Map<String, List<Child>> byChoice = new LinkedHashMap<>();
        for (int r = 0; r < runs; r++) {
            for (String c : choices) {
                byChoice.computeIfAbsent(c, x -> new ArrayList<>()).add(spawn(jvm, c, setup, stderr));
            }
        }
        if (json) {
            stdout.println(JsonWriter.write(jsonReport(setup, runs, jvm, byChoice)));
        } else {
            table(stdout, setup, runs, jvm, byChoice);
        }
    }

    /**
     * What a library user's JVM has: the two options the SIMD kernels need, then PKPO_JAVA_OPTS (split at blanks),
     * so that options can be tried without the command line's own.
     */
    static List<String> libraryJvmOptions() {
        List<String> out = new ArrayList<>(List.of("--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"));
        String extra = System.getenv("PKPO_JAVA_OPTS");
        if (extra != null) {
            for (String a : extra.trim().split("\\s+")) {
                if (!a.isEmpty() && !a.startsWith("-Dpkpo.kernels=") && !a.startsWith("-Dpkpo.warmup=")) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** This JVM's options (with --launcher-options), less the kernel choice (each child gets its own) and the launcher's tty plumbing. */
    static List<String> childJvmOptions() {
        List<String> out = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-Dpkpo.kernels=") && !a.startsWith("-Dpkpo.warmup=") && !a.startsWith("-Dpkpo.progress.tty=")) {
                out.add(a);
            }
        }
        return out;
    }

    private static Child spawn(List<String> jvm, String kernels, Setup s, PrintStream stderr) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"));
        cmd.addAll(jvm);
        cmd.add("-Dpkpo.kernels=" + (kernels.equals("scalar") ? "scalar" : "simd"));
        if (kernels.equals("simd-no-twin")) {
            cmd.add("-Dpkpo.warmup=off");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ColdBench.class.getName());
        cmd.addAll(s.childArgs());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String result = null;
        StringBuilder other = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null;) {
                if (line.startsWith(CHILD_PREFIX)) {
                    result = line.substring(CHILD_PREFIX.length()).trim();
                } else if (!line.startsWith("WARNING: Using incubator modules")) {
                    other.append(line).append('\n');
                }
            }
        }
        int code = p.waitFor();
        if (code != 0 || result == null) {
            throw CliException.data("a cold-start child JVM failed (exit " + code + "): " + String.join(" ", cmd) + "\n"
                    + other);
        }
        String[] f = result.split(" ");
        if (!kernels.startsWith(f[0])) {
            // A forced choice that cannot be honoured falls back: say so instead of mislabelling the row.
            stderr.println("pkpo bench --cold: asked for " + kernels + " kernels, the child ran " + f[0]);
        }
        long[] callNanos = new long[f.length - 2];
        for (int i = 0; i < callNanos.length; i++) {
            callNanos[i] = Long.parseLong(f[i + 2]);
        }
        return new Child(f[0], Long.parseLong(f[1]), callNanos);
    }

    /** The child: make the input, then time the first calls; one line on stdout. */
    public static void main(String[] argv) {
        Setup s = Setup.parse(argv);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment in = BenchmarkInput.rewards(s.type, s.groups, s.n, s.seed, Memory.NATIVE, arena);
            MemorySegment out = BenchmarkInput.allocate(s.type, s.est.perGroup() ? s.groups : s.groups * s.n,
                    Memory.NATIVE, arena);
            long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            long[] t = new long[s.calls];
            Transform tr = Transform.of(s.est, s.k).threads(s.threads);
            for (int c = 0; c < s.calls; c++) {
                long t0 = System.nanoTime();
                tr.apply(s.type, in, s.groups, s.n, out);
                t[c] = System.nanoTime() - t0;
            }
            StringBuilder line = new StringBuilder(CHILD_PREFIX).append(' ').append(Pkpo.kernels()).append(' ')
                    .append(sinceStart * 1_000_000L);
            for (long x : t) {
                line.append(' ').append(x);
            }
            System.out.println(line);
        }
    }

    private static long[] column(List<Child> children, int call) {
        long[] v = new long[children.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = call < 0 ? children.get(i).startupNanos : children.get(i).callNanos[call];
        }
        Arrays.sort(v);
        return v;
    }

    private static long[] totals(List<Child> children) {
        long[] v = new long[children.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Arrays.stream(children.get(i).callNanos).sum();
        }
        Arrays.sort(v);
        return v;
    }

    private static double median(long[] sorted) {
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2.0;
    }

    private static String cell(long[] sorted) {
        return String.format(Locale.ROOT, "%.2f [%.2f-%.2f]", median(sorted) / 1e6, sorted[0] / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }

    private static void table(PrintStream out, Setup s, int runs, List<String> jvm, Map<String, List<Child>> by) {
        out.printf(Locale.ROOT, "pkpo bench --cold: %s k=%d, %d groups of n=%d, %s, %d thread%s; first %d call%s in"
                + " each of %d fresh JVM%s per kernel choice%n", s.est.wireName(), s.k, s.groups, s.n,
                s.type.name().toLowerCase(Locale.ROOT), s.threads, s.threads == 1 ? "" : "s", s.calls,
                s.calls == 1 ? "" : "s", runs, runs == 1 ? "" : "s");
        out.println("  child JVM options: " + (jvm.isEmpty() ? "(none)" : String.join(" ", jvm)));
        out.println("  ms per call, median over JVMs [min-max]");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-10s", "call"));
        for (String c : by.keySet()) {
            head.append(String.format(Locale.ROOT, " %28s", c));
        }
        out.println(head);
        for (int call = -1; call <= s.calls; call++) {
            String label = call < 0 ? "jvm start" : call == s.calls ? "total" : "#" + (call + 1);
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-10s", label));
            for (List<Child> children : by.values()) {
                long[] v = call == s.calls ? totals(children) : column(children, call);
                row.append(String.format(Locale.ROOT, " %28s", cell(v)));
            }
            out.println(row);
        }
        out.println("  (jvm start: JVM start to the first call, input made; total: the sum of the timed calls)");
    }

    private static Map<String, Object> jsonReport(Setup s, int runs, List<String> jvm, Map<String, List<Child>> by) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("estimator", s.est.wireName());
        m.put("k", s.k);
        m.put("n", s.n);
        m.put("groups", s.groups);
        m.put("dtype", s.type.name().toLowerCase(Locale.ROOT));
        m.put("threads", s.threads);
        m.put("runs", runs);
        m.put("calls", s.calls);
        m.put("java", System.getProperty("java.version"));
        m.put("jvm_options", jvm);
        Map<String, Object> paths = new LinkedHashMap<>();
        for (Map.Entry<String, List<Child>> e : by.entrySet()) {
            Map<String, Object> p = new LinkedHashMap<>();
            List<Object> medians = new ArrayList<>();
            for (int call = 0; call < s.calls; call++) {
                medians.add(Math.round(median(column(e.getValue(), call)) / 1e3) / 1e3);
            }
            p.put("first_calls_ms", medians);
            p.put("total_ms", Math.round(median(totals(e.getValue())) / 1e3) / 1e3);
            p.put("jvm_start_ms", Math.round(median(column(e.getValue(), -1)) / 1e3) / 1e3);
            paths.put(e.getKey(), p);
        }
        m.put("kernels", paths);
        return m;
    }
}
