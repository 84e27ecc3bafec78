package org.pkpo;

/**
 * Bad input to the engine: an {@link IllegalArgumentException} that also says which kind of problem it is,
 * so that callers (the C ABI's error codes, a trainer's retry logic) can branch without parsing messages.
 * The message always carries the offending values. Thrown before anything is written.
 */
public final class PkpoException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The kinds of bad input. */
    public enum Reason {
        /** An argument out of range: groups < 0, offsets that decrease, c > n, an unknown name, ... */
        INVALID_ARGUMENT,
        /** A required array, segment or option is null. */
        NULL_POINTER,
        /** A segment is not aligned to its element size. */
        MISALIGNED,
        /** A buffer is smaller than the call reads or writes, or array lengths disagree. */
        BUFFER_TOO_SMALL,
        /** The output overlaps the input without being the same memory. */
        OVERLAP,
        /** k does not suit the estimator or a group's size (includes n < k for estimates, Corollary 2). */
        BAD_K,
        /** A NaN or infinite reward under {@link NonFinite#REJECT}. */
        NON_FINITE
    }

    private final Reason reason;

    public PkpoException(Reason reason, String message) {
        super(message);
        this.reason = java.util.Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
