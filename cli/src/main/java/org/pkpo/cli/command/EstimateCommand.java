package org.pkpo.cli.command;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pkpo.Estimator;
import org.pkpo.NonFinite;
import org.pkpo.Pkpo;
import org.pkpo.Scale;
import org.pkpo.cli.Args;
import org.pkpo.cli.CliException;
import org.pkpo.cli.Command;
import org.pkpo.cli.format.Io;
import org.pkpo.cli.format.Json;
import org.pkpo.cli.format.Numbers;
import org.pkpo.cli.format.Rows;

/** {@code pkpo estimate}: rho (eq. 12) per group for several k, or pass@k (eq. 3) from counts. */
public final class EstimateCommand implements Command {
    @Override
    public String name() {
        return "estimate";
    }

    @Override
    public String summary() {
        return "unbiased pass@k / max@k estimates per group for several k, or pass@k from n,c counts";
    }

    @Override
    public Set<String> flagOptions() {
        return Set.of("counts");
    }

    @Override
    public String usage() {
        return """
                usage: pkpo estimate --k 1,2,4,8 [options]

                For each group of rewards (one per line), the unbiased estimate rho of eq. 12 for every k:
                max@k for real rewards, pass@k for 0/1 rewards. With --counts, each line is "n,c" (samples,
                correct samples) and the output is pass@k of eq. 3. k > n is an error: no unbiased estimate
                exists (Corollary 2).

                  --k LIST           comma-separated k values (required)
                  --counts           read n,c lines (jsonl: {"n":N,"c":C}) instead of rewards
                  --format csv|jsonl csv: one line of values per input line, in --k order (default)
                                     jsonl: in {"rewards":[...]}, out {"k":[...],"estimate":[...]}
                  --dtype f64|f32    precision for rewards (default f64)
                  --non-finite reject|exclude   as for pkpo transform (default reject)
                  --in FILE / --out FILE        default stdin / stdout

                exit status: 0 ok, 2 usage error, 3 bad data (the message names the line)

                examples:
                  printf '1,0,0,1,0,0,0,0\\n' | pkpo estimate --k 1,2,4,8
                  printf '16,3\\n200,1\\n' | pkpo estimate --counts --k 1,10
                """;
    }

    @Override
    public void run(Args args, InputStream stdin, PrintStream stdout, PrintStream stderr) throws Exception {
        int[] ks = args.getIntList("k", null);
        if (ks == null) {
            throw CliException.usage("missing required option --k (e.g. --k 1,2,4,8)");
        }
        for (int k : ks) {
            if (k < 1) {
                throw CliException.usage("every k must be >= 1, got " + k);
            }
        }
        boolean counts = args.flag("counts");
        String format = args.choice("format", "csv", "csv", "jsonl");
        boolean f32 = args.choice("dtype", "f64", "f64", "f32").equals("f32");
        NonFinite nonFinite = args.choice("non-finite", "reject", "reject", "exclude").equals("reject")
                ? NonFinite.REJECT : NonFinite.EXCLUDE;
        String inPath = args.get("in", null);
        String outPath = args.get("out", null);
        args.finish();

        String[] lines = Io.lines(Io.readAll(inPath, stdin));
        double[][] table = counts ? fromCounts(lines, ks, format) : fromRewards(lines, ks, format, f32, nonFinite, stderr);
        StringBuilder sb = new StringBuilder();
        for (double[] row : table) {
            if (format.equals("jsonl")) {
                sb.append("{\"k\":[");
                for (int i = 0; i < ks.length; i++) {
                    sb.append(i == 0 ? "" : ",").append(ks[i]);
                }
                sb.append("],\"estimate\":[");
                Numbers.join(sb, row, f32 && !counts, ",");
                sb.append("]}\n");
            } else {
                Numbers.join(sb, row, f32 && !counts, ",");
                sb.append('\n');
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        Io.write(outPath, out, stdout);
    }

    private static double[][] fromRewards(String[] lines, int[] ks, String format, boolean f32, NonFinite nonFinite,
            PrintStream stderr) throws CliException {
        List<Rows.Row> rows = format.equals("csv") ? Rows.csv(lines) : Rows.jsonl(lines, "rewards", false);
        double[][] table = new double[rows.size()][ks.length];
        BatchRunner runner = new BatchRunner(Scale.PAPER, nonFinite, f32);
        for (int j = 0; j < ks.length; j++) {
            double[][] r = runner.run(rows, Estimator.RHO, ks[j]);
            for (int i = 0; i < rows.size(); i++) {
                table[i][j] = r[i][0];
            }
        }
        if (runner.excludedSamples > 0) {
            stderr.println("pkpo estimate: excluded " + runner.excludedSamples + " non-finite reward(s) over all k; "
                    + runner.zeroedGroups + " estimate(s) left without enough samples were set to zero");
        }
        return table;
    }

    private static double[][] fromCounts(String[] lines, int[] ks, String format) throws CliException {
        double[][] table = new double[lines.length][ks.length];
        for (int l = 0; l < lines.length; l++) {
            long[] nc = counts(lines[l], l + 1, format);
            for (int j = 0; j < ks.length; j++) {
                try {
                    table[l][j] = Pkpo.passAtK(nc[0], nc[1], ks[j]);
                } catch (IllegalArgumentException e) {
                    throw CliException.data("line " + (l + 1) + ": " + e.getMessage());
                }
            }
        }
        return table;
    }

    private static long[] counts(String line, int lineNo, String format) throws CliException {
        if (format.equals("jsonl")) {
            Object parsed;
            try {
                parsed = Json.parse(line);
            } catch (IllegalArgumentException e) {
                throw CliException.data("line " + lineNo + ": " + e.getMessage());
            }
            if (parsed instanceof Map<?, ?> m && m.get("n") instanceof Double n && m.get("c") instanceof Double c) {
                return new long[] {integer(n, lineNo, "n"), integer(c, lineNo, "c")};
            }
            throw CliException.data("line " + lineNo + ": expected {\"n\":N,\"c\":C}");
        }
        String[] cells = line.split(",", -1);
        if (cells.length != 2) {
            throw CliException.data("line " + lineNo + ": expected 'n,c' (two integers), got '" + line + "'");
        }
        return new long[] {integer(Rows.number(cells[0], lineNo, 0), lineNo, "n"),
                integer(Rows.number(cells[1], lineNo, 1), lineNo, "c")};
    }

    private static long integer(double v, int lineNo, String what) throws CliException {
        if (v != Math.rint(v) || Math.abs(v) > 1e15) {
            throw CliException.data("line " + lineNo + ": " + what + " must be a whole number, got " + v);
        }
        return (long) v;
    }
}
