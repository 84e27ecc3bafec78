package org.pkpo.cli.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pkpo.Estimator;
import org.pkpo.NonFinite;
import org.pkpo.Scale;
import org.pkpo.Transform;
import org.pkpo.TransformReport;
import org.pkpo.cli.CliException;
import org.pkpo.cli.format.Rows;

/**
 * Runs the rows through the engine in as few ragged calls as possible (one per distinct estimator and k),
 * and turns engine errors back into messages that name the input line.
 */
final class BatchRunner {
    private final Scale scale;
    private final NonFinite nonFinite;
    private final boolean f32;
    long excludedSamples;
    long zeroedGroups;
    long maskedSamples;

    private final org.pkpo.TooSmall tooSmall;

    BatchRunner(Scale scale, NonFinite nonFinite, boolean f32) {
        this(scale, nonFinite, f32, org.pkpo.TooSmall.REJECT);
    }

    BatchRunner(Scale scale, NonFinite nonFinite, boolean f32, org.pkpo.TooSmall tooSmall) {
        this.scale = scale;
        this.nonFinite = nonFinite;
        this.f32 = f32;
        this.tooSmall = tooSmall;
    }

    /**
     * Returns one output array per row: the transform, or a single value for rho. Rows without their own
     * estimator or k use the defaults, which must then be given.
     */
    double[][] run(List<Rows.Row> rows, Estimator defaultEstimator, Integer defaultK) throws CliException {
        Map<String, List<Integer>> byKey = new LinkedHashMap<>();
        Estimator[] est = new Estimator[rows.size()];
        int[] ks = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            Rows.Row row = rows.get(r);
            est[r] = row.estimator() != null ? row.estimator() : defaultEstimator;
            Integer k = row.k() != null ? row.k() : defaultK;
            if (est[r] == null) {
                throw CliException.usage("line " + row.line() + ": no estimator (give --estimator or \"estimator\" on the line)");
            }
            if (k == null) {
                k = est[r] == Estimator.LOO ? 1 : null;
                if (k == null) {
                    throw CliException.usage("line " + row.line() + ": no k (give --k or \"k\" on the line)");
                }
            }
            ks[r] = k;
            byKey.computeIfAbsent(est[r] + "/" + k, x -> new ArrayList<>()).add(r);
        }
        double[][] out = new double[rows.size()][];
        for (List<Integer> members : byKey.values()) {
            int first = members.get(0);
            Transform t = transform(rows.get(first), est[first], ks[first]);
            runBatch(t, rows, members, out);
        }
        return out;
    }

    private Transform transform(Rows.Row row, Estimator est, int k) throws CliException {
        try {
            return Transform.of(est, k).scale(scale).nonFinite(nonFinite).tooSmall(tooSmall);
        } catch (IllegalArgumentException e) {
            throw CliException.data("line " + row.line() + ": " + e.getMessage());
        }
    }

    private void runBatch(Transform t, List<Rows.Row> rows, List<Integer> members, double[][] out) throws CliException {
        int[] offsets = new int[members.size() + 1];
        for (int m = 0; m < members.size(); m++) {
            offsets[m + 1] = Math.addExact(offsets[m], rows.get(members.get(m)).values().length);
        }
        double[] in = new double[offsets[members.size()]];
        for (int m = 0; m < members.size(); m++) {
            double[] v = rows.get(members.get(m)).values();
            System.arraycopy(v, 0, in, offsets[m], v.length);
        }
        boolean perGroup = t.estimator().perGroup();
        double[] result;
        TransformReport report;
        // Rows with a "mask": one Groups call over the offsets, masked rewards left out of their group.
        org.pkpo.Groups groups = null;
        for (int m = 0; m < members.size(); m++) {
            if (rows.get(members.get(m)).mask() != null) {
                byte[] mask = new byte[in.length];
                java.util.Arrays.fill(mask, (byte) 1);
                for (int q = 0; q < members.size(); q++) {
                    byte[] rm = rows.get(members.get(q)).mask();
                    if (rm != null) {
                        System.arraycopy(rm, 0, mask, offsets[q], rm.length);
                    }
                }
                groups = org.pkpo.Groups.offsets(offsets).mask(mask);
                break;
            }
        }
        try {
            if (groups != null) {
                if (f32) {
                    float[] fin = new float[in.length];
                    for (int i = 0; i < in.length; i++) {
                        fin[i] = (float) in[i];
                    }
                    float[] fout = new float[in.length];
                    report = t.apply(fin, groups, fout);
                    result = new double[fout.length];
                    for (int i = 0; i < fout.length; i++) {
                        result[i] = fout[i];
                    }
                } else {
                    result = new double[in.length];
                    report = t.apply(in, groups, result);
                }
            } else if (f32) {
                float[] fin = new float[in.length];
                for (int i = 0; i < in.length; i++) {
                    fin[i] = (float) in[i];
                }
                float[] fout = new float[perGroup ? members.size() : in.length];
                report = t.applyRagged(fin, offsets, fout);
                result = new double[fout.length];
                for (int i = 0; i < fout.length; i++) {
                    result[i] = fout[i];
                }
            } else {
                result = new double[perGroup ? members.size() : in.length];
                report = t.applyRagged(in, offsets, result);
            }
        } catch (IllegalArgumentException e) {
            throw blame(t, rows, members, e);
        }
        excludedSamples += report.excludedSamples();
        maskedSamples += report.maskedSamples();
        zeroedGroups += report.zeroedGroups();
        for (int m = 0; m < members.size(); m++) {
            out[members.get(m)] = perGroup
                    ? new double[] {result[m]}
                    : java.util.Arrays.copyOfRange(result, offsets[m], offsets[m + 1]);
        }
    }

    /** Finds the first line whose group alone fails, and reports the engine's message against it. */
    private CliException blame(Transform t, List<Rows.Row> rows, List<Integer> members, IllegalArgumentException batchError) {
        for (int r : members) {
            Rows.Row row = rows.get(r);
            for (int p = 0; p < row.values().length; p++) {
                double v = f32 ? (float) row.values()[p] : row.values()[p];
                boolean masked = row.mask() != null && row.mask()[p] == 0;
                if (!masked && !Double.isFinite(v) && nonFinite == NonFinite.REJECT) {
                    return CliException.data("line " + row.line() + ", position " + p + ": non-finite reward " + v
                            + " (--non-finite exclude leaves such rewards out)");
                }
            }
            try {
                if (row.mask() != null) {
                    t.apply(row.values(), org.pkpo.Groups.uniform(row.values().length).mask(row.mask()));
                } else {
                    t.apply(row.values(), row.values().length);
                }
            } catch (IllegalArgumentException e) {
                return CliException.data("line " + row.line() + ": "
                        + e.getMessage().replace("TooSmall.ZERO", "--too-small zero"));
            }
        }
        return CliException.data(batchError.getMessage());
    }
}
