package org.pkpo.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@code pkpo} in process, as the tests of every command do: stdin in, exit code and both outputs back. */
public final class CliRun {
    private CliRun() {
    }

    /** What one run returned; {@code outBytes} is stdout unchanged, for binary formats. */
    public record Result(int code, String out, String err, byte[] outBytes) {
    }

    public static Result run(String stdin, String... argv) {
        return run(stdin.getBytes(StandardCharsets.UTF_8), argv);
    }

    public static Result run(byte[] stdin, String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(argv, new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), out.toByteArray());
    }

    /** One line of comma-separated numbers, as {@code transform} and {@code estimate} print them. */
    public static double[] numbers(String line) {
        String[] cells = line.split(",");
        double[] v = new double[cells.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Double.parseDouble(cells[i]);
        }
        return v;
    }
}
