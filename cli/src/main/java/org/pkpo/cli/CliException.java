package org.pkpo.cli;

/** An error the user can fix, with the process exit code it maps to. */
public final class CliException extends Exception {
    private static final long serialVersionUID = 1L;

    public static final int USAGE = 2;
    public static final int DATA = 3;

    final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public static CliException usage(String message) {
        return new CliException(USAGE, message);
    }

    public static CliException data(String message) {
        return new CliException(DATA, message);
    }
}
