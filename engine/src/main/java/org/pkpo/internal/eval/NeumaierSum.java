package org.pkpo.internal.eval;

/**
 * Compensated (Kahan-Babuska-Neumaier) summation: the error of the sum does not grow with the number of
 * terms, so a pass@k from a product of a million factors, or a mean over a million problems, keeps its last
 * digits. Mutable, not thread-safe. Internal: not part of the supported API, may change without notice.
 */
public final class NeumaierSum {
    private double sum;
    private double compensation;

    public void reset() {
        sum = 0;
        compensation = 0;
    }

    public void add(double x) {
        double t = sum + x;
        if (Math.abs(sum) >= Math.abs(x)) {
            compensation += (sum - t) + x;
        } else {
            compensation += (x - t) + sum;
        }
        sum = t;
    }

    /** Adds another sum with its compensation. */
    public void add(NeumaierSum other) {
        add(other.sum);
        add(other.compensation);
    }

    public double value() {
        // An infinite sum makes the compensation NaN (inf - inf): the sum is the answer then.
        return Double.isInfinite(sum) ? sum : sum + compensation;
    }
}
