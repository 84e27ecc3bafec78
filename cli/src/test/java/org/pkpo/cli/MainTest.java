package org.pkpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code pkpo} itself: commands, --help, and usage errors that exit 2. */
class MainTest {
    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, CliRun.run("", "transform", "--k", "2").code());
        assertEquals(2, CliRun.run("", "transform", "--estimator", "s", "--k", "two").code());
        assertEquals(2, CliRun.run("", "transform", "--estimator", "s", "--k", "2", "--frobnicate", "1").code());
        assertEquals(2, CliRun.run("", "transform", "--estimator", "rho", "--k", "2").code());
        assertEquals(2, CliRun.run("", "transform", "--estimator", "s", "--k", "2", "--format", "xml").code());
        CliRun.Result stray = CliRun.run("", "transform", "--estimator", "s", "stray", "--k", "2");
        assertEquals(2, stray.code());
        assertTrue(stray.err().contains("unexpected argument 'stray'"), stray.err());
        assertEquals(2, CliRun.run("", "nosuchcommand").code());
        assertEquals(2, CliRun.run("").code());
        CliRun.Result help = CliRun.run("", "transform", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--non-finite"));
        for (String c : Main.commands().keySet()) {
            assertEquals(0, CliRun.run("", c, "--help").code(), c);
        }
        CliRun.Result top = CliRun.run("", "--help");
        assertEquals(0, top.code());
        assertFalse(top.out().isEmpty());
    }
}
