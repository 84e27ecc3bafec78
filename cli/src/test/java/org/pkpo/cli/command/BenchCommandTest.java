package org.pkpo.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pkpo.cli.CliRun;

/** {@code pkpo bench} runs briefly, reports the three paths, and turns bad options into usage errors. */
class BenchCommandTest {
    @Test
    void jsonReportsEveryPath() {
        CliRun.Result r = CliRun.run("", "bench", "--n", "17", "--groups", "100", "--k", "3", "--seconds", "0.01", "--json", "--threads", "2");
        assertEquals(0, r.code(), r.err());
        for (String want : new String[] {"\"simd\":{\"rewards_per_s\"", "\"scalar\":", "\"copy\":", "\"n\":17", "\"threads\":2"}) {
            assertTrue(r.out().contains(want), r.out());
        }
    }

    @Test
    void tableForFloat64() {
        CliRun.Result r = CliRun.run("", "bench", "--estimator", "rho", "--n", "8", "--groups", "9", "--dtype", "f64", "--seconds", "0.01");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("ns/group") && r.out().contains("simd") && r.out().contains("copy"), r.out());
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(2, CliRun.run("", "bench", "--k", "20", "--n", "4", "--seconds", "0.01").code());
        assertEquals(2, CliRun.run("", "bench", "--dtype", "f16").code());
        assertEquals(2, CliRun.run("", "bench", "--groups", "0").code());
        assertEquals(2, CliRun.run("", "bench", "--estimator", "nope").code());
    }
}
