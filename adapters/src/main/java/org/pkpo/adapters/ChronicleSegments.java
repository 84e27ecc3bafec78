package org.pkpo.adapters;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;

/**
 * Chronicle Bytes stores viewed as {@link MemorySegment}s, without copying, for {@link org.pkpo.Transform}'s
 * segment methods. Only this class touches Chronicle, so {@link AgronaSegments} works without it.
 *
 * <pre>{@code
 * BytesStore<?, ?> store = BytesStore.nativeStoreWithFixedCapacity(groups * n * 4L);
 * MemorySegment seg = ChronicleSegments.of(store);
 * Transform.of(Estimator.SLOO_MINUS_ONE, 4).apply(DType.F32, seg, groups, n, seg); // in place
 * store.releaseLast();                                                             // then seg is dead
 * }</pre>
 *
 * <p>The segment starts at the store's {@code start()} and covers its {@code realCapacity()}, so element i
 * of a store of floats is {@code store.readFloat(store.start() + i * 4)}. What it points at:
 * <ul>
 * <li><b>Native stores</b> ({@code nativeStoreWithFixedCapacity}, {@code BytesStore.wrap(address, size)},
 * {@code BytesStore.wrap(directByteBuffer)}, a fixed-capacity direct {@code Bytes}): the memory at
 * {@code addressForRead(start())}. For a store over a direct ByteBuffer the segment is a slice of
 * {@link MemorySegment#ofBuffer}, which keeps the ByteBuffer reachable; otherwise it is
 * {@code MemorySegment.ofAddress(address).reinterpret(size)}, a segment of the global scope. <b>Its lifetime
 * is the store's</b>: after {@code releaseLast()} frees the memory, the segment must not be used. This path
 * calls a restricted method: run with {@code --enable-native-access=ALL-UNNAMED} (or your module).</li>
 * <li><b>Heap stores</b> ({@code BytesStore.wrap(byte[])}, a heap ByteBuffer, {@code Bytes.allocateElasticOnHeap}):
 * rejected with an {@link IllegalArgumentException}. A byte array is only guaranteed byte alignment and the
 * engine reads floats and doubles with aligned accesses, so no segment over one can serve as rewards or out.</li>
 * <li><b>Elastic {@code Bytes}</b> that can still grow: rejected, since growing moves the memory under the
 * segment ({@code Bytes.allocateDirect(n)}, elastic but already at its capacity, is fine). Pass a
 * fixed-capacity store, or {@code bytes.bytesStore()} once it no longer grows (and take a new segment if it
 * does).</li>
 * <li><b>Released stores</b>: rejected.</li>
 * </ul>
 *
 * <p>Chronicle Bytes has no read-only store; {@link #ofReadOnly} gives a read-only view for inputs.
 */
public final class ChronicleSegments {
    private ChronicleSegments() {
    }

    /** A writable view of {@code store}, usable as rewards, offsets and out (also in place). */
    public static MemorySegment of(BytesStore<?, ?> store) {
        return segment(store);
    }

    /** A read-only view of {@code store}, for inputs. The engine refuses it as {@code out} ("out is read-only"). */
    public static MemorySegment ofReadOnly(BytesStore<?, ?> store) {
        return segment(store).asReadOnly();
    }

    @SuppressWarnings("restricted") // reinterpret: the caller vouches for the native memory, see the class doc
    private static MemorySegment segment(BytesStore<?, ?> store) {
        if (store == null) {
            throw new IllegalArgumentException("store is null");
        }
        String what = store.getClass().getSimpleName();
        if (store.refCount() <= 0) {
            throw new IllegalArgumentException(what + " is released: its memory is gone");
        }
        // An elastic Bytes already at its capacity (Bytes.allocateDirect(n)) can no longer grow, so its memory stays.
        if (store instanceof Bytes<?> bytes && bytes.isElastic() && bytes.realCapacity() < bytes.capacity()) {
            throw new IllegalArgumentException("elastic " + what + " (" + bytes.realCapacity() + " of up to "
                    + bytes.capacity() + " bytes) moves its memory when it grows, which would leave the segment"
                    + " dangling: use a fixed-capacity store (e.g. BytesStore.nativeStoreWithFixedCapacity) or"
                    + " bytes.bytesStore() once it no longer grows");
        }
        long start = store.start();
        long size = store.realCapacity() - start;
        if (!store.isDirectMemory()) {
            throw new IllegalArgumentException(what + " of " + size + " bytes is on the heap, which has byte"
                    + " alignment only, so its floats and doubles cannot be read through a MemorySegment: use a"
                    + " native store (e.g. BytesStore.nativeStoreWithFixedCapacity) or copy into a float[]/double[]");
        }
        long address;
        try {
            address = store.addressForRead(start);
        } catch (IllegalStateException | UnsupportedOperationException e) {
            throw new IllegalArgumentException(what + " has no readable address: " + e, e);
        }
        if (store.underlyingObject() instanceof ByteBuffer bb && bb.isDirect()) {
            // Tie the segment to the ByteBuffer when the store's memory lies inside it.
            MemorySegment whole = MemorySegment.ofBuffer(bb.duplicate().clear());
            long offset = address - whole.address();
            if (offset >= 0 && offset + size <= whole.byteSize()) {
                return whole.asSlice(offset, size);
            }
        }
        return MemorySegment.ofAddress(address).reinterpret(size);
    }
}
