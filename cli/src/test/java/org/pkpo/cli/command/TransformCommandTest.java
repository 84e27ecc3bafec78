package org.pkpo.cli.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pkpo.Estimator;
import org.pkpo.Pkpo;
import org.pkpo.Transform;
import org.pkpo.cli.CliException;
import org.pkpo.cli.CliRun;
import org.pkpo.cli.format.Npy;

/** {@code pkpo transform}: every format round-trips the engine's answer; bad data and bad options exit 3 and 2, writing nothing. */
class TransformCommandTest {
    @Test
    void csvTransformRoundTripsExactlyAndKeepsOrder() {
        String in = "0.1,0.7,0.35,0.9\n1,0,0,1,0,0\n0.25,0.5\n";
        CliRun.Result r = CliRun.run(in, "transform", "--estimator", "sloo_minus_one", "--k", "2");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(3, lines.length);
        String[] inLines = in.split("\n");
        for (int l = 0; l < 3; l++) {
            double[] g = CliRun.numbers(inLines[l]);
            assertArrayEquals(Pkpo.transform(Estimator.SLOO_MINUS_ONE, 2, g), CliRun.numbers(lines[l]), 0.0, "line " + (l + 1));
        }
    }

    @Test
    void constantGroupsGiveExactlyZeroThroughTheCommandLine() {
        String in = "100.1,100.1,100.1,100.1,100.1,100.1,100.1,100.1\n0.7,0.7,0.7\n1e30,1e30\n";
        for (String dtype : new String[] {"f32", "f64"}) {
            for (String[] est : new String[][] {{"sloo_minus_one", "2"}, {"loo", "1"}}) {
                CliRun.Result r = CliRun.run(in, "transform", "--estimator", est[0], "--k", est[1], "--dtype", dtype);
                assertEquals(0, r.code(), r.err());
                for (String line : r.out().split("\n")) {
                    for (double v : CliRun.numbers(line)) {
                        assertEquals(0.0, v, 0.0, dtype + " " + est[0] + ": " + line);
                    }
                }
            }
        }
    }

    @Test
    void float32OutputRoundTripsAsFloat() {
        CliRun.Result r = CliRun.run("0.1,0.7,0.35\n", "transform", "--estimator", "s", "--k", "2", "--dtype", "f32", "--scale", "per-sample");
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
        CliRun.Result r = CliRun.run(in, "transform", "--format", "jsonl", "--estimator", "sloo", "--k", "2");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].startsWith("{\"transformed\":["), lines[0]);
        double[] first = CliRun.numbers(lines[0].substring(16, lines[0].length() - 2));
        assertArrayEquals(Pkpo.transform(Estimator.SLOO, 2, 1, 0, 0, 1), first, 0.0);
        double[] second = CliRun.numbers(lines[1].substring(16, lines[1].length() - 2));
        assertArrayEquals(Pkpo.transform(Estimator.LOO, 1, 0.5, 0.25, 0.75), second, 0.0);
    }

    @Test
    void npyKeepsShapeAndDtype() {
        float[] data = {0.1f, 0.7f, 0.35f, 0.9f, 1, 0, 0, 1};
        byte[] npy = npy(data, 2, 4);
        CliRun.Result r = CliRun.run(npy, "transform", "--format", "npy", "--estimator", "sloo_minus_one", "--k", "3");
        assertEquals(0, r.code(), r.err());
        Npy.Array a = assertNpy(r.outBytes(), true, 2, 4);
        float[] want = Transform.of(Estimator.SLOO_MINUS_ONE, 3).apply(data, 4);
        ByteBuffer bb = ByteBuffer.wrap(a.file(), a.dataOffset(), 32).order(ByteOrder.LITTLE_ENDIAN);
        for (float w : want) {
            assertEquals(w, bb.getFloat(), 0.0f);
        }
    }

    /**
     * The npy job reads into native memory and writes out in 1 MiB pieces: through files and through stdin/stdout the
     * output is the same, equal to Transform on the array, for data larger than a piece (and not a multiple of it).
     */
    @Test
    void npyThroughFilesAndStreamsGivesTheSameBytes(@TempDir Path dir) throws Exception {
        int rows = 20_000;
        int cols = 16; // 1,280,000 bytes: one whole piece and a partial one
        float[] data = new float[rows * cols];
        java.util.Random rnd = new java.util.Random(org.pkpo.cli.TestSeeds.SEED);
        for (int i = 0; i < data.length; i++) {
            data[i] = 3 + rnd.nextInt(5) * 0.25f; // offset rewards with ties
        }
        byte[] npy = npy(data, rows, cols);
        Path in = dir.resolve("in.npy");
        Path out = dir.resolve("out.npy");
        Files.write(in, npy);
        CliRun.Result viaFiles = CliRun.run(new byte[0], "transform", "--format", "npy", "--estimator", "sloo_minus_one",
                "--k", "4", "--in", in.toString(), "--out", out.toString());
        assertEquals(0, viaFiles.code(), viaFiles.err());
        CliRun.Result viaStreams = CliRun.run(npy, "transform", "--format", "npy", "--estimator", "sloo_minus_one", "--k", "4");
        assertEquals(0, viaStreams.code(), viaStreams.err());
        byte[] fromFile = Files.readAllBytes(out);
        assertArrayEquals(viaStreams.outBytes(), fromFile);
        Npy.Array a = assertNpy(fromFile, true, rows, cols);
        float[] want = Transform.of(Estimator.SLOO_MINUS_ONE, 4).apply(data, cols);
        ByteBuffer bb = ByteBuffer.wrap(a.file(), a.dataOffset(), want.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < want.length; i++) {
            assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(bb.getFloat()), "value " + i);
        }
        assertEquals(a.dataOffset() + want.length * 4L, fromFile.length, "nothing after the data");
    }

    @Test
    void truncatedNpyExitsThreeAndWritesNothing(@TempDir Path dir) throws Exception {
        byte[] npy = npy(new float[] {1, 0, 0, 1, 1, 1, 0, 0}, 2, 4);
        byte[] cut = java.util.Arrays.copyOf(npy, npy.length - 5);
        Path out = dir.resolve("out.npy");
        Files.writeString(out, "previous");
        CliRun.Result r = CliRun.run(cut, "transform", "--format", "npy", "--estimator", "s", "--k", "2", "--out", out.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("truncated") && r.err().contains("needs 32 bytes, file has 27"), r.err());
        assertEquals("previous", Files.readString(out));

        CliRun.Result header = CliRun.run(java.util.Arrays.copyOf(npy, 40), "transform", "--format", "npy", "--estimator", "s", "--k", "2");
        assertEquals(3, header.code());
        assertTrue(header.err().contains("header truncated"), header.err());
        assertEquals(0, header.outBytes().length);

        // A header claiming far more data than follows: an error naming the sizes, from a stream or a file, and
        // nothing near the claimed size allocated (the stream is read before any allocation of its size).
        byte[] huge = withShape(npy, "(1000000000000, 16)");
        CliRun.Result claimed = CliRun.run(huge, "transform", "--format", "npy", "--estimator", "s", "--k", "2");
        assertEquals(3, claimed.code());
        assertTrue(claimed.err().contains("needs 64000000000000 bytes, file has 32"), claimed.err());
        Path hugeFile = dir.resolve("huge.npy");
        Files.write(hugeFile, huge);
        CliRun.Result claimedFile = CliRun.run(new byte[0], "transform", "--format", "npy", "--estimator", "s", "--k", "2",
                "--in", hugeFile.toString());
        assertEquals(3, claimedFile.code());
        assertTrue(claimedFile.err().contains("needs 64000000000000 bytes, file has 32"), claimedFile.err());
        for (String shape : new String[] {"(4611686018427387904, 16)", "(-2, 4)", "(2, x)"}) {
            CliRun.Result bad = CliRun.run(withShape(npy, shape), "transform", "--format", "npy", "--estimator", "s", "--k", "2");
            assertEquals(3, bad.code(), shape);
            assertTrue(bad.err().contains("is not a size"), shape + ": " + bad.err());
        }

        CliRun.Result missing = CliRun.run(new byte[0], "transform", "--format", "npy", "--estimator", "s", "--k", "2",
                "--in", dir.resolve("absent.npy").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("input file not found"), missing.err());
    }

    /** The same .npy bytes with another shape in the header, padded to the header's length. */
    static byte[] withShape(byte[] npy, String shape) {
        int len = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
        String header = new String(npy, 10, len, java.nio.charset.StandardCharsets.ISO_8859_1);
        String changed = header.replaceFirst("\\([0-9]+, [0-9]+\\)", java.util.regex.Matcher.quoteReplacement(shape)).stripTrailing();
        changed = changed + " ".repeat(len - 1 - changed.length()) + "\n";
        byte[] out = npy.clone();
        System.arraycopy(changed.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, out, 10, len);
        return out;
    }

    /** Version 2 headers (a 4-byte length, numpy writes them for long headers) read like version 1. */
    @Test
    void npyVersionTwoHeaderIsRead() throws Exception {
        byte[] v1 = npy(new float[] {1, 0, 0.5f, 0.25f}, 1, 4);
        int len = (v1[8] & 0xff) | (v1[9] & 0xff) << 8;
        ByteArrayOutputStream v2 = new ByteArrayOutputStream();
        v2.write(v1, 0, 6);
        v2.write(new byte[] {2, 0, (byte) len, (byte) (len >>> 8), 0, 0});
        v2.write(v1, 10, v1.length - 10);
        CliRun.Result r1 = CliRun.run(v1, "transform", "--format", "npy", "--estimator", "s", "--k", "2");
        CliRun.Result r2 = CliRun.run(v2.toByteArray(), "transform", "--format", "npy", "--estimator", "s", "--k", "2");
        assertEquals(0, r2.code(), r2.err());
        assertArrayEquals(r1.outBytes(), r2.outBytes());
    }

    @Test
    void badDataExitsThreeNamingLineAndPositionAndWritesNothing(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.csv");
        Files.writeString(out, "previous contents\n");
        CliRun.Result r = CliRun.run("1,2,3\n4,nan,6\n", "transform", "--estimator", "s", "--k", "2", "--out", out.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("line 2, position 1") && r.err().contains("NaN"), r.err());
        assertEquals("", r.out());
        assertEquals("previous contents\n", Files.readString(out));

        CliRun.Result k = CliRun.run("1,2,3\n4,5\n", "transform", "--estimator", "sloo", "--k", "2");
        assertEquals(3, k.code());
        assertTrue(k.err().contains("line 2") && k.err().contains("k=2, n=2") && k.err().contains("sloo_minus_one"), k.err());
        assertEquals("", k.out());

        CliRun.Result word = CliRun.run("1,abc\n", "transform", "--estimator", "s", "--k", "1");
        assertEquals(3, word.code());
        assertTrue(word.err().contains("line 1, position 1") && word.err().contains("'abc'"), word.err());

        CliRun.Result est = CliRun.run("1,0\n", "estimate", "--k", "3");
        assertEquals(3, est.code());
        assertTrue(est.err().contains("line 1") && est.err().contains("Corollary 2"), est.err());

        CliRun.Result counts = CliRun.run("3,1\n", "estimate", "--counts", "--k", "4");
        assertEquals(3, counts.code());
        assertTrue(counts.err().contains("n >= k"), counts.err());

        CliRun.Result json = CliRun.run("{\"rewards\":[1,2]\n", "transform", "--format", "jsonl", "--estimator", "s", "--k", "1");
        assertEquals(3, json.code());
        assertTrue(json.err().contains("line 1") && json.err().contains("invalid JSON"), json.err());
    }

    @Test
    void excludeTransformsTheRestAndSaysSo() {
        CliRun.Result r = CliRun.run("1,nan,0,1\n", "transform", "--estimator", "s", "--k", "2", "--non-finite", "exclude");
        assertEquals(0, r.code(), r.err());
        double[] got = CliRun.numbers(r.out().trim());
        double[] alone = Pkpo.transform(Estimator.S, 2, 1, 0, 1);
        assertArrayEquals(new double[] {alone[0], 0, alone[1], alone[2]}, got, 0.0);
        assertTrue(r.err().contains("excluded 1"), r.err());
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

    /** --format long: rows of a group anywhere, empty reward masked, output in input order with the reward as given. */
    @Test
    void longFormatGroupsRowsByNameAndMasksEmptyRewards() {
        String in = "group,reward\np1,1\np2,0.5\np1,0\np2,\np2,0.25\np1,1\np2,0.75\n";
        CliRun.Result r = CliRun.run(in, "transform", "--estimator", "sloo_minus_one", "--k", "2", "--format", "long");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("group,reward,advantage", lines[0]);
        double[] a = Pkpo.transform(Estimator.SLOO_MINUS_ONE, 2, new double[] {1, 0, 1});
        double[] b = Pkpo.transform(Estimator.SLOO_MINUS_ONE, 2, new double[] {0.5, 0.25, 0.75});
        String[] want = {"p1,1," + a[0], "p2,0.5," + b[0], "p1,0," + a[1], "p2,,0.0", "p2,0.25," + b[1], "p1,1," + a[2],
            "p2,0.75," + b[2]};
        assertEquals(want.length + 1, lines.length);
        for (int i = 0; i < want.length; i++) {
            String[] got = lines[i + 1].split(",", -1);
            String[] exp = want[i].split(",", -1);
            assertEquals(exp[0] + "," + exp[1], got[0] + "," + got[1]);
            assertEquals(Double.parseDouble(exp[2]), Double.parseDouble(got[2]), 0.0, lines[i + 1]);
        }
    }

    @Test
    void longFormatKColumnAndItsErrors() {
        String in = "a,1,2\nb,0.5,3\na,0,2\nb,1,3\nb,0,3\na,0.5,2\n";
        CliRun.Result r = CliRun.run(in, "transform", "--estimator", "s", "--format", "long", "--k-column", "--dtype", "f32");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        float[] a = Transform.of(Estimator.S, 2).apply(new float[] {1, 0, 0.5f}, 3);
        float[] b = Transform.of(Estimator.S, 3).apply(new float[] {0.5f, 1, 0}, 3);
        assertEquals(a[0], Float.parseFloat(lines[0].split(",")[2]), 0f);
        assertEquals(b[0], Float.parseFloat(lines[1].split(",")[2]), 0f);
        assertEquals(b[2], Float.parseFloat(lines[4].split(",")[2]), 0f);
        assertEquals(a[2], Float.parseFloat(lines[5].split(",")[2]), 0f);
        // A group whose rows disagree on k: exit 3 naming it.
        r = CliRun.run("a,1,2\nb,0.5,3\nb,1,2\n", "transform", "--estimator", "s", "--format", "long", "--k-column");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("group 'b'") && r.err().contains("line 3"), r.err());
        assertEquals("", r.out());
        // Too small: named by its group name, or zeroed on request.
        r = CliRun.run("a,1\nb,0.5\na,0\n", "transform", "--estimator", "sloo_minus_one", "--k", "2", "--format", "long");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("group 'b'") && r.err().contains("1 valid sample"), r.err());
        r = CliRun.run("a,1\nb,0.5\na,0\n", "transform", "--estimator", "sloo_minus_one", "--k", "2", "--format", "long",
                "--too-small", "zero");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("b,0.5,0.0"), r.out());
        assertEquals(3, CliRun.run("a,1\nb\n", "transform", "--estimator", "s", "--k", "1", "--format", "long").code());
        assertEquals(2, CliRun.run("a,1\n", "transform", "--estimator", "s", "--k", "1", "--k-column").code());
    }

    /** jsonl "mask": a masked reward (even NaN) is left out of its group and gets 0. */
    @Test
    void jsonlMask() {
        String in = "{\"rewards\":[1,0,NaN,0.5],\"mask\":[1,1,0,true]}\n{\"rewards\":[0.2,0.4,0.9]}\n";
        CliRun.Result r = CliRun.run(in, "transform", "--estimator", "sloo_minus_one", "--k", "2", "--format", "jsonl");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        double[] a = Pkpo.transform(Estimator.SLOO_MINUS_ONE, 2, new double[] {1, 0, 0.5});
        double[] got = CliRun.numbers(lines[0].substring(lines[0].indexOf('[') + 1, lines[0].indexOf(']')));
        assertArrayEquals(new double[] {a[0], a[1], 0, a[2]}, got, 0.0);
        assertArrayEquals(Pkpo.transform(Estimator.SLOO_MINUS_ONE, 2, new double[] {0.2, 0.4, 0.9}),
                CliRun.numbers(lines[1].substring(lines[1].indexOf('[') + 1, lines[1].indexOf(']'))), 0.0);
        r = CliRun.run("{\"rewards\":[1,0],\"mask\":[1]}\n", "transform", "--estimator", "s", "--k", "1", "--format", "jsonl");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("line 1") && r.err().contains("mask"), r.err());
        r = CliRun.run("{\"rewards\":[1,0,1],\"mask\":[1,0,0]}\n", "transform", "--estimator", "sloo_minus_one", "--k", "2",
                "--format", "jsonl");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("line 1") && r.err().contains("1 valid sample"), r.err());
    }
}
