package org.pkpo.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value}, {@code --name=value} and bare {@code --flag} options, and positional arguments. Every
 * option and argument must be read by the command; {@link #finish()} rejects any left over, so typos are usage
 * errors, not silent defaults.
 */
public final class Args {
    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();
    private boolean positionalRead;

    /** {@code flags} names the options that take no value. */
    Args(List<String> argv, Set<String> flags) throws CliException {
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.startsWith("--") && a.length() > 2) {
                String name = a.substring(2);
                String value;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (flags.contains(name)) {
                    value = "true";
                } else {
                    if (i + 1 >= argv.size()) {
                        throw CliException.usage("option --" + name + " needs a value");
                    }
                    value = argv.get(++i);
                }
                if (options.put(name, value) != null) {
                    throw CliException.usage("option --" + name + " given twice");
                }
            } else {
                positional.add(a);
            }
        }
    }

    public boolean flag(String name) {
        return options.remove(name) != null;
    }

    public String get(String name, String fallback) {
        String v = options.remove(name);
        return v == null ? fallback : v;
    }

    public int getInt(String name, int fallback) throws CliException {
        String v = options.remove(name);
        return v == null ? fallback : parseInt(name, v);
    }

    /** The integer option, or null when it is not given (for options whose default depends on others). */
    public Integer getIntOrNull(String name) throws CliException {
        String v = options.remove(name);
        return v == null ? null : parseInt(name, v);
    }

    public long getLong(String name, long fallback) throws CliException {
        String v = options.remove(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw CliException.usage("--" + name + " needs an integer, got '" + v + "'");
        }
    }

    public double getDouble(String name, double fallback) throws CliException {
        String v = options.remove(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw CliException.usage("--" + name + " needs a number, got '" + v + "'");
        }
    }

    /** A comma-separated list of integers, e.g. {@code --k 1,2,4,8}. */
    public int[] getIntList(String name, int[] fallback) throws CliException {
        String v = options.remove(name);
        if (v == null) {
            return fallback;
        }
        String[] parts = v.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = parseInt(name, parts[i]);
        }
        return out;
    }

    /** One of {@code allowed}, case-insensitive. */
    public String choice(String name, String fallback, String... allowed) throws CliException {
        String v = options.remove(name);
        if (v == null) {
            return fallback;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(v.trim())) {
                return a;
            }
        }
        throw CliException.usage("--" + name + " must be one of " + String.join(", ", allowed) + ", got '" + v + "'");
    }

    /** The arguments that are not options, in order; a command that reads them takes charge of them all. */
    public List<String> positional() {
        positionalRead = true;
        return List.copyOf(positional);
    }

    /** Fails on any option or positional argument the command did not read. */
    public void finish() throws CliException {
        if (!options.isEmpty()) {
            throw CliException.usage("unknown option --" + options.keySet().iterator().next());
        }
        if (!positionalRead && !positional.isEmpty()) {
            throw CliException.usage("unexpected argument '" + positional.get(0) + "' (options start with --)");
        }
    }

    private static int parseInt(String name, String v) throws CliException {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw CliException.usage("--" + name + " needs an integer, got '" + v + "'");
        }
    }
}
