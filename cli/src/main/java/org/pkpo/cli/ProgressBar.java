package org.pkpo.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.pkpo.toy.Progress;

/**
 * A progress bar on stderr for the stages of a long run. On a terminal it redraws its line in place (at
 * most every 100 ms); otherwise, so that logs stay readable, it prints one line as each stage finishes.
 *
 * <p>Every redraw is a whole line (cursor up, erase, text, newline), and callers write nothing else to the
 * terminal between {@link #stage} and {@link #finish}. The launcher filters the JVM's stderr through a
 * pipe, which would deliver the bar late and out of order with stdout; so on a terminal it hands us the
 * real stderr as {@code -Dpkpo.progress.tty=/dev/fd/3} and the bar writes there directly.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;
    /** ANSI: cursor to the start of the previous line, then erase that line. */
    private static final String UP_AND_ERASE = "\033[1F\033[2K";

    private final PrintStream err;
    private final boolean terminal;
    private final int stages;
    private int stage;
    private String label = "";
    private long stageStart;
    private long lastDraw;
    private boolean drawn;

    ProgressBar(PrintStream err, boolean terminal, int stages) {
        this.err = err;
        this.terminal = terminal;
        this.stages = stages;
    }

    /**
     * The bar for {@code stderr}: in place on the terminal the launcher named ({@code -Dpkpo.progress.tty}:
     * a path, or {@code none} when stderr is not a terminal); run without the launcher, on stderr itself
     * when the JVM's console says it is interactive.
     */
    public static ProgressBar forStderr(PrintStream stderr, int stages) {
        String told = System.getProperty("pkpo.progress.tty");
        if (told == null) {
            java.io.Console c = System.console();
            return new ProgressBar(stderr, c != null && c.isTerminal(), stages);
        }
        if (!told.isEmpty() && !told.equals("none")) {
            try {
                return new ProgressBar(new PrintStream(new FileOutputStream(told), true, StandardCharsets.UTF_8), true,
                        stages);
            } catch (IOException | SecurityException e) {
                // Fall through to plain stage lines on stderr.
            }
        }
        return new ProgressBar(stderr, false, stages);
    }

    /** Starts the next stage and returns the callback that reports its progress. */
    public Progress stage(String name) {
        stage++;
        label = name;
        stageStart = System.nanoTime();
        lastDraw = 0;
        drawn = false;
        draw(0, 1, "", true);
        return (done, total, what) -> draw(done, total, what, done >= total);
    }

    /** Marks the current stage finished. */
    public void finish() {
        double sec = (System.nanoTime() - stageStart) / 1e9;
        String line = String.format("[%d/%d] %s: done in %.1f s", stage, stages, label, sec);
        if (terminal) {
            err.print((drawn ? UP_AND_ERASE : "") + line + "\n");
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
        String line = String.format("[%s] %3.0f%%  [%d/%d] %s %s", bar, overall * 100, stage, stages, label, what);
        err.print((drawn ? UP_AND_ERASE : "") + line + "\n");
        err.flush();
        drawn = true;
    }
}
