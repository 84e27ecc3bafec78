package org.pkpo.internal.call;

import org.pkpo.DType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One validated call: where the groups are and where their outputs go. Uniform batches have {@code n >= 0};
 * ragged ones have {@code n == -1} and an offsets segment of groups+1 int32 or int64 element indices.
 * Output positions mirror input positions, except for per-group estimators (rho), which write element g.
 */
public final class Batch {
    public DType type;
    public MemorySegment in;
    public MemorySegment out;
    public long groups;
    public int n;
    public MemorySegment offsets;
    public ValueLayout offsetLayout;
    /**
     * The float[] or double[] behind {@code in} when the caller handed the engine an array (null otherwise): vector
     * kernels read it directly, since C2 intrinsifies vector loads from a heap segment only when its profile
     * proves the segment's array type, and boxes every vector otherwise (JIT log with -XX:+PrintIntrinsics:
     * "not supported ... atype=*illegal*").
     */
    public Object inArray;
    /**
     * The float[] or double[] behind {@code out} (element 0 at offset 0), or null: set by {@link #outArray(Object)}
     * after {@link #reset}, so that the lane kernels write scattered groups with plain stores instead of one
     * MemorySegment.copy per group.
     */
    public Object outArray;

    public Batch(DType type, MemorySegment in, MemorySegment out, long groups, int n, MemorySegment offsets,
            ValueLayout offsetLayout) {
        this(type, in, out, groups, n, offsets, offsetLayout, null);
    }

    /** With the array behind {@code in} (a float[] for F32, a double[] for F64, segment from MemorySegment.ofArray). */
    public Batch(DType type, MemorySegment in, MemorySegment out, long groups, int n, MemorySegment offsets,
            ValueLayout offsetLayout, Object inArray) {
        reset(type, in, out, groups, n, offsets, offsetLayout, inArray);
    }

    /** An empty batch, for a caller that {@link #reset}s one per thread. */
    public Batch() {
    }

    /**
     * Makes this the description of another call. The fields are not final so that the C ABI can keep one Batch
     * per host thread and allocate nothing per call; a Batch is only ever used by the one call that filled it
     * (handed to helper threads through the pool's hand-off, which publishes it).
     */
    public Batch reset(DType type, MemorySegment in, MemorySegment out, long groups, int n, MemorySegment offsets,
            ValueLayout offsetLayout, Object inArray) {
        this.inArray = inArray;
        this.outArray = null;
        this.type = type;
        this.in = in;
        this.out = out;
        this.groups = groups;
        this.n = n;
        this.offsets = offsets;
        this.offsetLayout = offsetLayout;
        return this;
    }

    /** Names the array behind {@code out} (see {@link #outArray}); returns this. */
    public Batch outArray(Object array) {
        this.outArray = array;
        return this;
    }

    public boolean uniform() {
        return n >= 0;
    }

    public long start(long g) {
        return n >= 0 ? g * n : offset(g);
    }

    public long end(long g) {
        return n >= 0 ? (g + 1) * n : offset(g + 1);
    }

    public long offset(long i) {
        return offsetLayout == ValueLayout.JAVA_INT
                ? offsets.getAtIndex(ValueLayout.JAVA_INT, i)
                : offsets.getAtIndex(ValueLayout.JAVA_LONG, i);
    }

    public double get(long i) {
        return type == DType.F64
                ? in.getAtIndex(ValueLayout.JAVA_DOUBLE, i)
                : in.getAtIndex(ValueLayout.JAVA_FLOAT, i);
    }

    public void set(long i, double v) {
        if (type == DType.F64) {
            out.setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
        } else {
            out.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) v);
        }
    }
}
