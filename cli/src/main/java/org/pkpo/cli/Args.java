package org.pkpo.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value}, {@code --name=value} and bare {@code --flag} options. Every option must be read by
 * the command; {@link #finish()} rejects any left over, so typos are usage errors, not silent defaults.
 */
final class Args {
    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();
    private final Set<String> flags;

    /** {@code flags} names the options that take no value. */
    Args(List<String> argv, Set<String> flags) throws CliException {
        this.flags = flags;
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

    boolean flag(String name) {
        return options.remove(name) != null;
    }

    String get(String name, String fallback) {
        String v = options.remove(name);
        return v == null ? fallback : v;
    }

    String require(String name) throws CliException {
        String v = options.remove(name);
        if (v == null) {
            throw CliException.usage("missing required option --" + name);
        }
        return v;
    }

    int getInt(String name, int fallback) throws CliException {
        String v = options.remove(name);
        return v == null ? fallback : parseInt(name, v);
    }

    long getLong(String name, long fallback) throws CliException {
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

    double getDouble(String name, double fallback) throws CliException {
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
    int[] getIntList(String name, int[] fallback) throws CliException {
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
    String choice(String name, String fallback, String... allowed) throws CliException {
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

    List<String> positional() {
        return positional;
    }

    /** Fails on any option or positional argument the command did not read. */
    void finish() throws CliException {
        if (!options.isEmpty()) {
            throw CliException.usage("unknown option --" + options.keySet().iterator().next());
        }
    }

    boolean isFlag(String name) {
        return flags.contains(name);
    }

    private static int parseInt(String name, String v) throws CliException {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw CliException.usage("--" + name + " needs an integer, got '" + v + "'");
        }
    }
}
