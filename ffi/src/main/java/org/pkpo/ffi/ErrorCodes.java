package org.pkpo.ffi;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.pkpo.PkpoException;

/**
 * The negative codes of {@code native-headers/pkpo.h} ({@code pkpo_error_t}), and how a Java exception maps
 * onto one: the engine's {@link PkpoException} carries its {@link PkpoException.Reason}, which maps one to
 * one; any other IllegalArgumentException is an invalid argument, anything else internal. The C side
 * already checked NULL, alignment, sizes and overlap of the buffers it was given.
 */
// Wrapping raw host addresses (reinterpret) and making upcall stubs are restricted FFM operations: that
// is the whole point of this module, and the JVM runs with --enable-native-access=ALL-UNNAMED.
@SuppressWarnings("restricted")
final class ErrorCodes {
    private ErrorCodes() {
    }

    static final int OK = 0;
    static final int INVALID_ARGUMENT = -1;
    static final int NULL_POINTER = -2;
    static final int MISALIGNED = -3;
    static final int BUFFER_TOO_SMALL = -4;
    static final int OVERLAP = -5;
    static final int BAD_K = -6;
    static final int NON_FINITE = -7;
    static final int INTERNAL = -14;

    /** The code for an exception thrown by the engine or by our own checks. */
    static int classify(Throwable t) {
        if (t instanceof PkpoException p) {
            return switch (p.reason()) {
                case INVALID_ARGUMENT -> INVALID_ARGUMENT;
                case NULL_POINTER -> NULL_POINTER;
                case MISALIGNED -> MISALIGNED;
                case BUFFER_TOO_SMALL -> BUFFER_TOO_SMALL;
                case OVERLAP -> OVERLAP;
                case BAD_K -> BAD_K;
                case NON_FINITE -> NON_FINITE;
            };
        }
        return t instanceof IllegalArgumentException ? INVALID_ARGUMENT : INTERNAL;
    }

    /**
     * Copies the message of {@code t} into the caller's thread-local C buffer as NUL-terminated UTF-8, cut to
     * fit, and returns its code. Never throws: an exception escaping an upcall would end the host process.
     */
    static int report(Throwable t, long errBuf, int errCap) {
        int code;
        try {
            code = classify(t);
        } catch (Throwable ignored) {
            code = INTERNAL;
        }
        try {
            if (errBuf != 0 && errCap > 0) {
                String text = t.getMessage();
                if (code == INTERNAL || text == null) {
                    text = t.toString();
                }
                byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                int len = Math.min(utf8.length, errCap - 1);
                MemorySegment dst = MemorySegment.ofAddress(errBuf).reinterpret(errCap);
                MemorySegment.copy(utf8, 0, dst, ValueLayout.JAVA_BYTE, 0, len);
                dst.set(ValueLayout.JAVA_BYTE, len, (byte) 0);
            }
        } catch (Throwable ignored) {
            // Nothing more we can safely do; the code alone still tells the host what happened.
        }
        return code;
    }
}
