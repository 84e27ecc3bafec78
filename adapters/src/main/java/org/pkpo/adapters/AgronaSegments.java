package org.pkpo.adapters;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Agrona buffers viewed as {@link MemorySegment}s, without copying, for {@link org.pkpo.Transform}'s segment
 * methods. Only this class touches Agrona, so it works with Agrona alone on the class path.
 *
 * <pre>{@code
 * UnsafeBuffer buf = new UnsafeBuffer(ByteBuffer.allocateDirect(groups * n * 8));
 * MemorySegment seg = AgronaSegments.ofMutable(buf);
 * Transform.of(Estimator.SLOO_MINUS_ONE, 4).apply(DType.F64, seg, groups, n, seg); // in place
 * }</pre>
 *
 * <p>The segment covers exactly the buffer's {@link DirectBuffer#capacity() capacity}, starting at its first
 * byte, so element i of a buffer of doubles is {@code buf.getDouble(i * 8)}. What it points at:
 * <ul>
 * <li><b>A direct {@link ByteBuffer}</b> (an {@code UnsafeBuffer} or {@code ExpandableDirectByteBuffer} over
 * one): a slice of {@link MemorySegment#ofBuffer}, which keeps the ByteBuffer reachable and is read-only when
 * the ByteBuffer is.</li>
 * <li><b>A raw native address</b> ({@code new UnsafeBuffer(address, length)}): {@code MemorySegment.ofAddress(
 * address).reinterpret(capacity)}, a segment of the global scope. <b>Its lifetime is the buffer's
 * memory's</b>: nothing stops you from using it after that memory is freed or unmapped, so don't. This path
 * calls a restricted method: run with {@code --enable-native-access=ALL-UNNAMED} (or your module).</li>
 * <li><b>A {@code byte[]} on the heap</b> ({@code new UnsafeBuffer(new byte[..])}, a heap ByteBuffer,
 * {@code ExpandableArrayBuffer}): rejected with an {@link IllegalArgumentException}. A byte array is only
 * guaranteed byte alignment, and the engine reads floats and doubles with aligned accesses, so no segment
 * over a {@code byte[]} can be used as rewards or out. Use an off-heap buffer, or copy into a
 * {@code float[]}/{@code double[]} and call the array methods.</li>
 * </ul>
 *
 * <p>A wrapped buffer that is not itself aligned (say {@code new UnsafeBuffer(direct, 1, 64)}) gives a segment
 * the engine rejects with its own message ({@code rewards at 0x... is not aligned to 8 bytes, ...}), as it does
 * a buffer too small for the call.
 *
 * <p>If the Agrona buffer is later {@code wrap}ped onto other memory, or an expandable buffer grows, the
 * segment still points at the old memory: take a new one after such a change.
 */
public final class AgronaSegments {
    private AgronaSegments() {
    }

    /**
     * A read-only view of {@code buffer}, for rewards and offsets. The engine refuses it as {@code out}
     * ("out is read-only").
     */
    public static MemorySegment of(DirectBuffer buffer) {
        return segment(buffer).asReadOnly();
    }

    /**
     * A writable view of {@code buffer}, usable as {@code out} (and as rewards, also in place). Read-only when
     * the buffer wraps a read-only ByteBuffer.
     */
    public static MemorySegment ofMutable(MutableDirectBuffer buffer) {
        return segment(buffer);
    }

    @SuppressWarnings("restricted") // reinterpret: the caller vouches for the native memory, see the class doc
    private static MemorySegment segment(DirectBuffer buffer) {
        if (buffer == null) {
            throw new IllegalArgumentException("buffer is null");
        }
        int capacity = buffer.capacity();
        if (buffer.byteArray() != null) {
            throw new IllegalArgumentException(buffer.getClass().getSimpleName() + " of " + capacity
                    + " bytes is backed by a byte[] on the heap, which has byte alignment only, so its floats and"
                    + " doubles cannot be read through a MemorySegment: use an off-heap buffer (e.g. UnsafeBuffer over"
                    + " ByteBuffer.allocateDirect) or copy into a float[]/double[]");
        }
        ByteBuffer bb = buffer.byteBuffer();
        if (bb != null && bb.isDirect()) {
            // The whole ByteBuffer whatever its position and limit; the Agrona buffer may wrap part of it.
            MemorySegment whole = MemorySegment.ofBuffer(bb.duplicate().clear());
            long adjustment = buffer.wrapAdjustment();
            if (adjustment >= 0 && adjustment + capacity <= whole.byteSize()
                    && whole.address() + adjustment == buffer.addressOffset()) {
                return whole.asSlice(adjustment, capacity);
            }
        }
        return MemorySegment.ofAddress(buffer.addressOffset()).reinterpret(capacity);
    }
}
