package org.pkpo.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** One {@code pkpo} sub-command. */
interface Command {
    String name();

    /** One line for {@code pkpo --help}. */
    String summary();

    /** The full text for {@code pkpo NAME --help}. */
    String usage();

    /**
     * Runs the command. Throws {@link CliException} for usage errors (exit 2) and bad data (exit 3); on any
     * failure nothing may have been written to the output.
     */
    void run(Args args, InputStream stdin, PrintStream stdout, PrintStream stderr) throws Exception;
}
