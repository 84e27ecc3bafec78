package org.pkpo.cli.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pkpo.Estimator;
import org.pkpo.cli.CliException;

/** Groups of rewards read from csv or jsonl text, one group per line, remembering the line numbers. */
public final class Rows {
    /**
     * One input line: its rewards and the per-line overrides a jsonl line may carry, and its validity mask (one
     * byte per reward, 0 = masked; null: all valid).
     */
    public record Row(int line, double[] values, Integer k, Estimator estimator, byte[] mask) {
        public Row(int line, double[] values, Integer k, Estimator estimator) {
            this(line, values, k, estimator, null);
        }
    }

    private Rows() {
    }

    public static List<Row> csv(String[] lines) throws CliException {
        List<Row> rows = new ArrayList<>(lines.length);
        for (int l = 0; l < lines.length; l++) {
            String text = lines[l].trim();
            if (text.isEmpty()) {
                throw CliException.data("line " + (l + 1) + ": empty group (every line must hold at least one reward)");
            }
            String[] cells = text.split(",", -1);
            double[] v = new double[cells.length];
            for (int p = 0; p < cells.length; p++) {
                v[p] = number(cells[p], l + 1, p);
            }
            rows.add(new Row(l + 1, v, null, null));
        }
        return rows;
    }

    /**
     * One jsonl line as a JSON object, or a data error naming the line: empty, not JSON, or not an object
     * ({@code expected} says what it should look like).
     */
    public static Map<?, ?> jsonObject(String text, int line, String expected) throws CliException {
        if (text.isBlank()) {
            throw CliException.data("line " + line + ": empty line (every line must be a JSON object)");
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw CliException.data("line " + line + ": " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> obj)) {
            throw CliException.data("line " + line + ": expected " + expected);
        }
        return obj;
    }

    /** jsonl: each line an object whose {@code field} is an array of numbers, with optional k and estimator. */
    public static List<Row> jsonl(String[] lines, String field, boolean overrides) throws CliException {
        List<Row> rows = new ArrayList<>(lines.length);
        for (int l = 0; l < lines.length; l++) {
            int line = l + 1;
            Map<?, ?> obj = jsonObject(lines[l], line, "a JSON object like {\"" + field + "\":[...]}");
            Object arr = obj.get(field);
            if (!(arr instanceof List<?> list) || list.isEmpty()) {
                throw CliException.data("line " + line + ": \"" + field + "\" must be a non-empty array of numbers");
            }
            double[] v = new double[list.size()];
            for (int p = 0; p < v.length; p++) {
                if (!(list.get(p) instanceof Double d)) {
                    throw CliException.data("line " + line + ", position " + p + ": not a number: " + list.get(p));
                }
                v[p] = d;
            }
            Integer k = null;
            Estimator est = null;
            if (overrides) {
                Object kv = obj.get("k");
                if (kv != null) {
                    if (!(kv instanceof Double d) || d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
                        throw CliException.data("line " + line + ": \"k\" must be an integer, got " + kv);
                    }
                    k = (int) (double) d;
                }
                Object ev = obj.get("estimator");
                if (ev != null) {
                    try {
                        est = Estimator.fromName(String.valueOf(ev));
                    } catch (IllegalArgumentException e) {
                        throw CliException.data("line " + line + ": " + e.getMessage());
                    }
                }
            }
            byte[] mask = null;
            if (overrides && obj.get("mask") != null) {
                if (!(obj.get("mask") instanceof List<?> ml) || ml.size() != v.length) {
                    throw CliException.data("line " + line + ": \"mask\" must be an array of " + v.length
                            + " booleans (or 1/0), one per reward");
                }
                mask = new byte[v.length];
                for (int p = 0; p < v.length; p++) {
                    Object m = ml.get(p);
                    if (m instanceof Boolean b) {
                        mask[p] = (byte) (b ? 1 : 0);
                    } else if (m instanceof Double d && (d == 0 || d == 1)) {
                        mask[p] = (byte) (d == 1 ? 1 : 0);
                    } else {
                        throw CliException.data("line " + line + ", position " + p + ": \"mask\" entries must be true,"
                                + " false, 1 or 0, got " + m);
                    }
                }
            }
            rows.add(new Row(line, v, k, est, mask));
        }
        return rows;
    }

    /** A decimal number, or nan / inf / -inf / infinity in any case (the spellings numpy and Python print). */
    public static double number(String cell, int line, int position) throws CliException {
        String t = cell.trim();
        switch (t.toLowerCase(Locale.ROOT)) {
            case "nan", "+nan", "-nan" -> {
                return Double.NaN;
            }
            case "inf", "+inf", "infinity", "+infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
            }
        }
        try {
            if (t.isEmpty() || t.endsWith("d") || t.endsWith("D") || t.endsWith("f") || t.endsWith("F")) {
                throw new NumberFormatException();
            }
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw CliException.data("line " + line + ", position " + position + ": cannot read '" + t + "' as a number");
        }
    }
}
