package org.pkpo.internal.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Net16F32.java is generated: the file must be exactly what engine/tools/gen_net16.py writes today. */
class Net16F32GeneratedTest {
    @Test
    void fileMatchesItsGenerator() throws IOException, InterruptedException {
        Path generator = Path.of("tools", "gen_net16.py"); // surefire runs in the engine folder
        assertEquals(true, Files.isRegularFile(generator), "missing " + generator.toAbsolutePath());
        Process p = new ProcessBuilder("python3", generator.toString(), "--check").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(60, TimeUnit.SECONDS), "gen_net16.py --check did not finish");
        assertEquals(0, p.exitValue(), output);
    }
}
