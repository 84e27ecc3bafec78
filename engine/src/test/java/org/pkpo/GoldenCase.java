package org.pkpo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One line of the reference vectors (test resource vectors/golden.jsonl, copied from the spec). */
record GoldenCase(String id, String estimator, int k, double[] rewards, double[] expected, long n, long c) {

    static final String RESOURCE = "/vectors/golden.jsonl";

    static List<GoldenCase> all() {
        InputStream in = GoldenCase.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException(RESOURCE + " missing from the test class path");
        }
        List<GoldenCase> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) {
                    out.add(parse(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static List<GoldenCase> of(String estimator) {
        return all().stream().filter(c -> c.estimator.equals(estimator)).toList();
    }

    /** The group's scale for tolerances: max |g|, or 1 when all are 0. */
    double scale() {
        double m = 0;
        for (double g : rewards) {
            m = Math.max(m, Math.abs(g));
        }
        return m == 0 ? 1 : m;
    }

    // The lines are flat objects of strings, integers, numbers and number arrays: a tiny reader suffices.
    private static GoldenCase parse(String line) {
        String id = string(line, "id");
        String est = string(line, "estimator");
        int k = (int) number(line, "k");
        if (est.equals("pass_at_k")) {
            return new GoldenCase(id, est, k, new double[0], new double[] {number(line, "expected")},
                    (long) number(line, "n"), (long) number(line, "c"));
        }
        double[] rewards = array(line, "rewards");
        double[] expected = est.equals("rho") ? new double[] {number(line, "expected")} : array(line, "expected");
        return new GoldenCase(id, est, k, rewards, expected, rewards.length, -1);
    }

    private static int valueStart(String line, String key) {
        int i = line.indexOf("\"" + key + "\":");
        if (i < 0) {
            throw new IllegalArgumentException("no " + key + " in " + line);
        }
        i += key.length() + 3;
        while (line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static String string(String line, String key) {
        int i = valueStart(line, key) + 1;
        return line.substring(i, line.indexOf('"', i));
    }

    private static double number(String line, String key) {
        int i = valueStart(line, key);
        int j = i;
        while (j < line.length() && ",}]".indexOf(line.charAt(j)) < 0) {
            j++;
        }
        return Double.parseDouble(line.substring(i, j).trim());
    }

    private static double[] array(String line, String key) {
        int i = valueStart(line, key);
        String body = line.substring(i + 1, line.indexOf(']', i)).trim();
        if (body.isEmpty()) {
            return new double[0];
        }
        String[] parts = body.split(",");
        double[] v = new double[parts.length];
        for (int p = 0; p < parts.length; p++) {
            v[p] = Double.parseDouble(parts[p].trim());
        }
        return v;
    }
}
