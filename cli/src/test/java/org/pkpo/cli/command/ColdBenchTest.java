package org.pkpo.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.pkpo.cli.CliRun;

/** {@code pkpo bench --cold} starts real child JVMs, times their first calls and prints sane figures. */
class ColdBenchTest {
    private static final Pattern CELL = Pattern.compile("(\\d+\\.\\d+) \\[(\\d+\\.\\d+)-(\\d+\\.\\d+)\\]");

    @Test
    void quickTableHasBothKernelChoicesAndEveryCall() {
        CliRun.Result r = CliRun.run("", "bench", "--cold", "--groups", "64", "--runs", "2", "--calls", "3");
        assertEquals(0, r.code(), r.err() + r.out());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].startsWith("pkpo bench --cold: sloo_minus_one k=4, 64 groups of n=16, f32"), r.out());
        assertTrue(r.out().contains("simd") && r.out().contains("scalar"), r.out());
        int rows = 0;
        for (String line : lines) {
            String label = line.trim().split("\\s+")[0];
            if (!label.matches("#\\d+|total|jvm")) {
                continue;
            }
            rows++;
            Matcher m = CELL.matcher(line);
            for (int column = 0; column < 2; column++) {
                assertTrue(m.find(), "two cells in: " + line);
                double median = Double.parseDouble(m.group(1));
                double min = Double.parseDouble(m.group(2));
                double max = Double.parseDouble(m.group(3));
                assertTrue(min > 0 && min <= median && median <= max && max < 600_000, line);
            }
        }
        assertEquals(5, rows, "jvm start, #1..#3 and total: " + r.out());
    }

    @Test
    void jsonListsEveryCallPerKernelChoice() {
        CliRun.Result r = CliRun.run("", "bench", "--cold", "--groups", "10", "--n", "5", "--k", "2", "--dtype", "f64",
                "--runs", "1", "--calls", "2", "--kernels", "scalar", "--json");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("\"n\":5") && r.out().contains("\"dtype\":\"f64\""), r.out());
        assertTrue(r.out().matches("(?s).*\"scalar\":\\{\"first_calls_ms\":\\[[0-9.]+,[0-9.]+\\].*"), r.out());
        assertTrue(!r.out().contains("\"simd\""), r.out());
        assertTrue(r.out().contains("\"jvm_options\":[\"--add-modules=jdk.incubator.vector\""), r.out());
    }

    @Test
    void launcherOptionsGiveTheChildrenThisJvmsOwn() {
        CliRun.Result r = CliRun.run("", "bench", "--cold", "--groups", "3", "--runs", "1", "--calls", "1", "--kernels",
                "scalar", "--launcher-options");
        assertEquals(0, r.code(), r.err() + r.out());
        String own = String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        assertTrue(r.out().contains("child JVM options: " + own.replaceAll(" ?-Dpkpo.kernels=\\S+", "")), r.out());
    }

    @Test
    void badColdOptionsAreUsageErrors() {
        assertEquals(2, CliRun.run("", "bench", "--cold", "--runs", "0").code());
        assertEquals(2, CliRun.run("", "bench", "--cold", "--kernels", "gpu").code());
        assertEquals(2, CliRun.run("", "bench", "--cold", "--seconds", "1").code(), "--seconds means nothing here");
        assertEquals(2, CliRun.run("", "bench", "--cold", "--k", "20", "--n", "4").code());
    }
}
