package org.pkpo.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Set;

/** One {@code pkpo} sub-command. */
public interface Command {
    String name();

    /** One line for {@code pkpo --help}. */
    String summary();

    /** The full text for {@code pkpo NAME --help}. */
    String usage();

    /** The options that take no value, such as {@code --json}; {@link Args} needs them to parse. */
    default Set<String> flagOptions() {
        return Set.of();
    }

    /**
     * Runs the command. Throws {@link CliException} for usage errors (exit 2) and bad data (exit 3); on any
     * failure nothing may have been written to the output.
     */
    void run(Args args, InputStream stdin, PrintStream stdout, PrintStream stderr) throws Exception;
}
