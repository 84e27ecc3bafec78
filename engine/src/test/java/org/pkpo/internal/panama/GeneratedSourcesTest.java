package org.pkpo.internal.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Generated sources (Net16F32, Net16F64, Net64F32, RowsF32, RowsF64, GroupMathF32) must be exactly what their generators in engine/tools write today. */
class GeneratedSourcesTest {
    @Test
    void net16MatchesItsGenerator() throws IOException, InterruptedException {
        check("gen_net16.py");
    }

    @Test
    void net64MatchesItsGenerator() throws IOException, InterruptedException {
        check("gen_net64.py");
    }

    @Test
    void rowsMatchTheirGenerator() throws IOException, InterruptedException {
        check("gen_rows.py");
    }

    @Test
    void net16F64MatchesItsGenerator() throws IOException, InterruptedException {
        check("gen_net16f64.py");
    }

    @Test
    void float32TwinMatchesItsGenerator() throws IOException, InterruptedException {
        check("gen_float_twin.py");
    }

    private static void check(String script) throws IOException, InterruptedException {
        Path generator = Path.of("tools", script); // surefire runs in the engine folder
        assertEquals(true, Files.isRegularFile(generator), "missing " + generator.toAbsolutePath());
        Process p = new ProcessBuilder("python3", generator.toString(), "--check").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(60, TimeUnit.SECONDS), script + " --check did not finish");
        assertEquals(0, p.exitValue(), output);
    }
}
