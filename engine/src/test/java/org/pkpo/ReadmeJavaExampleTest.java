package org.pkpo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java example (its first ```java block) runs as pasted: saved as Example.java and started with this
 * JVM's {@code java} launcher in source-file mode against the engine's classes, it must print, line by line, the
 * value in the trailing comment of each {@code IO.println} line.
 */
class ReadmeJavaExampleTest {
    @Test
    void readmeJavaExampleRunsAsPastedAndPrintsWhatItsCommentsSay(@TempDir Path dir) throws IOException, InterruptedException {
        Path readme = Path.of("..", "README.md"); // surefire runs in the engine folder
        List<String> block = javaBlock(Files.readAllLines(readme));
        assertTrue(block.size() > 5, "README.md has no ```java block");
        List<String> expected = new ArrayList<>();
        for (String line : block) {
            int comment = line.indexOf("//");
            if (line.contains("IO.println(") && comment > 0) {
                String c = line.substring(comment + 2).trim();
                expected.add(c.substring(c.lastIndexOf(": ") + 1).trim()); // "eq. 3 ...: 0.83" -> "0.83"
            }
        }
        assertTrue(expected.size() >= 3, "expected printed values in the example's comments, got " + expected);
        Path source = dir.resolve("Example.java");
        Files.write(source, block);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp",
                Path.of("target", "classes").toAbsolutePath().toString(), source.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the example did not finish");
        assertEquals(0, p.exitValue(), "exit status; output:\n" + out);
        assertEquals(expected, out.lines().toList());
    }

    private static List<String> javaBlock(List<String> lines) {
        List<String> block = new ArrayList<>();
        boolean inside = false;
        for (String line : lines) {
            if (!inside && line.equals("```java")) {
                inside = true;
            } else if (inside && line.startsWith("```")) {
                break;
            } else if (inside) {
                block.add(line);
            }
        }
        return block;
    }
}
