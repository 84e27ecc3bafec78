package org.pkpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToyCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(argv, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void varianceJsonIsValidAndDeterministic() {
        String[] argv = {"toy", "variance", "--k", "4", "--n", "8,16", "--trials", "2000", "--seed", "3", "--json"};
        Run a = run(argv);
        assertEquals(0, a.exit(), a.err());
        assertEquals(a.out(), run(argv).out());
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) Json.parse(a.out().trim());
        assertEquals(4.0, m.get("k"));
        assertEquals(12, ((List<?>) m.get("results")).size());
        assertTrue((Double) m.get("exact_gradient") < 0, a.out());
    }

    @Test
    void varianceTableFlagsNothingAndNotesSkips() {
        Run r = run("toy", "variance", "--n", "4,6", "--trials", "3000");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Exact gradient d/dtheta max_g@4 at theta=1: -1.777170"), r.out());
        assertTrue(r.out().contains("All means are within 4 standard errors"), r.out());
        assertTrue(r.out().contains("skipped sloo at n=4"), r.out());
        assertTrue(r.out().contains("skipped naive_partitioned at n=6: needs n a multiple of k"), r.out());
    }

    @Test
    void trainAndEffectiveRun() {
        Run t = run("toy", "train", "--k-schedule", "4:0,1:40", "--steps", "80", "--every", "20", "--estimator", "sloo");
        assertEquals(0, t.exit(), t.err());
        assertTrue(t.out().contains("Final theta") && t.out().contains("for k=1"), t.out());
        Run e = run("toy", "effective", "--n", "8", "--k", "1,8", "--groups", "100");
        assertEquals(0, e.exit(), e.err());
        assertTrue(e.out().contains("skipped sloo cannot use k=8 with n=8"), e.out());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(CliException.USAGE, run("toy").exit());
        assertEquals(CliException.USAGE, run("toy", "bogus").exit());
        assertEquals(CliException.USAGE, run("toy", "variance", "--trials", "1").exit());
        assertEquals(CliException.USAGE, run("toy", "variance", "--estimators", "s,nope").exit());
        assertEquals(CliException.USAGE, run("toy", "train", "--k", "2", "--k-schedule", "8:0").exit());
        Run r = run("toy", "train", "--k", "16", "--n", "16", "--estimator", "sloo");
        assertEquals(CliException.USAGE, r.exit());
        assertTrue(r.err().contains("k=16, n=16"), r.err());
        assertEquals(0, run("toy", "--help").exit());
    }

    @Test
    void demoWritesTablesAndFourPlots() throws Exception {
        Path out = dir.resolve("demo");
        Run r = run("demo", "--out", out.toString(), "--trials", "400", "--seed", "5");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("PART 1. A worked example") && r.out().contains("PART 2."), r.out());
        assertTrue(r.err().contains("[5/5]"), r.err());
        for (String f : ToyDemo.FILES) {
            assertTrue(Files.size(out.resolve(f)) > 10_000, f);
        }
    }
}
