package org.pkpo.cli.command;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.pkpo.DType;
import org.pkpo.Estimator;
import org.pkpo.NonFinite;
import org.pkpo.Scale;
import org.pkpo.Transform;
import org.pkpo.TransformReport;
import org.pkpo.cli.Args;
import org.pkpo.cli.CliException;
import org.pkpo.cli.Command;
import org.pkpo.cli.format.Io;
import org.pkpo.cli.format.Npy;
import org.pkpo.cli.format.Numbers;
import org.pkpo.cli.format.Rows;

/** {@code pkpo transform}: groups of rewards in, transformed rewards out, in the same order. */
public final class TransformCommand implements Command {
    @Override
    public String name() {
        return "transform";
    }

    @Override
    public String summary() {
        return "transform groups of rewards (csv, jsonl or npy) with s, sloo, sloo_minus_one or loo";
    }

    @Override
    public String usage() {
        return """
                usage: pkpo transform --estimator {s,sloo,sloo_minus_one,loo} --k K [options]

                Reads one group of rewards per line (csv, jsonl) or a 2-D array (npy, groups x n) and writes
                the transformed rewards in the same order and shape.

                  --estimator E      s (eq. 19), sloo (eq. 29, k < n), sloo_minus_one (eq. 33), loo (eq. 26)
                  --k K              the k of pass@k / max@k (loo: 1, may be omitted)
                  --dtype f64|f32    arithmetic and output precision for csv/jsonl (default f64; npy keeps its own)
                  --scale paper|per-sample
                                     paper: weights that sum into the gradient (default);
                                     per-sample: times n, for losses averaged over samples
                  --non-finite reject|exclude
                                     reject (default): NaN/Inf is an error naming line and position;
                                     exclude: such rewards get 0 and their group is transformed without them
                  --too-small reject|zero
                                     a group with fewer valid (unmasked) rewards than the estimator needs:
                                     reject (default): an error naming it; zero: its outputs are 0
                  --format csv|jsonl|npy|long  (default csv)
                                     csv:   comma-separated rewards, one group per line, lengths may differ
                                     jsonl: {"rewards":[...], "k":K, "estimator":"...", "mask":[...]} per line
                                            ("k", "estimator" optional, overriding the flags; "mask": true/false
                                            or 1/0 per reward, a masked reward is left out of its group and
                                            gets 0); out {"transformed":[...]}
                                     npy:   2-D float32/float64 array in, same shape and dtype out
                                     long:  csv rows group,reward (an evaluation or rollout log): a group
                                            is any text without a comma, its rows may be anywhere; an
                                            empty reward is masked; a header line group,reward is allowed;
                                            out group,reward,advantage rows in input order
                  --k-column         long only: a third column gives each row's k (all rows of a group
                                     must agree); --k is then not needed
                  --in FILE          input (default stdin)
                  --out FILE         output (default stdout); written only if the whole job succeeds

                exit status: 0 ok, 2 usage error, 3 bad data (the message names the line and position)

                example:
                  printf '1,0,0,1\\n0.5,0.25,0.75\\n' | pkpo transform --estimator sloo_minus_one --k 2
                """;
    }

    @Override
    public java.util.Set<String> flagOptions() {
        return java.util.Set.of("k-column");
    }

    @Override
    public void run(Args args, InputStream stdin, PrintStream stdout, PrintStream stderr) throws Exception {
        String estName = args.get("estimator", null);
        Estimator est = null;
        if (estName != null) {
            try {
                est = Estimator.fromName(estName);
            } catch (IllegalArgumentException e) {
                throw CliException.usage(e.getMessage());
            }
            if (est == Estimator.RHO) {
                throw CliException.usage("rho is an estimate, not a transform: use pkpo estimate --k ...");
            }
        }
        Integer k = args.getIntOrNull("k");
        String dtype = args.choice("dtype", null, "f64", "f32");
        Scale scale = args.choice("scale", "paper", "paper", "per-sample").equals("paper") ? Scale.PAPER : Scale.PER_SAMPLE;
        NonFinite nonFinite = args.choice("non-finite", "reject", "reject", "exclude").equals("reject")
                ? NonFinite.REJECT : NonFinite.EXCLUDE;
        String format = args.choice("format", "csv", "csv", "jsonl", "npy", "long");
        org.pkpo.TooSmall tooSmall = args.choice("too-small", "reject", "reject", "zero").equals("reject")
                ? org.pkpo.TooSmall.REJECT : org.pkpo.TooSmall.ZERO;
        boolean kColumn = args.flag("k-column");
        String inPath = args.get("in", null);
        String outPath = args.get("out", null);
        args.finish();
        if (!format.equals("jsonl") && est == null) {
            throw CliException.usage("missing required option --estimator");
        }
        if (kColumn && !format.equals("long")) {
            throw CliException.usage("--k-column goes with --format long");
        }
        if (format.equals("long")) {
            if (k == null && !kColumn && est != Estimator.LOO) {
                throw CliException.usage("missing required option --k (or --k-column)");
            }
            byte[] input = Io.readAll(inPath, stdin);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long[] counts = LongFormat.run(Io.lines(input), est, k == null ? 1 : k, kColumn, scale, nonFinite, tooSmall,
                    "f32".equals(dtype), out);
            warnExcluded(stderr, counts[0], counts[1]);
            Io.write(outPath, out, stdout);
            return;
        }

        if (format.equals("npy")) {
            if (k == null && est != Estimator.LOO) {
                throw CliException.usage("missing required option --k");
            }
            TransformReport report = npy(inPath, stdin, outPath, stdout, dtype, est, k == null ? 1 : k, scale, nonFinite);
            warnExcluded(stderr, report.excludedSamples(), report.zeroedGroups());
            return;
        }
        byte[] input = Io.readAll(inPath, stdin);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Rows.Row> rows = format.equals("csv")
                ? Rows.csv(Io.lines(input))
                : Rows.jsonl(Io.lines(input), "rewards", true);
        boolean f32 = "f32".equals(dtype);
        BatchRunner runner = new BatchRunner(scale, nonFinite, f32, tooSmall);
        double[][] result = runner.run(rows, est, k);
        StringBuilder sb = new StringBuilder();
        for (double[] r : result) {
            if (format.equals("jsonl")) {
                sb.append("{\"transformed\":[");
                Numbers.join(sb, r, f32, ",");
                sb.append("]}\n");
            } else {
                Numbers.join(sb, r, f32, ",");
                sb.append('\n');
            }
        }
        out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        warnExcluded(stderr, runner.excludedSamples, runner.zeroedGroups);
        Io.write(outPath, out, stdout);
    }

    private static void warnExcluded(PrintStream stderr, long samples, long groups) {
        if (samples > 0 || groups > 0) {
            stderr.println("pkpo transform: excluded " + samples + " non-finite reward(s); " + groups
                    + " group(s) too small were set to zero");
        }
    }

    /**
     * The npy job without heap copies of the array: the data is read straight into aligned native memory (.npy data
     * need not be 8-byte aligned within the file), transformed in place and written out from there.
     */
    private static TransformReport npy(String inPath, InputStream stdin, String outPath, PrintStream stdout, String dtype,
            Estimator est, int k, Scale scale, NonFinite nonFinite) throws CliException, IOException {
        FileInputStream file = null;
        if (inPath != null && !inPath.equals("-")) {
            if (!Files.isRegularFile(Path.of(inPath))) {
                throw CliException.usage("input file not found: " + inPath);
            }
            file = new FileInputStream(inPath); // its own channel: reads go to native memory in one copy
        }
        try (Arena arena = Arena.ofConfined()) {
            InputStream in = file != null ? file : stdin;
            Npy.Header h = Npy.readHeader(in);
            if (dtype != null && dtype.equals("f32") != h.f32()) {
                throw CliException.usage("--dtype " + dtype + " disagrees with the .npy file's "
                        + (h.f32() ? "float32" : "float64") + " data (npy output keeps the input dtype)");
            }
            if (h.cols() > Integer.MAX_VALUE) {
                throw CliException.data(".npy groups of " + h.cols() + " rewards are too large");
            }
            DType type = h.f32() ? DType.F32 : DType.F64;
            Transform t;
            try {
                t = Transform.of(est, k).scale(scale).nonFinite(nonFinite);
            } catch (IllegalArgumentException e) {
                throw CliException.usage(e.getMessage());
            }
            long available = file != null ? file.getChannel().size() - h.length() : -1;
            MemorySegment data = Npy.readData(in, h, arena, available);
            TransformReport report;
            try {
                report = t.apply(type, data, h.rows(), (int) h.cols(), data);
            } catch (IllegalArgumentException e) {
                throw CliException.data(npyMessage(e.getMessage(), h));
            }
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            Npy.writeHeader(head, h.f32(), h.rows(), h.cols());
            Io.write(outPath, head.toByteArray(), data, stdout);
            return report;
        } finally {
            if (file != null) {
                file.close();
            }
        }
    }

    /** The engine says "group g, position p"; for npy that is row g, column p. */
    private static String npyMessage(String message, Npy.Header h) {
        return message.replace("group ", "row ").replace("position ", "column ") + " (array shape "
                + h.rows() + " x " + h.cols() + ")";
    }
}
