package org.pkpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code pkpo bench} runs briefly, reports the three paths, and turns bad options into usage errors. */
class BenchCommandTest {
    private static String[] run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(argv, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void jsonReportsEveryPath() {
        String[] r = run("bench", "--n", "17", "--groups", "100", "--k", "3", "--seconds", "0.01", "--json", "--threads", "2");
        assertEquals("0", r[0], r[2]);
        for (String want : new String[] {"\"simd\":{\"rewards_per_s\"", "\"scalar\":", "\"copy\":", "\"n\":17", "\"threads\":2"}) {
            assertTrue(r[1].contains(want), r[1]);
        }
    }

    @Test
    void tableForFloat64() {
        String[] r = run("bench", "--estimator", "rho", "--n", "8", "--groups", "9", "--dtype", "f64", "--seconds", "0.01");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("ns/group") && r[1].contains("simd") && r[1].contains("copy"), r[1]);
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals("2", run("bench", "--k", "20", "--n", "4", "--seconds", "0.01")[0]);
        assertEquals("2", run("bench", "--dtype", "f16")[0]);
        assertEquals("2", run("bench", "--groups", "0")[0]);
        assertEquals("2", run("bench", "--estimator", "nope")[0]);
    }
}
