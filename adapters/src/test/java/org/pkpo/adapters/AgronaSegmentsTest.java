package org.pkpo.adapters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pkpo.DType;
import org.pkpo.Estimator;
import org.pkpo.Transform;
import org.pkpo.TransformReport;

@ExtendWith(TestSeeds.class)
class AgronaSegmentsTest {
    private static final Transform T = Transform.of(Estimator.SLOO_MINUS_ONE, 4);

    private static UnsafeBuffer direct(int bytes) {
        return new UnsafeBuffer(ByteBuffer.allocateDirect(bytes));
    }

    private static UnsafeBuffer f64Buffer(double[] x) {
        UnsafeBuffer b = direct(x.length * 8);
        for (int i = 0; i < x.length; i++) {
            b.putDouble(i * 8, x[i]);
        }
        return b;
    }

    private static UnsafeBuffer f32Buffer(float[] x) {
        UnsafeBuffer b = direct(x.length * 4);
        for (int i = 0; i < x.length; i++) {
            b.putFloat(i * 4, x[i]);
        }
        return b;
    }

    private static double[] f64(DirectBuffer b, int count) {
        double[] x = new double[count];
        for (int i = 0; i < count; i++) {
            x[i] = b.getDouble(i * 8);
        }
        return x;
    }

    private static float[] f32(DirectBuffer b, int count) {
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = b.getFloat(i * 4);
        }
        return x;
    }

    private static UnsafeBuffer offsetsBuffer(int[] offsets) {
        UnsafeBuffer b = direct(offsets.length * 8);
        for (int i = 0; i < offsets.length; i++) {
            b.putLong(i * 8, offsets[i]);
        }
        return b;
    }

    // ---- same results as the heap arrays, and nothing copied ------------------------------------------

    @Test
    void f64UniformEqualsHeapArrays() {
        int groups = 37;
        int n = 8;
        double[] x = Rewards.f64(groups * n, 1);
        UnsafeBuffer in = f64Buffer(x);
        UnsafeBuffer out = direct(x.length * 8);
        TransformReport r = T.apply(DType.F64, AgronaSegments.of(in), groups, n, AgronaSegments.ofMutable(out));
        assertEquals(groups, r.groups());
        assertArrayEquals(T.apply(x, n), f64(out, x.length)); // written straight into the Agrona buffer
        assertArrayEquals(x, f64(in, x.length));
    }

    @Test
    void f32UniformInPlaceEqualsHeapArrays() {
        int groups = 41;
        int n = 16;
        float[] x = Rewards.f32(groups * n, 2);
        UnsafeBuffer buf = f32Buffer(x);
        MemorySegment seg = AgronaSegments.ofMutable(buf);
        T.apply(DType.F32, seg, groups, n, seg);
        assertArrayEquals(T.apply(x, n), f32(buf, x.length));
    }

    @Test
    void raggedWithOffsetsInAnAgronaBuffer() {
        int[] offsets = Rewards.raggedOffsets(23, 4, 3);
        int count = offsets[offsets.length - 1];
        MemorySegment off = AgronaSegments.of(offsetsBuffer(offsets)); // read-only input is fine
        assertTrue(off.isReadOnly());

        double[] d = Rewards.f64(count, 4);
        UnsafeBuffer dIn = f64Buffer(d);
        UnsafeBuffer dOut = direct(count * 8);
        T.applyRagged(DType.F64, AgronaSegments.of(dIn), off, offsets.length - 1, AgronaSegments.ofMutable(dOut));
        assertArrayEquals(T.applyRagged(d, offsets), f64(dOut, count));

        float[] f = Rewards.f32(count, 5);
        UnsafeBuffer fBuf = f32Buffer(f);
        MemorySegment fSeg = AgronaSegments.ofMutable(fBuf);
        T.applyRagged(DType.F32, fSeg, off, offsets.length - 1, fSeg); // in place
        assertArrayEquals(T.applyRagged(f, offsets), f32(fBuf, count));
    }

    @Test
    void rhoWritesOneValuePerGroup() {
        Transform rho = Transform.of(Estimator.RHO, 2);
        double[] x = Rewards.f64(6 * 5, 6);
        UnsafeBuffer out = direct(6 * 8);
        rho.apply(DType.F64, AgronaSegments.of(f64Buffer(x)), 6, 5, AgronaSegments.ofMutable(out));
        assertArrayEquals(rho.apply(x, 5), f64(out, 6));
    }

    @Test
    void directByteBufferSegmentIsTheBuffersMemory() {
        UnsafeBuffer buf = direct(64);
        MemorySegment seg = AgronaSegments.ofMutable(buf);
        assertEquals(buf.addressOffset(), seg.address());
        assertEquals(64, seg.byteSize());
        assertTrue(seg.isNative());
        buf.putDouble(8, 2.5);
        assertEquals(2.5, seg.get(java.lang.foreign.ValueLayout.JAVA_DOUBLE, 8));
    }

    @Test
    void partOfADirectByteBuffer() {
        ByteBuffer bb = ByteBuffer.allocateDirect(256);
        bb.position(100).limit(120); // ignored: the Agrona buffer says which part
        UnsafeBuffer part = new UnsafeBuffer(bb, 64, 96);
        MemorySegment seg = AgronaSegments.ofMutable(part);
        assertEquals(part.addressOffset(), seg.address());
        assertEquals(96, seg.byteSize());

        double[] x = Rewards.f64(12, 7);
        for (int i = 0; i < x.length; i++) {
            part.putDouble(i * 8, x[i]);
        }
        T.apply(DType.F64, seg, 2, 6, seg);
        assertArrayEquals(T.apply(x, 6), f64(part, 12));
        assertEquals(T.apply(x, 6)[0], bb.order(java.nio.ByteOrder.nativeOrder()).getDouble(64)); // so does the ByteBuffer
    }

    @Test
    void rawNativeAddress() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mem = arena.allocate(10 * 8, 8);
            UnsafeBuffer buf = new UnsafeBuffer(mem.address(), 10 * 8);
            MemorySegment seg = AgronaSegments.ofMutable(buf);
            assertEquals(mem.address(), seg.address());
            assertEquals(80, seg.byteSize());

            double[] x = Rewards.f64(10, 8);
            for (int i = 0; i < x.length; i++) {
                buf.putDouble(i * 8, x[i]);
            }
            T.apply(DType.F64, seg, 2, 5, seg);
            assertArrayEquals(T.apply(x, 5), mem.toArray(java.lang.foreign.ValueLayout.JAVA_DOUBLE));
        }
    }

    @Test
    void expandableDirectByteBuffer() {
        ExpandableDirectByteBuffer buf = new ExpandableDirectByteBuffer(32 * 4);
        float[] x = Rewards.f32(32, 9);
        for (int i = 0; i < x.length; i++) {
            buf.putFloat(i * 4, x[i]);
        }
        MemorySegment seg = AgronaSegments.ofMutable(buf);
        assertEquals(buf.addressOffset(), seg.address());
        T.apply(DType.F32, seg, 4, 8, seg);
        assertArrayEquals(T.apply(x, 8), f32(buf, 32));
    }

    // ---- read-only, heap and bad layouts --------------------------------------------------------------

    @Test
    void readOnlyViewIsRefusedAsOut() {
        UnsafeBuffer buf = f64Buffer(Rewards.f64(16, 10));
        MemorySegment ro = AgronaSegments.of(buf);
        assertTrue(ro.isReadOnly());
        assertFalse(AgronaSegments.ofMutable(buf).isReadOnly());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> T.apply(DType.F64, ro, 2, 8, ro));
        assertEquals("out is read-only", e.getMessage());
    }

    @Test
    void readOnlyByteBufferGivesAReadOnlySegmentEvenWhenMutable() {
        UnsafeBuffer buf = new UnsafeBuffer(ByteBuffer.allocateDirect(64).asReadOnlyBuffer());
        MemorySegment seg = AgronaSegments.ofMutable(buf);
        assertTrue(seg.isReadOnly());
        assertEquals(buf.addressOffset(), seg.address());
        assertEquals("out is read-only", assertThrows(IllegalArgumentException.class,
                () -> T.apply(DType.F64, MemorySegment.ofArray(new double[8]), 1, 8, seg)).getMessage());
    }

    @Test
    void heapBuffersAreRejectedClearly() {
        MutableDirectBuffer[] heap = {new UnsafeBuffer(new byte[64]), new UnsafeBuffer(ByteBuffer.allocate(64)),
            new UnsafeBuffer(ByteBuffer.allocate(64), 8, 32), new ExpandableArrayBuffer(64)};
        for (MutableDirectBuffer b : heap) {
            for (IllegalArgumentException e : new IllegalArgumentException[] {
                assertThrows(IllegalArgumentException.class, () -> AgronaSegments.of(b)),
                assertThrows(IllegalArgumentException.class, () -> AgronaSegments.ofMutable(b))}) {
                assertTrue(e.getMessage().contains("backed by a byte[] on the heap")
                        && e.getMessage().contains("byte alignment only")
                        && e.getMessage().contains("use an off-heap buffer"), e.getMessage());
            }
        }
        assertEquals("buffer is null", assertThrows(IllegalArgumentException.class,
                () -> AgronaSegments.of(null)).getMessage());
    }

    @Test
    void misalignedBufferGetsTheEnginesMessage() {
        ByteBuffer bb = ByteBuffer.allocateDirect(128);
        UnsafeBuffer odd = new UnsafeBuffer(bb, 1, 64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> T.apply(DType.F64, AgronaSegments.of(odd), 1, 8, MemorySegment.ofArray(new double[8])));
        assertTrue(e.getMessage().startsWith("rewards at 0x")
                && e.getMessage().endsWith("is not aligned to 8 bytes, as f64 values must be"), e.getMessage());

        UnsafeBuffer two = new UnsafeBuffer(bb, 2, 64); // fine for nothing wider than 2 bytes
        MemorySegment out = AgronaSegments.ofMutable(two);
        e = assertThrows(IllegalArgumentException.class,
                () -> T.apply(DType.F32, MemorySegment.ofArray(new float[8]), 1, 8, out));
        assertTrue(e.getMessage().endsWith("is not aligned to 4 bytes, as f32 values must be"), e.getMessage());

        UnsafeBuffer offs = new UnsafeBuffer(bb, 4, 16); // int64 offsets need 8
        e = assertThrows(IllegalArgumentException.class, () -> T.applyRagged(DType.F32,
                MemorySegment.ofArray(new float[8]), AgronaSegments.of(offs), 1, MemorySegment.ofArray(new float[8])));
        assertTrue(e.getMessage().endsWith("is not aligned to 8 bytes"), e.getMessage());
    }

    @Test
    void tooSmallBufferGetsTheEnginesMessage() {
        UnsafeBuffer in = direct(10 * 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> T.apply(DType.F64, AgronaSegments.of(in), 3, 4, MemorySegment.ofArray(new double[12])));
        assertEquals("rewards holds 10 f64 values but the call needs 12", e.getMessage());
        UnsafeBuffer out = direct(11 * 4);
        e = assertThrows(IllegalArgumentException.class,
                () -> T.apply(DType.F32, MemorySegment.ofArray(new float[12]), 3, 4, AgronaSegments.ofMutable(out)));
        assertEquals("out holds 11 f32 values but the call needs 12", e.getMessage());
    }

    // ---- Agrona alone on the class path ---------------------------------------------------------------

    /** The adapter, the engine and Agrona in a loader that cannot see Chronicle: AgronaSegments still works. */
    @Test
    void worksWithoutChronicleOnTheClassPath() throws Exception {
        URL[] urls = {location(AgronaSegments.class), location(Transform.class), location(DirectBuffer.class)};
        try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class,
                    () -> Class.forName("net.openhft.chronicle.bytes.BytesStore", false, loader));
            Class<?> unsafeBuffer = Class.forName("org.agrona.concurrent.UnsafeBuffer", true, loader);
            Object buf = unsafeBuffer.getConstructor(ByteBuffer.class).newInstance(ByteBuffer.allocateDirect(64));
            Class<?> adapter = Class.forName("org.pkpo.adapters.AgronaSegments", true, loader);
            Class<?> mutable = Class.forName("org.agrona.MutableDirectBuffer", false, loader);
            MemorySegment seg = (MemorySegment) adapter.getMethod("ofMutable", mutable).invoke(null, buf);
            assertEquals(unsafeBuffer.getMethod("addressOffset").invoke(buf), seg.address());
            assertEquals(64, seg.byteSize());
            Method putDouble = unsafeBuffer.getMethod("putDouble", int.class, double.class);
            double[] x = Rewards.f64(8, 11);
            for (int i = 0; i < 8; i++) {
                putDouble.invoke(buf, i * 8, x[i]);
            }
            // The engine as loaded there too, so nothing on this path touched Chronicle.
            Class<?> transform = Class.forName("org.pkpo.Transform", true, loader);
            Class<?> estimator = Class.forName("org.pkpo.Estimator", true, loader);
            Class<?> dtype = Class.forName("org.pkpo.DType", true, loader);
            Object t = transform.getMethod("of", estimator, int.class)
                    .invoke(null, estimator.getField("SLOO_MINUS_ONE").get(null), 4);
            transform.getMethod("apply", dtype, MemorySegment.class, long.class, int.class, MemorySegment.class)
                    .invoke(t, dtype.getField("F64").get(null), seg, 1L, 8, seg);
            assertArrayEquals(T.apply(x, 8), seg.toArray(java.lang.foreign.ValueLayout.JAVA_DOUBLE));
        }
    }

    private static URL location(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }
}
