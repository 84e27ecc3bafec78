package org.pkpo.cli;

import java.io.PrintStream;
import org.pkpo.toy.Progress;

/**
 * A progress bar on stderr for the stages of a long run. On a terminal it redraws one line in place (at
 * most every 100 ms); otherwise, so that logs stay readable, it prints one line as each stage finishes.
 */
final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final boolean terminal;
    private final int stages;
    private int stage;
    private String label = "";
    private long stageStart;
    private long lastDraw;

    ProgressBar(PrintStream err, boolean terminal, int stages) {
        this.err = err;
        this.terminal = terminal;
        this.stages = stages;
    }

    /** True when stderr is an interactive terminal. */
    static boolean stderrIsTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    /** Starts the next stage and returns the callback that reports its progress. */
    Progress stage(String name) {
        stage++;
        label = name;
        stageStart = System.nanoTime();
        lastDraw = 0;
        draw(0, 1, "", true);
        return (done, total, what) -> draw(done, total, what, done >= total);
    }

    /** Marks the current stage finished. */
    void finish() {
        double sec = (System.nanoTime() - stageStart) / 1e9;
        String line = String.format("[%d/%d] %s: done in %.1f s", stage, stages, label, sec);
        if (terminal) {
            err.print("\r" + pad(line) + "\n");
        } else {
            err.println(line);
        }
        err.flush();
    }

    private void draw(long done, long total, String what, boolean force) {
        if (!terminal) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        double overall = (stage - 1 + (total > 0 ? Math.min(1.0, (double) done / total) : 0)) / stages;
        int filled = (int) Math.round(overall * WIDTH);
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        err.print("\r" + pad(String.format("[%s] %3.0f%%  [%d/%d] %s %s", bar, overall * 100, stage, stages, label, what)));
        err.flush();
    }

    private static String pad(String s) {
        int width = 100;
        return s.length() >= width ? s.substring(0, width) : s + " ".repeat(width - s.length());
    }
}
