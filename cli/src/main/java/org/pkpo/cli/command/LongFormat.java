package org.pkpo.cli.command;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pkpo.Estimator;
import org.pkpo.Groups;
import org.pkpo.NonFinite;
import org.pkpo.Scale;
import org.pkpo.TooSmall;
import org.pkpo.Transform;
import org.pkpo.TransformReport;
import org.pkpo.cli.CliException;
import org.pkpo.cli.format.Numbers;
import org.pkpo.cli.format.Rows;

/**
 * {@code pkpo transform --format long}: csv rows {@code group,reward[,k]} of an evaluation or rollout log, a
 * group's rows anywhere in the file, an empty reward meaning masked. One engine call with per-row group ids
 * (numbered by first appearance), a mask and, with {@code --k-column}, a k per group. Output rows
 * {@code group,reward,advantage} in input order, the reward cell as it was given.
 */
final class LongFormat {
    private LongFormat() {
    }

    private static final Pattern ENGINE_GROUP = Pattern.compile("group (\\d+) \\(id -?\\d+\\)");

    /** Returns {excluded non-finite rewards, zeroed groups}. */
    static long[] run(String[] lines, Estimator est, int k, boolean kColumn, Scale scale, NonFinite nonFinite,
            TooSmall tooSmall, boolean f32, ByteArrayOutputStream out) throws CliException {
        int first = 0;
        boolean header = false;
        if (lines.length > 0) {
            String[] h = lines[0].split(",", -1);
            if (h.length >= 2 && h[0].trim().equals("group") && h[1].trim().equals("reward")) {
                header = true;
                first = 1;
            }
        }
        int rows = lines.length - first;
        int cols = kColumn ? 3 : 2;
        String[] group = new String[rows];
        String[] rewardText = new String[rows];
        double[] reward = new double[rows];
        byte[] mask = new byte[rows];
        int[] ids = new int[rows];
        Map<String, Integer> number = new HashMap<>();
        List<String> names = new ArrayList<>();
        List<Integer> ks = new ArrayList<>();
        List<Integer> kLine = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            int line = first + r + 1;
            String[] cells = lines[first + r].split(",", -1);
            if (cells.length != cols) {
                throw CliException.data("line " + line + ": expected " + cols + " comma-separated fields (group,reward"
                        + (kColumn ? ",k" : "") + "), got " + cells.length);
            }
            group[r] = cells[0];
            rewardText[r] = cells[1];
            boolean masked = cells[1].trim().isEmpty();
            mask[r] = (byte) (masked ? 0 : 1);
            reward[r] = masked ? Double.NaN : Rows.number(cells[1], line, 1);
            Integer g = number.get(group[r]);
            int rowK = k;
            if (kColumn) {
                try {
                    rowK = Integer.parseInt(cells[2].trim());
                } catch (NumberFormatException e) {
                    throw CliException.data("line " + line + ": cannot read k '" + cells[2].trim() + "' as an integer");
                }
            }
            if (g == null) {
                g = names.size();
                number.put(group[r], g);
                names.add(group[r]);
                ks.add(rowK);
                kLine.add(line);
            } else if (kColumn && ks.get(g) != rowK) {
                throw CliException.data("line " + line + ": group '" + group[r] + "' has k=" + rowK + " here but k="
                        + ks.get(g) + " on line " + kLine.get(g) + " (all rows of a group must agree)");
            }
            ids[r] = g;
        }
        Transform t;
        try {
            t = Transform.of(est, kColumn ? 1 : k).scale(scale).nonFinite(nonFinite).tooSmall(tooSmall);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        Groups groups = Groups.ids(ids).mask(mask);
        if (kColumn) {
            groups = groups.k(ks.stream().mapToInt(Integer::intValue).toArray());
        }
        double[] adv;
        TransformReport report;
        try {
            if (f32) {
                float[] fin = new float[rows];
                for (int i = 0; i < rows; i++) {
                    fin[i] = (float) reward[i];
                }
                float[] fout = new float[rows];
                report = t.apply(fin, groups, fout);
                adv = new double[rows];
                for (int i = 0; i < rows; i++) {
                    adv[i] = fout[i];
                }
            } else {
                adv = new double[rows];
                report = t.apply(reward, groups, adv);
            }
        } catch (IllegalArgumentException e) {
            throw CliException.data(nameGroups(e.getMessage(), names));
        }
        StringBuilder sb = new StringBuilder();
        if (header) {
            sb.append("group,reward,advantage\n");
        }
        for (int r = 0; r < rows; r++) {
            sb.append(group[r]).append(',').append(rewardText[r]).append(',').append(Numbers.format(adv[r], f32))
                    .append('\n');
        }
        out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        return new long[] {report.excludedSamples(), report.zeroedGroups()};
    }

    /** The engine numbers groups by first appearance; the user knows them by name. */
    private static String nameGroups(String message, List<String> names) {
        Matcher m = ENGINE_GROUP.matcher(message);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            int g = Integer.parseInt(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement("group '" + names.get(g) + "'"));
        }
        m.appendTail(sb);
        return sb.toString().replaceAll(", element \\d+", "").replace("TooSmall.ZERO", "--too-small zero");
    }
}
