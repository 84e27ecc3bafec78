package org.pkpo.adapters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pkpo.DType;
import org.pkpo.Estimator;
import org.pkpo.Transform;

@ExtendWith(TestSeeds.class)
class ChronicleSegmentsTest {
    private static final Transform T = Transform.of(Estimator.SLOO_MINUS_ONE, 4);

    private final List<BytesStore<?, ?>> toRelease = new ArrayList<>();

    @AfterEach
    void release() {
        for (BytesStore<?, ?> s : toRelease) {
            if (s.refCount() > 0) {
                s.releaseLast();
            }
        }
    }

    private <S extends BytesStore<?, ?>> S track(S s) {
        toRelease.add(s);
        return s;
    }

    private BytesStore<?, ?> nativeStore(long bytes) {
        return track(BytesStore.nativeStoreWithFixedCapacity(bytes));
    }

    private BytesStore<?, ?> f64Store(double[] x) {
        BytesStore<?, ?> s = nativeStore(x.length * 8L);
        for (int i = 0; i < x.length; i++) {
            s.writeDouble(i * 8L, x[i]);
        }
        return s;
    }

    private BytesStore<?, ?> f32Store(float[] x) {
        BytesStore<?, ?> s = nativeStore(x.length * 4L);
        for (int i = 0; i < x.length; i++) {
            s.writeFloat(i * 4L, x[i]);
        }
        return s;
    }

    private static double[] f64(BytesStore<?, ?> s, int count) {
        double[] x = new double[count];
        for (int i = 0; i < count; i++) {
            x[i] = s.readDouble(s.start() + i * 8L);
        }
        return x;
    }

    private static float[] f32(BytesStore<?, ?> s, int count) {
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = s.readFloat(s.start() + i * 4L);
        }
        return x;
    }

    // ---- same results as the heap arrays, and nothing copied ------------------------------------------

    @Test
    void f64UniformEqualsHeapArrays() {
        int groups = 37;
        int n = 8;
        double[] x = Rewards.f64(groups * n, 21);
        BytesStore<?, ?> in = f64Store(x);
        BytesStore<?, ?> out = nativeStore(x.length * 8L);
        T.apply(DType.F64, ChronicleSegments.ofReadOnly(in), groups, n, ChronicleSegments.of(out));
        assertArrayEquals(T.apply(x, n), f64(out, x.length)); // written straight into the store
        assertArrayEquals(x, f64(in, x.length));
    }

    @Test
    void f32UniformInPlaceEqualsHeapArrays() {
        int groups = 41;
        int n = 16;
        float[] x = Rewards.f32(groups * n, 22);
        BytesStore<?, ?> store = f32Store(x);
        MemorySegment seg = ChronicleSegments.of(store);
        T.apply(DType.F32, seg, groups, n, seg);
        assertArrayEquals(T.apply(x, n), f32(store, x.length));
    }

    @Test
    void raggedWithOffsetsInAStore() {
        int[] offsets = Rewards.raggedOffsets(23, 4, 23);
        int count = offsets[offsets.length - 1];
        BytesStore<?, ?> offStore = nativeStore(offsets.length * 8L);
        for (int i = 0; i < offsets.length; i++) {
            offStore.writeLong(i * 8L, offsets[i]);
        }
        MemorySegment off = ChronicleSegments.ofReadOnly(offStore);

        double[] d = Rewards.f64(count, 24);
        BytesStore<?, ?> dOut = nativeStore(count * 8L);
        T.applyRagged(DType.F64, ChronicleSegments.of(f64Store(d)), off, offsets.length - 1, ChronicleSegments.of(dOut));
        assertArrayEquals(T.applyRagged(d, offsets), f64(dOut, count));

        float[] f = Rewards.f32(count, 25);
        BytesStore<?, ?> fStore = f32Store(f);
        MemorySegment fSeg = ChronicleSegments.of(fStore);
        T.applyRagged(DType.F32, fSeg, off, offsets.length - 1, fSeg); // in place
        assertArrayEquals(T.applyRagged(f, offsets), f32(fStore, count));
    }

    @Test
    void nativeStoreSegmentIsTheStoresMemory() {
        BytesStore<?, ?> store = nativeStore(64);
        MemorySegment seg = ChronicleSegments.of(store);
        assertEquals(store.addressForRead(store.start()), seg.address());
        assertEquals(64, seg.byteSize());
        assertTrue(seg.isNative());
        store.writeDouble(16, 4.25);
        assertEquals(4.25, seg.get(ValueLayout.JAVA_DOUBLE, 16));
        seg.set(ValueLayout.JAVA_DOUBLE, 24, -1.5);
        assertEquals(-1.5, store.readDouble(24));
    }

    @Test
    void storeOverADirectByteBuffer() {
        ByteBuffer bb = ByteBuffer.allocateDirect(12 * 8).order(ByteOrder.nativeOrder());
        BytesStore<?, ByteBuffer> store = track(BytesStore.wrap(bb));
        MemorySegment seg = ChronicleSegments.of(store);
        assertEquals(MemorySegment.ofBuffer(bb).address(), seg.address());
        assertEquals(96, seg.byteSize());
        double[] x = Rewards.f64(12, 26);
        for (int i = 0; i < x.length; i++) {
            store.writeDouble(i * 8L, x[i]);
        }
        T.apply(DType.F64, seg, 2, 6, seg);
        assertArrayEquals(T.apply(x, 6), f64(store, 12));
        assertEquals(T.apply(x, 6)[7], bb.getDouble(7 * 8)); // the ByteBuffer sees it too
    }

    @Test
    void pointerStoreOverRawMemory() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mem = arena.allocate(10 * 4, 4);
            BytesStore<?, ?> store = BytesStore.wrap(mem.address(), mem.byteSize());
            MemorySegment seg = ChronicleSegments.of(store);
            assertEquals(mem.address(), seg.address());
            assertEquals(40, seg.byteSize());
            float[] x = Rewards.f32(10, 27);
            MemorySegment.copy(x, 0, mem, ValueLayout.JAVA_FLOAT, 0, 10);
            T.apply(DType.F32, seg, 2, 5, seg);
            assertArrayEquals(T.apply(x, 5), f32(store, 10));
        }
    }

    // ---- read-only, heap, elastic, released and bad layouts -------------------------------------------

    @Test
    void readOnlyViewIsRefusedAsOut() {
        BytesStore<?, ?> store = f64Store(Rewards.f64(16, 28));
        MemorySegment ro = ChronicleSegments.ofReadOnly(store);
        assertTrue(ro.isReadOnly());
        assertFalse(ChronicleSegments.of(store).isReadOnly());
        assertEquals("out is read-only", assertThrows(IllegalArgumentException.class,
                () -> T.apply(DType.F64, ro, 2, 8, ro)).getMessage());
    }

    @Test
    void heapStoresAreRejectedClearly() {
        List<BytesStore<?, ?>> heap = List.of(BytesStore.wrap(new byte[64]), BytesStore.wrap(ByteBuffer.allocate(64)));
        for (BytesStore<?, ?> s : heap) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChronicleSegments.of(s));
            assertTrue(e.getMessage().contains("is on the heap, which has byte alignment only")
                    && e.getMessage().contains("use a native store"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ChronicleSegments.ofReadOnly(s));
        }
        assertEquals("store is null", assertThrows(IllegalArgumentException.class,
                () -> ChronicleSegments.of(null)).getMessage());
    }

    @Test
    void elasticBytesAreRejected() {
        Bytes<?> elastic = track(Bytes.allocateElasticDirect(64));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChronicleSegments.of(elastic));
        assertTrue(e.getMessage().contains("moves its memory when it grows"), e.getMessage());
    }

    @Test
    void directBytesAtItsCapacity() {
        Bytes<?> bytes = track(Bytes.allocateDirect(16 * 8)); // elastic, but it cannot grow past 128 bytes
        double[] x = Rewards.f64(16, 30);
        for (int i = 0; i < x.length; i++) {
            bytes.writeDouble(i * 8L, x[i]);
        }
        MemorySegment seg = ChronicleSegments.of(bytes);
        assertEquals(bytes.addressForRead(bytes.start()), seg.address());
        assertEquals(128, seg.byteSize());
        T.apply(DType.F64, seg, 2, 8, seg);
        assertArrayEquals(T.apply(x, 8), f64(bytes, 16));
    }

    @Test
    void releasedStoreIsRejected() {
        BytesStore<?, ?> store = BytesStore.nativeStoreWithFixedCapacity(64);
        store.releaseLast();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChronicleSegments.of(store));
        assertTrue(e.getMessage().endsWith("is released: its memory is gone"), e.getMessage());
    }

    @Test
    void misalignedStoreGetsTheEnginesMessage() {
        BytesStore<?, ?> backing = nativeStore(128);
        BytesStore<?, ?> odd = BytesStore.wrap(backing.addressForRead(0) + 4, 64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> T.apply(DType.F64, ChronicleSegments.of(odd), 1, 8, MemorySegment.ofArray(new double[8])));
        assertTrue(e.getMessage().startsWith("rewards at 0x")
                && e.getMessage().endsWith("is not aligned to 8 bytes, as f64 values must be"), e.getMessage());
        // 4-byte aligned is enough for f32.
        float[] x = Rewards.f32(16, 29);
        MemorySegment seg = ChronicleSegments.of(odd);
        MemorySegment.copy(x, 0, seg, ValueLayout.JAVA_FLOAT, 0, 16);
        T.apply(DType.F32, seg, 2, 8, seg);
        assertArrayEquals(T.apply(x, 8), seg.toArray(ValueLayout.JAVA_FLOAT));
    }

    @Test
    void tooSmallStoreGetsTheEnginesMessage() {
        BytesStore<?, ?> small = nativeStore(10 * 8);
        assertEquals("rewards holds 10 f64 values but the call needs 12", assertThrows(IllegalArgumentException.class,
                () -> T.apply(DType.F64, ChronicleSegments.of(small), 3, 4, MemorySegment.ofArray(new double[12])))
                .getMessage());
        assertEquals("out holds 20 f32 values but the call needs 24", assertThrows(IllegalArgumentException.class,
                () -> T.apply(DType.F32, MemorySegment.ofArray(new float[24]), 3, 8, ChronicleSegments.of(small)))
                .getMessage());
    }
}
