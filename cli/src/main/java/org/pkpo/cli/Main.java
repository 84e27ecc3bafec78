package org.pkpo.cli;

import org.pkpo.cli.command.EvalCommand;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pkpo.cli.command.BenchCommand;
import org.pkpo.cli.command.DemoCommand;
import org.pkpo.cli.command.EstimateCommand;
import org.pkpo.cli.command.TransformCommand;
import org.pkpo.cli.toy.ToyCommand;

/** {@code pkpo COMMAND [options]}: exit 0 on success, 2 on a usage error, 3 on bad data. */
public final class Main {
    private Main() {
    }

    /** Every sub-command, in the order {@code pkpo --help} lists them. */
    static Map<String, Command> commands() {
        Map<String, Command> m = new LinkedHashMap<>();
        for (Command c : List.<Command>of(
                new DemoCommand(),
                new ToyCommand(),
                new TransformCommand(),
                new BenchCommand(),
                new EstimateCommand(),
                new EvalCommand())) {
            m.put(c.name(), c);
        }
        return m;
    }

    public static void main(String[] argv) {
        // The toy figures draw PNGs off screen; no command opens a window.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        System.exit(run(argv, System.in, System.out, System.err));
    }

    public static int run(String[] argv, InputStream in, PrintStream out, PrintStream err) {
        Map<String, Command> commands = commands();
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h") || argv[0].equals("help")) {
            PrintStream to = argv.length == 0 ? err : out;
            to.println("pkpo: Pass@k Policy Optimization reward transforms (exact, batched)");
            to.println();
            to.println("usage: pkpo COMMAND [options]     (pkpo COMMAND --help for its options)");
            to.println();
            for (Command c : commands.values()) {
                to.printf("  %-10s %s%n", c.name(), c.summary());
            }
            return argv.length == 0 ? CliException.USAGE : 0;
        }
        Command c = commands.get(argv[0]);
        if (c == null) {
            err.println("pkpo: unknown command '" + argv[0] + "' (try pkpo --help)");
            return CliException.USAGE;
        }
        List<String> rest = Arrays.asList(argv).subList(1, argv.length);
        if (rest.contains("--help") || rest.contains("-h")) {
            out.println(c.usage());
            return 0;
        }
        try {
            c.run(new Args(rest, c.flagOptions()), in, out, err);
            out.flush();
            return 0;
        } catch (CliException e) {
            err.println("pkpo " + c.name() + ": " + e.getMessage());
            if (e.exitCode == CliException.USAGE) {
                err.println("(pkpo " + c.name() + " --help shows the options)");
            }
            return e.exitCode;
        } catch (Exception e) {
            err.println("pkpo " + c.name() + ": " + e);
            return 1;
        }
    }
}
