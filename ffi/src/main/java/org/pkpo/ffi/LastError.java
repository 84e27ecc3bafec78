package org.pkpo.ffi;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.pkpo.PkpoException;

/**
 * How a Java exception becomes a {@code pkpo.h} code and the calling thread's {@code pkpo_last_error()} text.
 * The engine's {@link PkpoException} carries its {@link PkpoException.Reason}, which maps one to one
 * ({@link AbiCodes#of}); any other IllegalArgumentException is an invalid argument, anything else internal.
 */
// Wrapping the raw address of the host's error buffer (reinterpret) is a restricted FFM operation; the JVM
// runs with --enable-native-access=ALL-UNNAMED.
@SuppressWarnings("restricted")
final class LastError {
    private LastError() {
    }

    /** The code for an exception thrown by the engine or by our own checks. */
    static AbiCodes.ErrorCode classify(Throwable t) {
        if (t instanceof PkpoException p) {
            return AbiCodes.of(p.reason());
        }
        return t instanceof IllegalArgumentException ? AbiCodes.ErrorCode.INVALID_ARGUMENT : AbiCodes.ErrorCode.INTERNAL;
    }

    /**
     * Copies the message of {@code t} into the caller's thread-local C buffer as NUL-terminated UTF-8, cut to
     * fit, and returns its code. Never throws: an exception escaping an upcall would end the host process.
     */
    static int report(Throwable t, long errBuf, int errCap) {
        AbiCodes.ErrorCode code;
        try {
            code = classify(t);
        } catch (Throwable ignored) {
            code = AbiCodes.ErrorCode.INTERNAL;
        }
        try {
            if (errBuf != 0 && errCap > 0) {
                String text = t.getMessage();
                if (code == AbiCodes.ErrorCode.INTERNAL || text == null) {
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
        return code.code;
    }
}
