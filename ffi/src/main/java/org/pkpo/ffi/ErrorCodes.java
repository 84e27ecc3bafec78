package org.pkpo.ffi;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * The negative codes of {@code native-headers/pkpo.h} ({@code pkpo_error_t}), and how a Java exception maps
 * onto one. The engine reports every problem as an {@link IllegalArgumentException} whose message names the
 * values; the C side already checked NULL, alignment, sizes and overlap of the buffers it was given, so what
 * reaches this class is mostly k against group sizes, non-finite rewards and bad offsets. The C++ host test
 * asserts the code of every error path, so a change in the engine's wording shows up there.
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
        if (!(t instanceof IllegalArgumentException)) {
            return INTERNAL;
        }
        String m = t.getMessage() == null ? "" : t.getMessage();
        if (m.startsWith("non-finite reward")) {
            return NON_FINITE;
        }
        if (m.contains("<= k") || m.contains("k = 1") || m.startsWith("k must be") || m.contains("has no k")
                || m.contains("needs n >= k")) {
            return BAD_K;
        }
        if (m.contains("is not aligned")) {
            return MISALIGNED;
        }
        if (m.contains("but the call needs") || m.contains("must hold groups+1")) {
            return BUFFER_TOO_SMALL;
        }
        if (m.contains("overlap")) {
            return OVERLAP;
        }
        if (m.endsWith("is null") || m.contains("must not be null")) {
            return NULL_POINTER;
        }
        return INVALID_ARGUMENT;
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
