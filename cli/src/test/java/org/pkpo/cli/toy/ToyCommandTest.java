package org.pkpo.cli.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pkpo.cli.CliException;
import org.pkpo.cli.CliRun;
import org.pkpo.cli.TestSeeds;
import org.pkpo.cli.format.Json;

@ExtendWith(TestSeeds.class)
class ToyCommandTest {
    private static final String SEED = Long.toString(TestSeeds.SEED);

    @Test
    void varianceJsonIsValidAndDeterministic() {
        String[] argv = {"toy", "variance", "--k", "4", "--n", "8,16", "--trials", "2000", "--seed", SEED, "--json"};
        CliRun.Result a = CliRun.run("", argv);
        assertEquals(0, a.code(), a.err());
        assertEquals(a.out(), CliRun.run("", argv).out());
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) Json.parse(a.out().trim());
        assertEquals(4.0, m.get("k"));
        assertEquals(12, ((List<?>) m.get("results")).size());
        assertTrue((Double) m.get("exact_gradient") < 0, a.out());
    }

    @Test
    void varianceTableFlagsNothingAndNotesSkips() {
        CliRun.Result r = CliRun.run("", "toy", "variance", "--n", "4,6", "--trials", "3000", "--seed", SEED);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Exact gradient d/dtheta max_g@4 at theta=1: -1.777170"), r.out());
        assertTrue(r.out().contains("All means are within 4 standard errors"), r.out());
        assertTrue(r.out().contains("skipped sloo at n=4"), r.out());
        assertTrue(r.out().contains("skipped naive_partitioned at n=6: needs n a multiple of k"), r.out());
    }

    @Test
    void trainAndEffectiveRun() {
        CliRun.Result t = CliRun.run("", "toy", "train", "--k-schedule", "4:0,1:40", "--steps", "80", "--every", "20", "--estimator", "sloo", "--seed", SEED);
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("Final theta") && t.out().contains("for k=1"), t.out());
        CliRun.Result e = CliRun.run("", "toy", "effective", "--n", "8", "--k", "1,8", "--groups", "100", "--seed", SEED);
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("skipped sloo cannot use k=8 with n=8"), e.out());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(CliException.USAGE, CliRun.run("", "toy").code());
        assertEquals(CliException.USAGE, CliRun.run("", "toy", "bogus").code());
        assertEquals(CliException.USAGE, CliRun.run("", "toy", "variance", "--trials", "1").code());
        assertEquals(CliException.USAGE, CliRun.run("", "toy", "variance", "--estimators", "s,nope").code());
        assertEquals(CliException.USAGE, CliRun.run("", "toy", "train", "--k", "2", "--k-schedule", "8:0").code());
        CliRun.Result r = CliRun.run("", "toy", "train", "--k", "16", "--n", "16", "--estimator", "sloo");
        assertEquals(CliException.USAGE, r.code());
        assertTrue(r.err().contains("k=16, n=16"), r.err());
        assertEquals(0, CliRun.run("", "toy", "--help").code());
    }
}
