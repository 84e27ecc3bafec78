package org.pkpo.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The one JNI entry of {@code libpkpo.so}: called once from {@code pkpo_init}, it makes an FFM upcall stub for
 * every entry point and writes their addresses into the C function table whose address it is given. From then
 * on the C side calls Java through plain function pointers, with no JNI per call; host threads the JVM has never
 * seen are attached by the stubs themselves.
 *
 * <p>The stubs live in the global arena: they must stay valid until the JVM is destroyed.
 */
// Wrapping raw host addresses (reinterpret) and making upcall stubs are restricted FFM operations: that
// is the whole point of this module, and the JVM runs with --enable-native-access=ALL-UNNAMED.
@SuppressWarnings("restricted")
public final class NativeBridge {
    private NativeBridge() {
    }

    /**
     * Version of the table layout shared with {@code ffi/src/main/c/pkpo_bridge.h}; {@code libpkpo.so} and the jar
     * must agree on it.
     */
    public static final int BRIDGE_VERSION = 4;

    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG;

    /** The table's entries, in the order of {@code struct pkpo_bridge_table}. */
    private enum Entry {
        TRANSFORM("transform", FunctionDescriptor.of(I, I, I, I, I, I, L, L, L, L, L, I, L, L, L, I)),
        ESTIMATE("estimate", FunctionDescriptor.of(I, I, L, L, L, I, L, L, I, I, L, L, L, L, I)),
        PASS_AT_K("passAtK", FunctionDescriptor.of(I, L, L, L, I, L, L, I)),
        EVAL_COUNTS("evalCounts", FunctionDescriptor.of(I, I, L, L, L, L, I, L, L, L, L, L, L, I)),
        TRANSFORM_GROUPS("transformGroups",
                FunctionDescriptor.of(I, I, I, I, I, I, I, L, L, L, I, I, L, L, L, L, L, L, L, L, L, I));

        final String method;
        final FunctionDescriptor descriptor;

        Entry(String method, FunctionDescriptor descriptor) {
            this.method = method;
            this.descriptor = descriptor;
        }
    }

    private static volatile boolean done;

    /**
     * Fills the C table at {@code table} (which holds {@code entries} function pointers) and returns 0, or
     * returns a negative {@code pkpo.h} code with a message written to {@code err} (a C buffer of
     * {@code errCap} bytes). Never throws.
     */
    public static synchronized int bootstrap(long table, int entries, int bridgeVersion, long err, int errCap) {
        try {
            if (bridgeVersion != BRIDGE_VERSION || entries != Entry.values().length) {
                throw new IllegalStateException("libpkpo.so and the pkpo-ffi jar do not match: the library has bridge"
                        + " version " + bridgeVersion + " with " + entries + " entries, the jar version "
                        + BRIDGE_VERSION + " with " + Entry.values().length);
            }
            if (table == 0) {
                throw new IllegalArgumentException("table is null");
            }
            if (done) {
                throw new IllegalStateException("bootstrap already ran in this JVM");
            }
            Linker linker = Linker.nativeLinker();
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MemorySegment slots = MemorySegment.ofAddress(table).reinterpret((long) entries * ValueLayout.ADDRESS.byteSize());
            for (Entry e : Entry.values()) {
                MethodType type = e.descriptor.toMethodType();
                MethodHandle target = lookup.findStatic(Upcalls.class, e.method, type);
                MemorySegment stub = linker.upcallStub(target, e.descriptor, Arena.global());
                slots.setAtIndex(ValueLayout.ADDRESS, e.ordinal(), stub);
            }
            done = true;
            return AbiCodes.ErrorCode.OK.code;
        } catch (Throwable t) {
            LastError.report(t, err, errCap);
            return AbiCodes.ErrorCode.INTERNAL.code;
        }
    }
}
