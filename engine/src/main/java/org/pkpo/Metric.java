package org.pkpo;

import java.util.Locale;

/** What an {@link Evaluation} estimates for each k. */
public enum Metric {
    /** pass@k: the chance that at least one of k samples is correct (eq. 3). */
    PASS("pass"),
    /** pass^k: the chance that all k samples are correct, C(c, k) / C(n, k). */
    PASS_HAT("pass-hat"),
    /** max@k: the expected best reward of k samples (eq. 12); pass@k for 0/1 rewards. */
    MAX("max");

    private final String cliName;

    Metric(String cliName) {
        this.cliName = cliName;
    }

    /** The name the command line uses: {@code pass}, {@code pass-hat} or {@code max}. */
    public String cliName() {
        return cliName;
    }

    /** By {@link #cliName()} or constant name, case-insensitive. */
    public static Metric fromName(String name) {
        for (Metric m : values()) {
            if (m.cliName.equalsIgnoreCase(name.trim()) || m.name().equalsIgnoreCase(name.trim())) {
                return m;
            }
        }
        throw new PkpoException(PkpoException.Reason.INVALID_ARGUMENT,
                "unknown metric '" + name + "' (expected pass, pass-hat or max)");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
