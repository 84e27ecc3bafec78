package org.pkpo.cli.command;

import org.pkpo.cli.Args;
import org.pkpo.cli.ProgressBar;
import org.pkpo.cli.CliException;
import org.pkpo.cli.Command;
import org.pkpo.cli.format.EvalInput;
import org.pkpo.cli.format.Io;
import org.pkpo.cli.format.JsonWriter;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.pkpo.Evaluation;
import org.pkpo.EvaluationResult;
import org.pkpo.Metric;
import org.pkpo.PkpoException;
import org.pkpo.toy.Progress;

/**
 * {@code pkpo eval}: pass@k, pass^k or max@k over many problems for several k, with the standard error from
 * the unbiased per-problem variances and the one across problems.
 */
public final class EvalCommand implements Command {
    /** Inputs at least this large get a progress report on stderr. */
    private static final int PROGRESS_BYTES = 32 << 20;

    @Override
    public String name() {
        return "eval";
    }

    @Override
    public String summary() {
        return "pass@k, pass^k or max@k over many problems for every k, with unbiased standard errors";
    }

    @Override
    public Set<String> flagOptions() {
        return Set.of("json");
    }

    @Override
    public String usage() {
        return """
                usage: pkpo eval [options]

                Evaluates a model from n samples per problem: for each k, the mean over problems of the
                unbiased per-problem estimate (pass@k: eq. 3; pass^k: C(c,k)/C(n,k); max@k: eq. 12), with
                  se_within  sqrt(sum of the per-problem unbiased variance estimates) / problems: the
                             problems held fixed, only the samples random (needs n >= 2k per problem)
                  se_across  sample standard deviation of the per-problem estimates / sqrt(problems)
                and the 95% interval estimate +- 1.96 se_across. A problem with n < k has no unbiased
                estimate (Corollary 2): it is left out of that k and counted as refused. A problem with
                k <= n < 2k has no unbiased variance estimate: it counts in the estimate, not in se_within,
                and is counted as no_variance.

                  --format long|counts|jsonl
                                     long (default): csv rows 'problem,reward', in any order
                                     counts: csv rows 'problem,n,c' (samples, correct samples)
                                     jsonl: {"problem":..,"rewards":[..]} or {"problem":..,"n":N,"c":C}
                                     (an optional header line 'problem,reward' / 'problem,n,c' is skipped;
                                     rows of the same problem add up their samples)
                  --k LIST           comma-separated k values (default: 1, 2, 4, ... up to the largest n)
                  --metric pass|pass-hat|max
                                     pass: at least one of k correct; pass-hat: all k correct;
                                     max: expected best reward of k (default: pass for 0/1 rewards and
                                     counts, else max)
                  --threshold T      count a reward >= T as correct (pass and pass-hat)
                  --json             one JSON object instead of the table
                  --png FILE         draw the curve with its 95% intervals
                  --in FILE / --out FILE   default stdin / stdout; written only if the whole job succeeds

                exit status: 0 ok, 2 usage error, 3 bad data (the message names the line)

                examples:
                  printf 'a,1\\na,0\\nb,0\\nb,0\\na,1\\nb,1\\n' | pkpo eval --k 1,2
                  printf 'p1,16,3\\np2,16,0\\n' | pkpo eval --format counts --k 1,4,8
                """;
    }

    @Override
    public void run(Args args, InputStream stdin, PrintStream stdout, PrintStream stderr) throws Exception {
        int[] ks = args.getIntList("k", null);
        if (ks != null) {
            for (int k : ks) {
                if (k < 1) {
                    throw CliException.usage("every k must be >= 1, got " + k);
                }
            }
        }
        String metricName = args.choice("metric", null, "pass", "pass-hat", "max");
        Metric asked = metricName == null ? null : Metric.fromName(metricName);
        String thresholdText = args.get("threshold", null);
        double threshold = Double.NaN;
        if (thresholdText != null) {
            try {
                threshold = Double.parseDouble(thresholdText.trim());
            } catch (NumberFormatException e) {
                threshold = Double.NaN;
            }
            if (Double.isNaN(threshold)) {
                throw CliException.usage("--threshold needs a number, got '" + thresholdText + "'");
            }
            if (asked == Metric.MAX) {
                throw CliException.usage("--threshold makes rewards 0/1, and max@k of 0/1 rewards is pass@k: "
                        + "use --metric pass or pass-hat");
            }
        }
        EvalInput.Format format = switch (args.choice("format", "long", "long", "counts", "jsonl")) {
            case "counts" -> EvalInput.Format.COUNTS;
            case "jsonl" -> EvalInput.Format.JSONL;
            default -> EvalInput.Format.LONG;
        };
        boolean json = args.flag("json");
        String png = args.get("png", null);
        String inPath = args.get("in", null);
        String outPath = args.get("out", null);
        args.finish();

        byte[] data = Io.readAll(inPath, stdin);
        boolean big = data.length >= PROGRESS_BYTES;
        ProgressBar bar = big ? ProgressBar.forStderr(stderr, 2) : null;
        Progress progress = big ? bar.stage("read " + (data.length >> 20) + " MB") : Progress.NONE;
        EvalInput in = EvalInput.parse(data, format, progress);
        if (big) {
            bar.finish();
        }
        if (in.problems == 0) {
            throw CliException.data("no problems in the input");
        }
        Metric metric = chooseMetric(asked, threshold, in);
        if (big) {
            bar.stage("estimate " + in.problems + " problems");
        }
        Problems problems = group(in, metric, threshold);
        EvaluationResult result;
        try {
            Evaluation eval = ks == null ? Evaluation.powersOfTwo(metric, problems.maxN) : Evaluation.of(metric, ks);
            result = metric == Metric.MAX
                    ? eval.ragged(problems.values, problems.offsets)
                    : eval.counts(problems.n, problems.c);
        } catch (PkpoException e) {
            throw CliException.data(e.getMessage());
        }
        if (big) {
            bar.finish();
        }

        String text = json ? json(result, problems) + "\n" : table(result, problems);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        byte[] image = png == null ? null : EvalChart.png(result, problems.count, problems.minN, problems.maxN);
        if (image != null) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.writeBytes(image);
            Io.write(png, bytes, stdout);
        }
        Io.write(outPath, out, stdout);
    }

    /** The per-problem totals the engine takes: counts, or ragged rewards for max@k. */
    record Problems(int count, long[] n, long[] c, double[] values, int[] offsets, long minN, long maxN) {
    }

    private static Metric chooseMetric(Metric asked, double threshold, EvalInput in) throws CliException {
        boolean anyCounts = false;
        int countsLine = 0;
        for (int p = 0; p < in.problems; p++) {
            if (in.hasCounts[p]) {
                anyCounts = true;
                countsLine = in.firstLine[p];
                break;
            }
        }
        Metric metric = asked != null ? asked
                : !Double.isNaN(threshold) || anyCounts || in.firstNonBinaryLine == 0 ? Metric.PASS : Metric.MAX;
        if (metric != Metric.MAX && Double.isNaN(threshold) && in.firstNonBinaryLine != 0) {
            throw CliException.data("line " + in.firstNonBinaryLine + ": reward " + in.firstNonBinaryValue
                    + " is not 0 or 1; " + metric.cliName() + "@k needs 0/1 rewards: give --threshold T, or use "
                    + "--metric max" + (anyCounts ? "" : " (the default for such rewards)"));
        }
        if (metric == Metric.MAX && anyCounts) {
            throw CliException.data("line " + countsLine + ": max@k needs each problem's rewards, not counts: "
                    + "use --metric pass or pass-hat");
        }
        return metric;
    }

    private static Problems group(EvalInput in, Metric metric, double threshold) {
        int problems = in.problems;
        long[] n = new long[problems];
        long[] c = new long[problems];
        for (int p = 0; p < problems; p++) {
            n[p] = in.countN[p];
            c[p] = in.countC[p];
        }
        boolean byThreshold = !Double.isNaN(threshold);
        for (int r = 0; r < in.rewardRows; r++) {
            int p = in.rowProblem[r];
            double v = in.rowValue[r];
            n[p]++;
            c[p] += (byThreshold ? v >= threshold : v == 1.0) ? 1 : 0;
        }
        long minN = Long.MAX_VALUE;
        long maxN = 0;
        for (long x : n) {
            minN = Math.min(minN, x);
            maxN = Math.max(maxN, x);
        }
        if (metric != Metric.MAX) {
            return new Problems(problems, n, c, null, null, minN, maxN);
        }
        // Counting sort of the reward rows by problem: the ragged layout the engine takes.
        int[] offsets = new int[problems + 1];
        for (int p = 0; p < problems; p++) {
            offsets[p + 1] = offsets[p] + (int) n[p];
        }
        int[] fill = offsets.clone();
        double[] values = new double[in.rewardRows];
        for (int r = 0; r < in.rewardRows; r++) {
            values[fill[in.rowProblem[r]]++] = in.rowValue[r];
        }
        return new Problems(problems, n, c, values, offsets, minN, maxN);
    }

    private static String samples(Problems p) {
        return p.minN == p.maxN ? p.minN + " samples each" : p.minN + " to " + p.maxN + " samples";
    }

    static String label(Metric m) {
        return switch (m) {
            case PASS -> "pass@k";
            case PASS_HAT -> "pass^k";
            case MAX -> "max@k";
        };
    }

    private static String table(EvaluationResult r, Problems p) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s over %,d problems (%s)%n%n", label(r.metric()), p.count, samples(p)));
        sb.append(String.format(Locale.ROOT, "%8s  %10s  %10s  %10s  %-23s  %9s  %8s  %11s%n", "k", "estimate",
                "se_within", "se_across", "95% interval", "problems", "refused", "no_variance"));
        long refused = 0;
        long noVariance = 0;
        for (EvaluationResult.Row row : r.rows()) {
            String interval = Double.isNaN(row.acrossStandardError()) ? "-"
                    : String.format(Locale.ROOT, "[%.6f, %.6f]", row.lower95(), row.upper95());
            sb.append(String.format(Locale.ROOT, "%8d  %10s  %10s  %10s  %-23s  %9d  %8d  %11d%n", row.k(),
                    number(row.estimate(), "%.6f"), number(row.withinStandardError(), "%.4g"),
                    number(row.acrossStandardError(), "%.4g"), interval, row.problems(), row.refused(),
                    row.withoutVariance()));
            refused += row.refused();
            noVariance += row.withoutVariance();
        }
        sb.append(String.format("%nse_within: sqrt(sum of the unbiased per-problem variances) / problems (problems "
                + "fixed, samples random)%nse_across: sample sd of the per-problem estimates / sqrt(problems); the "
                + "95%% interval is estimate +- 1.96 se_across%n"));
        if (refused > 0) {
            sb.append("refused: problems with n < k, left out of that k (no unbiased estimate exists)\n");
        }
        if (noVariance > 0) {
            sb.append("no_variance: problems with k <= n < 2k, in the estimate but not in se_within "
                    + "(no unbiased variance estimate exists)\n");
        }
        return sb.toString();
    }

    private static String number(double v, String format) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v);
    }

    private static String json(EvaluationResult r, Problems p) {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("metric", r.metric().cliName());
        top.put("problems", p.count);
        top.put("samples_min", p.minN);
        top.put("samples_max", p.maxN);
        List<Object> rows = new ArrayList<>();
        for (EvaluationResult.Row row : r.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("k", row.k());
            m.put("estimate", row.estimate());
            m.put("se_within", row.withinStandardError());
            m.put("se_across", row.acrossStandardError());
            m.put("ci95_low", row.lower95());
            m.put("ci95_high", row.upper95());
            m.put("problems", row.problems());
            m.put("refused", row.refused());
            m.put("without_variance", row.withoutVariance());
            rows.add(m);
        }
        top.put("rows", rows);
        return JsonWriter.write(top);
    }
}
