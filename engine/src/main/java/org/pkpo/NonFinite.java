package org.pkpo;

/** What to do with NaN and infinite rewards. */
public enum NonFinite {
    /** Reject the whole call, naming the group, the position and the value; nothing is written. */
    REJECT,
    /**
     * Leave such a sample out of its group (its output is 0) and transform the rest as a smaller group; a
     * group left too small for k or for its baseline gets all zeros. {@link TransformReport} counts both.
     */
    EXCLUDE
}
