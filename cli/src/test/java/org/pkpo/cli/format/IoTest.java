package org.pkpo.cli.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one atomic write: the file is replaced whole, no temp file is left, and it is as readable as any new file. */
class IoTest {
    @TempDir
    Path dir;

    @Test
    void writeAtomicallyReplacesTheFileAndLeavesNothingElse() throws Exception {
        Path file = dir.resolve("out.png");
        Files.writeString(file, "old");
        Io.writeAtomically(file, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList());
        }
        Path plain = dir.resolve("plain");
        Files.write(plain, new byte[0]);
        Path fresh = dir.resolve("fresh");
        Io.writeAtomically(fresh, new byte[0]);
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(fresh));
        }
    }
}
