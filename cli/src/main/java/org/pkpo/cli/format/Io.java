package org.pkpo.cli.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import org.pkpo.cli.CliException;

/**
 * Whole-input reads and all-or-nothing writes: output is built in memory and only written once the whole
 * job has succeeded, to stdout or atomically to a file (temp file, then rename).
 */
public final class Io {
    private Io() {
    }

    public static byte[] readAll(String path, InputStream stdin) throws CliException, IOException {
        if (path == null || path.equals("-")) {
            return stdin.readAllBytes();
        }
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (NoSuchFileException e) {
            throw CliException.usage("input file not found: " + path);
        }
    }

    public static String[] lines(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return new String[0];
        }
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].endsWith("\r")) {
                lines[i] = lines[i].substring(0, lines[i].length() - 1);
            }
        }
        return lines;
    }

    public static void write(String path, ByteArrayOutputStream bytes, PrintStream stdout) throws IOException {
        if (path == null || path.equals("-")) {
            bytes.writeTo(stdout);
            stdout.flush();
            return;
        }
        writeAtomically(Path.of(path), bytes.toByteArray());
    }

    /**
     * Replaces {@code file} with {@code bytes} in one step: a reader sees the old file or the new one, never
     * a half-written one, and a failed write leaves the old file as it was. The folder must exist. The new
     * file gets the permissions of any new file (umask), not the owner-only ones of a temp file.
     */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        writeAtomically(file, out -> out.write(bytes));
    }

    /** What {@link #writeAtomically(Path, Body)} writes: the whole new content, to a stream it then closes. */
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * A header and a large body in native memory (npy output), to stdout or atomically to a file, once the job has
     * succeeded: the body goes out in 1 MiB pieces instead of as one heap copy of it.
     */
    public static void write(String path, byte[] head, MemorySegment body, PrintStream stdout) throws IOException {
        Body all = out -> {
            out.write(head);
            byte[] piece = new byte[(int) Math.min(body.byteSize(), 1 << 20)];
            for (long at = 0; at < body.byteSize(); at += piece.length) {
                int len = (int) Math.min(piece.length, body.byteSize() - at);
                MemorySegment.copy(body, ValueLayout.JAVA_BYTE, at, piece, 0, len);
                out.write(piece, 0, len);
            }
        };
        if (path == null || path.equals("-")) {
            all.writeTo(stdout);
            stdout.flush();
            return;
        }
        writeAtomically(Path.of(path), all);
    }

    /** As {@link #writeAtomically(Path, byte[])}, for content written by {@code body}. */
    public static void writeAtomically(Path file, Body body) throws IOException {
        Path target = file.toAbsolutePath();
        String name = "." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong());
        Path tmp = target.resolveSibling(name + ".pkpo.tmp");
        // CREATE_NEW: a name someone else holds fails here, before the finally below could delete their file.
        OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            try (out) {
                body.writeTo(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
