package org.pkpo.cli.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.pkpo.Pkpo;
import org.pkpo.cli.CliRun;

/** {@code pkpo estimate}: rho per k from rewards, and pass@k from counts, in csv and jsonl. */
class EstimateCommandTest {
    @Test
    void estimateRhoPerKAndCounts() {
        CliRun.Result r = CliRun.run("1,0,0,1,0,0,0,0\n", "estimate", "--k", "1,2,8");
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(new double[] {Pkpo.passAtK(8, 2, 1), Pkpo.passAtK(8, 2, 2), 1.0}, CliRun.numbers(r.out().trim()), 1e-15);
        CliRun.Result c = CliRun.run("16,3\n200,1\n", "estimate", "--counts", "--k", "1,10");
        assertEquals(0, c.code(), c.err());
        String[] lines = c.out().split("\n");
        assertArrayEquals(new double[] {Pkpo.passAtK(16, 3, 1), Pkpo.passAtK(16, 3, 10)}, CliRun.numbers(lines[0]), 0.0);
        assertArrayEquals(new double[] {Pkpo.passAtK(200, 1, 1), Pkpo.passAtK(200, 1, 10)}, CliRun.numbers(lines[1]), 0.0);
        CliRun.Result j = CliRun.run("{\"rewards\":[0.2,0.9]}\n", "estimate", "--k", "1,2", "--format", "jsonl");
        assertEquals("{\"k\":[1,2],\"estimate\":[0.55,0.9]}\n", j.out());
    }
}
