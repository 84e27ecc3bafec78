package org.pkpo.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.pkpo.cli.CliRun;
import org.pkpo.cli.TestSeeds;
import org.pkpo.cli.toy.ToyDemo;

/** {@code pkpo demo --quick}: both parts run, tables go to stdout, the bar to stderr, four plots to --out. */
@ExtendWith(TestSeeds.class)
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void demoRuns() {
        CliRun.Result r = CliRun.run("", "demo", "--quick", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("pass@k = 0.785714"), r.out());
    }

    @Test
    void demoWritesTablesAndFourPlots() throws Exception {
        Path out = dir.resolve("demo");
        String seed = Long.toString(TestSeeds.SEED);
        CliRun.Result r = CliRun.run("", "demo", "--quick", "--out", out.toString(), "--trials", "400", "--seed", seed);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("PART 1. A worked example") && r.out().contains("PART 2."), r.out());
        assertTrue(r.err().contains("[5/5]"), r.err());
        for (String f : ToyDemo.FILES) {
            assertTrue(Files.size(out.resolve(f)) > 10_000, f);
        }
    }
}
