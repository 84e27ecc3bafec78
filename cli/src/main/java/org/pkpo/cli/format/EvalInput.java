package org.pkpo.cli.format;

import org.pkpo.cli.CliException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.pkpo.toy.Progress;

/**
 * The input of {@code pkpo eval}, grouped by problem: reward rows ({@code problem,reward}, in any order) and
 * count rows ({@code problem,n,c}), or jsonl lines with {@code rewards} or {@code n} and {@code c}. Rows of
 * the same problem add up their samples. Long csv is scanned byte by byte with an open-addressing table of
 * problem names, so millions of rows cost no String per row.
 */
public final class EvalInput {
    /** How the input is laid out. */
    public enum Format {
        LONG, COUNTS, JSONL
    }

    /** Reward rows: the problem index of each and its value, in input order. */
    public int rewardRows;
    public int[] rowProblem = new int[1024];
    public double[] rowValue = new double[1024];
    /** Per problem: samples and correct samples given as counts (0 when given as rewards). */
    public long[] countN = new long[256];
    public long[] countC = new long[256];
    /** Per problem: the line that first named it (for messages). */
    public int[] firstLine = new int[256];
    /** Per problem: whether any of its samples came as counts. */
    public boolean[] hasCounts = new boolean[256];
    public int problems;
    /** The first reward that is neither 0 nor 1, with its line (0: none). */
    public int firstNonBinaryLine;
    public double firstNonBinaryValue;

    // Problem names: bytes in an arena, found through an open-addressing table whose entries hold the
    // name's hash (high half, compared first, so a probe rarely touches the arena) and problem + 1.
    private byte[] names = new byte[4096];
    private int namesUsed;
    private int[] nameStart = new int[256];
    private int[] nameLength = new int[256];
    private long[] table = new long[512];

    public static EvalInput parse(byte[] data, Format format, Progress progress) throws CliException {
        EvalInput in = new EvalInput();
        if (format == Format.JSONL) {
            in.jsonl(data, progress);
        } else {
            in.csv(data, format, progress);
        }
        return in;
    }

    private void csv(byte[] d, Format format, Progress progress) throws CliException {
        int fields = format == Format.LONG ? 2 : 3;
        if (format == Format.LONG) {
            // One row per line: size the row arrays once instead of doubling them through the input.
            long lines = 1;
            for (byte b : d) {
                lines += b == '\n' ? 1 : 0;
            }
            int rows = (int) Math.min(lines, Integer.MAX_VALUE - 8);
            rowValue = new double[Math.max(rows, 1)];
            rowProblem = new int[Math.max(rows, 1)];
        }
        int line = 0;
        int pos = 0;
        int[] cut = new int[4];
        while (pos < d.length) {
            line++;
            int end = pos;
            int commas = 0;
            while (end < d.length && d[end] != '\n') {
                if (d[end] == ',' && commas < 3) {
                    cut[commas] = end;
                }
                if (d[end] == ',') {
                    commas++;
                }
                end++;
            }
            int lineEnd = end > pos && d[end - 1] == '\r' ? end - 1 : end;
            if (line % 1_000_000 == 0) {
                progress.update(pos, d.length, line / 1_000_000 + "M lines");
            }
            int start = pos;
            pos = end + 1;
            if (lineEnd == start) {
                throw CliException.data("line " + line + ": empty line (expected '"
                        + (fields == 2 ? "problem,reward" : "problem,n,c") + "')");
            }
            if (commas != fields - 1) {
                throw CliException.data("line " + line + ": expected " + fields + " comma-separated fields ("
                        + (fields == 2 ? "problem,reward" : "problem,n,c") + "), got '" + text(d, start, lineEnd) + "'");
            }
            if (line == 1 && isHeader(text(d, start, lineEnd), fields)) {
                continue;
            }
            int p = problem(d, start, cut[0], line);
            if (fields == 2) {
                reward(p, value(d, cut[0] + 1, lineEnd, line, 1), line);
            } else {
                long n = whole(d, cut[0] + 1, cut[1], line, "n");
                long c = whole(d, cut[1] + 1, lineEnd, line, "c");
                counts(p, n, c, line);
            }
        }
    }

    private static boolean isHeader(String text, int fields) {
        String t = text.replace(" ", "").replace("\"", "").toLowerCase(java.util.Locale.ROOT);
        return fields == 2 ? t.equals("problem,reward") : t.equals("problem,n,c");
    }

    private void jsonl(byte[] data, Progress progress) throws CliException {
        String[] lines = Io.lines(data);
        for (int l = 0; l < lines.length; l++) {
            int line = l + 1;
            if (line % 100_000 == 0) {
                progress.update(line, lines.length, line + " lines");
            }
            Map<?, ?> obj = Rows.jsonObject(lines[l], line,
                    "{\"problem\":...,\"rewards\":[...]} or {\"problem\":...,\"n\":N,\"c\":C}");
            Object id = obj.get("problem");
            String name = id == null ? null : id instanceof Double v && v == Math.rint(v) && Math.abs(v) < 1e15
                    ? Long.toString((long) (double) v) : String.valueOf(id);
            // Lines without a problem name are problems of their own; \0 keeps them apart from real names.
            byte[] key = (name == null ? "\0line " + line : name).getBytes(StandardCharsets.UTF_8);
            int p = problem(key, 0, key.length, line);
            Object rewards = obj.get("rewards");
            if (rewards != null) {
                if (!(rewards instanceof List<?> list)) {
                    throw CliException.data("line " + line + ": \"rewards\" must be an array of numbers");
                }
                for (int i = 0; i < list.size(); i++) {
                    if (!(list.get(i) instanceof Double v)) {
                        throw CliException.data("line " + line + ", position " + i + ": not a number: " + list.get(i));
                    }
                    reward(p, v, line);
                }
            } else if (obj.get("n") instanceof Double n && obj.get("c") instanceof Double c) {
                counts(p, whole(n, line, "n"), whole(c, line, "c"), line);
            } else {
                throw CliException.data("line " + line + ": expected \"rewards\":[...] or \"n\" and \"c\" numbers");
            }
        }
    }

    private void reward(int p, double v, int line) throws CliException {
        if (!Double.isFinite(v)) {
            throw CliException.data("line " + line + ": reward " + v + " is not finite");
        }
        if (firstNonBinaryLine == 0 && v != 0.0 && v != 1.0) {
            firstNonBinaryLine = line;
            firstNonBinaryValue = v;
        }
        if (rewardRows == rowValue.length) {
            rowValue = Arrays.copyOf(rowValue, 2 * rewardRows);
            rowProblem = Arrays.copyOf(rowProblem, 2 * rewardRows);
        }
        rowValue[rewardRows] = v;
        rowProblem[rewardRows++] = p;
    }

    private void counts(int p, long n, long c, int line) throws CliException {
        if (n < 0 || c < 0 || c > n) {
            throw CliException.data("line " + line + ": counts need 0 <= c <= n, got n=" + n + ", c=" + c);
        }
        if (countN[p] > Long.MAX_VALUE - n) {
            throw CliException.data("line " + line + ": problem's total n overflows");
        }
        countN[p] += n;
        countC[p] += c;
        hasCounts[p] = true;
    }

    /** The index of the problem named by bytes [from, to), trimmed and unquoted; new names get the next. */
    private int problem(byte[] d, int from, int to, int line) throws CliException {
        while (from < to && d[from] == ' ') {
            from++;
        }
        while (to > from && d[to - 1] == ' ') {
            to--;
        }
        if (to - from >= 2 && d[from] == '"' && d[to - 1] == '"') {
            from++;
            to--;
        }
        if (from == to) {
            throw CliException.data("line " + line + ": empty problem name");
        }
        int h = 0x811C9DC5;
        for (int i = from; i < to; i++) {
            h = (h ^ d[i]) * 0x01000193;
        }
        int mask = table.length - 1;
        for (int slot = mix(h) & mask; ; slot = (slot + 1) & mask) {
            long e = table[slot];
            if (e == 0) {
                return add(d, from, to, h, slot, line);
            }
            int p = (int) e - 1;
            if ((int) (e >>> 32) == h && nameLength[p] == to - from
                    && Arrays.equals(names, nameStart[p], nameStart[p] + nameLength[p], d, from, to)) {
                return p;
            }
        }
    }

    private static int mix(int h) {
        return h ^ (h >>> 16);
    }

    private int add(byte[] d, int from, int to, int hash, int slot, int line) {
        int p = problems++;
        if (p == countN.length) {
            int size = 2 * p;
            countN = Arrays.copyOf(countN, size);
            countC = Arrays.copyOf(countC, size);
            firstLine = Arrays.copyOf(firstLine, size);
            hasCounts = Arrays.copyOf(hasCounts, size);
            nameStart = Arrays.copyOf(nameStart, size);
            nameLength = Arrays.copyOf(nameLength, size);
        }
        int len = to - from;
        if (namesUsed + len > names.length) {
            names = Arrays.copyOf(names, Math.max(2 * names.length, namesUsed + len));
        }
        System.arraycopy(d, from, names, namesUsed, len);
        nameStart[p] = namesUsed;
        nameLength[p] = len;
        namesUsed += len;
        firstLine[p] = line;
        table[slot] = entry(hash, p);
        if (2 * problems > table.length) {
            rehash();
        }
        return p;
    }

    private static long entry(int hash, int p) {
        return (long) hash << 32 | (p + 1L);
    }

    private void rehash() {
        long[] old = table;
        table = new long[2 * old.length];
        int mask = table.length - 1;
        for (long e : old) {
            if (e != 0) {
                int slot = mix((int) (e >>> 32)) & mask;
                while (table[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = e;
            }
        }
    }

    public String name(int p) {
        return new String(names, nameStart[p], nameLength[p], StandardCharsets.UTF_8);
    }

    private static double value(byte[] d, int from, int to, int line, int position) throws CliException {
        while (from < to && d[from] == ' ') {
            from++;
        }
        while (to > from && d[to - 1] == ' ') {
            to--;
        }
        // The common cases of evaluation logs without a String each: 0, 1, 0.0, 1.0.
        if (to - from == 1 && (d[from] == '0' || d[from] == '1')) {
            return d[from] - '0';
        }
        if (to - from == 3 && (d[from] == '0' || d[from] == '1') && d[from + 1] == '.' && d[from + 2] == '0') {
            return d[from] - '0';
        }
        return Rows.number(text(d, from, to), line, position);
    }

    private static long whole(byte[] d, int from, int to, int line, String what) throws CliException {
        String t = text(d, from, to).trim();
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw CliException.data("line " + line + ": " + what + " must be a whole number, got '" + t + "'");
        }
    }

    private static long whole(double v, int line, String what) throws CliException {
        if (v != Math.rint(v) || Math.abs(v) > 1e15) {
            throw CliException.data("line " + line + ": " + what + " must be a whole number, got " + v);
        }
        return (long) v;
    }

    private static String text(byte[] d, int from, int to) {
        return new String(d, from, to - from, StandardCharsets.UTF_8);
    }
}
