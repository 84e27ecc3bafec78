package org.pkpo.cli.command;

import org.pkpo.cli.CliRun;
import org.pkpo.cli.Main;
import org.pkpo.cli.format.Json;
import org.pkpo.cli.TestSeeds;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pkpo.Evaluation;
import org.pkpo.EvaluationResult;
import org.pkpo.Metric;

/** {@code pkpo eval}: every input form agrees with the Java API; exit codes, messages and outputs. */
class EvalCommandTest {
    private record Run(int code, String out, String err) {
    }

    private static Run run(String stdin, String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(argv, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Run r) {
        assertEquals(0, r.code(), r.err());
        return (List<Map<String, Object>>) ((Map<String, Object>) Json.parse(r.out().trim())).get("rows");
    }

    private static void assertRows(EvaluationResult want, List<Map<String, Object>> got) {
        assertRows(want, got, "");
    }

    /** {@code where} prefixes every failure (the seed, for randomized inputs). */
    private static void assertRows(EvaluationResult want, List<Map<String, Object>> got, String where) {
        assertEquals(want.rows().size(), got.size(), where);
        for (int j = 0; j < got.size(); j++) {
            EvaluationResult.Row w = want.rows().get(j);
            Map<String, Object> g = got.get(j);
            String at = where + " k=" + w.k();
            assertEquals((double) w.k(), g.get("k"), at);
            assertEquals((double) w.problems(), g.get("problems"), at);
            assertEquals((double) w.refused(), g.get("refused"), at);
            assertEquals((double) w.withoutVariance(), g.get("without_variance"), at);
            assertNumber(w.estimate(), g.get("estimate"), at);
            assertNumber(w.withinStandardError(), g.get("se_within"), at);
            assertNumber(w.acrossStandardError(), g.get("se_across"), at);
        }
    }

    private static void assertNumber(double want, Object got, String at) {
        if (Double.isNaN(want)) {
            assertEquals(null, got, at);
        } else {
            assertEquals(want, (Double) got, 1e-12 * Math.max(1, Math.abs(want)), at);
        }
    }

    @Test
    void longCountsAndJsonlInputsAgreeWithTheJavaApi() {
        long seed = Long.getLong("pkpo.seed", 14);
        SplittableRandom rnd = new SplittableRandom(seed);
        int problems = 40;
        long[] n = new long[problems];
        long[] c = new long[problems];
        StringBuilder longCsv = new StringBuilder("problem,reward\n");
        StringBuilder counts = new StringBuilder();
        StringBuilder jsonl = new StringBuilder();
        java.util.List<String> rowsInAnyOrder = new java.util.ArrayList<>();
        for (int p = 0; p < problems; p++) {
            n[p] = 1 + rnd.nextInt(20);
            double rate = rnd.nextDouble();
            StringBuilder rewards = new StringBuilder();
            for (int i = 0; i < n[p]; i++) {
                int r = rnd.nextDouble() < rate ? 1 : 0;
                c[p] += r;
                rowsInAnyOrder.add("task/" + p + "," + r);
                rewards.append(i == 0 ? "" : ",").append(r);
            }
            counts.append("task/").append(p).append(',').append(n[p]).append(',').append(c[p]).append('\n');
            jsonl.append("{\"problem\":\"task/").append(p).append("\",\"rewards\":[").append(rewards).append("]}\n");
        }
        java.util.Collections.shuffle(rowsInAnyOrder, new java.util.Random(seed));
        rowsInAnyOrder.forEach(row -> longCsv.append(row).append('\n'));

        EvaluationResult want = Evaluation.of(Metric.PASS, 1, 2, 3, 8, 16).counts(n, c);
        String msg = "[rerun with -Dpkpo.seed=" + seed + "]";
        assertRows(want, rows(run(longCsv.toString(), "eval", "--k", "1,2,3,8,16", "--json")), msg);
        assertRows(want, rows(run(counts.toString(), "eval", "--format", "counts", "--k", "16,8,3,2,1", "--json")), msg);
        assertRows(want, rows(run(jsonl.toString(), "eval", "--format", "jsonl", "--k", "1,2,3,8,16", "--json")), msg);
        // Default k: powers of two up to the largest n (at most 20 here: 1..16).
        assertRows(Evaluation.of(Metric.PASS, 1, 2, 4, 8, 16).counts(n, c),
                rows(run(counts.toString(), "eval", "--format", "counts", "--json")), msg);
        assertRows(Evaluation.of(Metric.PASS_HAT, 1, 4).counts(n, c),
                rows(run(longCsv.toString(), "eval", "--metric", "pass-hat", "--k", "1,4", "--json")), msg);
        assertTrue(run(counts.toString(), "eval", "--format", "counts").out().contains("pass@k over 40 problems"), msg);
    }

    @Test
    void realRewardsDefaultToMaxAndAThresholdMakesThemPass() {
        String in = "a,0.5\nb,0.1\na,0.25\nb,0.9\na,1\nb,0.3\nb,0.2\n";
        double[] rewards = {0.5, 0.25, 1, 0.1, 0.9, 0.3, 0.2};
        int[] offsets = {0, 3, 7};
        assertRows(Evaluation.of(Metric.MAX, 1, 2, 4).ragged(rewards, offsets), rows(run(in, "eval", "--json")));
        assertRows(Evaluation.of(Metric.PASS, 1, 2).threshold(0.3).ragged(rewards, offsets),
                rows(run(in, "eval", "--threshold", "0.3", "--k", "1,2", "--json")));
        Run table = run(in, "eval");
        assertTrue(table.out().startsWith("max@k over 2 problems (3 to 4 samples)"), table.out());
        assertTrue(table.out().contains("refused: problems with n < k"), table.out());
    }

    @Test
    void badDataExitsThreeNamingTheLineAndWritesNothing(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.txt");
        Run r = run("a,1\na,0\nb,x\n", "eval", "--out", out.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("line 3, position 1: cannot read 'x'"), r.err());
        assertFalse(Files.exists(out));
        r = run("a,1\na,0.5\n", "eval", "--metric", "pass");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("line 2: reward 0.5 is not 0 or 1"), r.err());
        r = run("a,1\n\nb,0\n", "eval");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("line 2: empty line"), r.err());
        r = run("a,1,2\n", "eval");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("line 1: expected 2 comma-separated fields"), r.err());
        r = run("a,3,1\nb,3,4\n", "eval", "--format", "counts");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("line 2: counts need 0 <= c <= n, got n=3, c=4"), r.err());
        r = run("a,nan\n", "eval");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("line 1: reward NaN is not finite"), r.err());
        r = run("{\"n\":3,\"c\":1}\n{\"rewards\":[0.5]}\n", "eval", "--format", "jsonl", "--metric", "max");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("line 1: max@k needs each problem's rewards"), r.err());
        assertEquals(3, run("", "eval").code());
    }

    @Test
    void bigInputsReportProgressOnStderrOnly() {
        // Just over the 32 MB threshold: 3 problems x ~2.2M rows of "pN,0" / "pN,1".
        StringBuilder sb = new StringBuilder(34 << 20);
        long[] n = new long[3];
        long[] c = new long[3];
        for (int i = 0; sb.length() < (33 << 20); i++) {
            int p = i % 3;
            int r = (i / 3) % (p + 2) == 0 ? 1 : 0;
            n[p]++;
            c[p] += r;
            sb.append('p').append(p).append(',').append(r).append('\n');
        }
        Run r = run(sb.toString(), "eval", "--k", "1,64", "--json");
        assertRows(Evaluation.of(Metric.PASS, 1, 64).counts(n, c), rows(r));
        assertTrue(r.err().contains("[1/2] read 33 MB: done in") && r.err().contains("[2/2] estimate 3 problems: done"),
                r.err());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("a,1\n", "eval", "--k", "0").code());
        assertEquals(2, run("a,1\n", "eval", "--metric", "best").code());
        assertEquals(2, run("a,1\n", "eval", "--metric", "max", "--threshold", "0.5").code());
        assertEquals(2, run("a,1\n", "eval", "--threshold", "high").code());
        assertEquals(2, run("a,1\n", "eval", "--bogus", "1").code());
        assertEquals(0, run("", "eval", "--help").code());
    }

    @Test
    void writesTheTableAndThePngAtomically(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("table.txt");
        Path png = dir.resolve("curve.png");
        Run r = run("p1,16,3\np2,16,0\np3,16,16\np4,4,1\n", "eval", "--format", "counts", "--out", out.toString(),
                "--png", png.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        String table = Files.readString(out);
        assertTrue(table.contains("pass@k over 4 problems (4 to 16 samples)"), table);
        // k = 16: p4 (n = 4) is refused; every used problem has n < 32, so none has a variance estimate.
        assertTrue(table.matches("(?s).*\\n\\s+16\\s+0\\.666667\\s+-\\s+.*\\s+3\\s+1\\s+3\\n.*"), table);
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head);
    }
}
