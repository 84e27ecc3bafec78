package org.pkpo.toy;

import java.util.ArrayList;
import java.util.List;

/**
 * Which k to optimise at each training step: {@code 8:0,1:1500} means k = 8 from step 0 and k = 1 from
 * step 1500 on (the annealing of figure 3).
 */
public record KSchedule(int[] ks, int[] starts) {
    public KSchedule {
        if (ks.length == 0 || ks.length != starts.length || starts[0] != 0) {
            throw new IllegalArgumentException("a k schedule needs at least one k and must start at step 0");
        }
        for (int i = 0; i < ks.length; i++) {
            if (ks[i] < 1) {
                throw new IllegalArgumentException("every k must be >= 1, got " + ks[i]);
            }
            if (i > 0 && starts[i] <= starts[i - 1]) {
                throw new IllegalArgumentException("schedule steps must increase, got " + starts[i - 1] + " then "
                        + starts[i]);
            }
        }
        ks = ks.clone();
        starts = starts.clone();
    }

    public static KSchedule constant(int k) {
        return new KSchedule(new int[] {k}, new int[] {0});
    }

    /** Parses {@code k:step,k:step,...}. */
    public static KSchedule parse(String text) {
        List<int[]> parts = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] kv = part.trim().split(":");
            if (kv.length != 2) {
                throw new IllegalArgumentException("expected k:step, got '" + part.trim() + "'");
            }
            try {
                parts.add(new int[] {Integer.parseInt(kv[0].trim()), Integer.parseInt(kv[1].trim())});
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected integers in k:step, got '" + part.trim() + "'");
            }
        }
        int[] ks = new int[parts.size()];
        int[] starts = new int[parts.size()];
        for (int i = 0; i < ks.length; i++) {
            ks[i] = parts.get(i)[0];
            starts[i] = parts.get(i)[1];
        }
        return new KSchedule(ks, starts);
    }

    public int kAt(int step) {
        int k = ks[0];
        for (int i = 0; i < ks.length && starts[i] <= step; i++) {
            k = ks[i];
        }
        return k;
    }

    public int finalK() {
        return ks[ks.length - 1];
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ks.length; i++) {
            sb.append(i == 0 ? "" : ",").append(ks[i]).append(':').append(starts[i]);
        }
        return sb.toString();
    }
}
