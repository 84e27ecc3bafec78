package org.pkpo.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pkpo.Estimator;
import org.pkpo.Pkpo;
import org.pkpo.Transform;

class MainTest {
    record Result(int code, String out, String err, byte[] outBytes) {
    }

    static Result run(String stdin, String... argv) {
        return run(stdin.getBytes(StandardCharsets.UTF_8), argv);
    }

    static Result run(byte[] stdin, String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(argv, new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), out.toByteArray());
    }

    static double[] parse(String line) {
        String[] cells = line.split(",");
        double[] v = new double[cells.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Double.parseDouble(cells[i]);
        }
        return v;
    }

    @Test
    void csvTransformRoundTripsExactlyAndKeepsOrder() {
        String in = "0.1,0.7,0.35,0.9\n1,0,0,1,0,0\n0.25,0.5\n";
        Result r = run(in, "transform", "--estimator", "sloo_minus_one", "--k", "2");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(3, lines.length);
        String[] inLines = in.split("\n");
        for (int l = 0; l < 3; l++) {
            double[] g = parse(inLines[l]);
            assertArrayEquals(Pkpo.transform(Estimator.SLOO_MINUS_ONE, 2, g), parse(lines[l]), 0.0, "line " + (l + 1));
        }
    }

    @Test
    void float32OutputRoundTripsAsFloat() {
        Result r = run("0.1,0.7,0.35\n", "transform", "--estimator", "s", "--k", "2", "--dtype", "f32", "--scale", "per-sample");
        assertEquals(0, r.code(), r.err());
        float[] want = Transform.of(Estimator.S, 2).scale(org.pkpo.Scale.PER_SAMPLE).apply(new float[] {0.1f, 0.7f, 0.35f}, 3);
        String[] cells = r.out().trim().split(",");
        for (int i = 0; i < 3; i++) {
            assertEquals(want[i], Float.parseFloat(cells[i]), 0.0f);
        }
    }

    @Test
    void jsonlWithPerLineOverrides() {
        String in = "{\"rewards\":[1,0,0,1]}\n{\"rewards\":[0.5,0.25,0.75],\"k\":1,\"estimator\":\"loo\"}\n";
        Result r = run(in, "transform", "--format", "jsonl", "--estimator", "sloo", "--k", "2");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].startsWith("{\"transformed\":["), lines[0]);
        double[] first = parse(lines[0].substring(16, lines[0].length() - 2));
        assertArrayEquals(Pkpo.transform(Estimator.SLOO, 2, 1, 0, 0, 1), first, 0.0);
        double[] second = parse(lines[1].substring(16, lines[1].length() - 2));
        assertArrayEquals(Pkpo.transform(Estimator.LOO, 1, 0.5, 0.25, 0.75), second, 0.0);
    }

    @Test
    void npyKeepsShapeAndDtype() {
        float[] data = {0.1f, 0.7f, 0.35f, 0.9f, 1, 0, 0, 1};
        byte[] npy = npy(data, 2, 4);
        Result r = run(npy, "transform", "--format", "npy", "--estimator", "sloo_minus_one", "--k", "3");
        assertEquals(0, r.code(), r.err());
        Npy.Array a = assertNpy(r.outBytes(), true, 2, 4);
        float[] want = Transform.of(Estimator.SLOO_MINUS_ONE, 3).apply(data, 4);
        ByteBuffer bb = ByteBuffer.wrap(a.file(), a.dataOffset(), 32).order(ByteOrder.LITTLE_ENDIAN);
        for (float w : want) {
            assertEquals(w, bb.getFloat(), 0.0f);
        }
    }

    @Test
    void estimateRhoPerKAndCounts() {
        Result r = run("1,0,0,1,0,0,0,0\n", "estimate", "--k", "1,2,8");
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(new double[] {Pkpo.passAtK(8, 2, 1), Pkpo.passAtK(8, 2, 2), 1.0}, parse(r.out().trim()), 1e-15);
        Result c = run("16,3\n200,1\n", "estimate", "--counts", "--k", "1,10");
        assertEquals(0, c.code(), c.err());
        String[] lines = c.out().split("\n");
        assertArrayEquals(new double[] {Pkpo.passAtK(16, 3, 1), Pkpo.passAtK(16, 3, 10)}, parse(lines[0]), 0.0);
        assertArrayEquals(new double[] {Pkpo.passAtK(200, 1, 1), Pkpo.passAtK(200, 1, 10)}, parse(lines[1]), 0.0);
        Result j = run("{\"rewards\":[0.2,0.9]}\n", "estimate", "--k", "1,2", "--format", "jsonl");
        assertEquals("{\"k\":[1,2],\"estimate\":[0.55,0.9]}\n", j.out());
    }

    @Test
    void badDataExitsThreeNamingLineAndPositionAndWritesNothing(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.csv");
        Files.writeString(out, "previous contents\n");
        Result r = run("1,2,3\n4,nan,6\n", "transform", "--estimator", "s", "--k", "2", "--out", out.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("line 2, position 1") && r.err().contains("NaN"), r.err());
        assertEquals("", r.out());
        assertEquals("previous contents\n", Files.readString(out));

        Result k = run("1,2,3\n4,5\n", "transform", "--estimator", "sloo", "--k", "2");
        assertEquals(3, k.code());
        assertTrue(k.err().contains("line 2") && k.err().contains("k=2, n=2") && k.err().contains("sloo_minus_one"), k.err());
        assertEquals("", k.out());

        Result word = run("1,abc\n", "transform", "--estimator", "s", "--k", "1");
        assertEquals(3, word.code());
        assertTrue(word.err().contains("line 1, position 1") && word.err().contains("'abc'"), word.err());

        Result est = run("1,0\n", "estimate", "--k", "3");
        assertEquals(3, est.code());
        assertTrue(est.err().contains("line 1") && est.err().contains("Corollary 2"), est.err());

        Result counts = run("3,1\n", "estimate", "--counts", "--k", "4");
        assertEquals(3, counts.code());
        assertTrue(counts.err().contains("n >= k"), counts.err());

        Result json = run("{\"rewards\":[1,2]\n", "transform", "--format", "jsonl", "--estimator", "s", "--k", "1");
        assertEquals(3, json.code());
        assertTrue(json.err().contains("line 1") && json.err().contains("invalid JSON"), json.err());
    }

    @Test
    void excludeTransformsTheRestAndSaysSo() {
        Result r = run("1,nan,0,1\n", "transform", "--estimator", "s", "--k", "2", "--non-finite", "exclude");
        assertEquals(0, r.code(), r.err());
        double[] got = parse(r.out().trim());
        double[] alone = Pkpo.transform(Estimator.S, 2, 1, 0, 1);
        assertArrayEquals(new double[] {alone[0], 0, alone[1], alone[2]}, got, 0.0);
        assertTrue(r.err().contains("excluded 1"), r.err());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("", "transform", "--k", "2").code());
        assertEquals(2, run("", "transform", "--estimator", "s", "--k", "two").code());
        assertEquals(2, run("", "transform", "--estimator", "s", "--k", "2", "--frobnicate", "1").code());
        assertEquals(2, run("", "transform", "--estimator", "rho", "--k", "2").code());
        assertEquals(2, run("", "transform", "--estimator", "s", "--k", "2", "--format", "xml").code());
        assertEquals(2, run("", "nosuchcommand").code());
        assertEquals(2, run("").code());
        Result help = run("", "transform", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--non-finite"));
        for (String c : Main.commands().keySet()) {
            assertEquals(0, run("", c, "--help").code(), c);
        }
        Result top = run("", "--help");
        assertEquals(0, top.code());
        assertFalse(top.out().isEmpty());
    }

    @Test
    void demoRuns() {
        Result r = run("", "demo");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("pass@k = 0.785714"), r.out());
    }

    static Npy.Array assertNpy(byte[] bytes, boolean f32, long rows, long cols) {
        try {
            Npy.Array a = Npy.read(bytes);
            assertEquals(f32, a.f32());
            assertEquals(rows, a.rows());
            assertEquals(cols, a.cols());
            assertEquals(0, a.dataOffset() % 64, "header padded to 64 bytes");
            return a;
        } catch (CliException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] npy(float[] data, int rows, int cols) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.writeHeader(out, true, rows, cols);
        ByteBuffer bb = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : data) {
            bb.putFloat(f);
        }
        out.writeBytes(bb.array());
        return out.toByteArray();
    }
}
