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
    public final DType type;
    public final MemorySegment in;
    public final MemorySegment out;
    public final long groups;
    public final int n;
    public final MemorySegment offsets;
    public final ValueLayout offsetLayout;

    public Batch(DType type, MemorySegment in, MemorySegment out, long groups, int n, MemorySegment offsets,
            ValueLayout offsetLayout) {
        this.type = type;
        this.in = in;
        this.out = out;
        this.groups = groups;
        this.n = n;
        this.offsets = offsets;
        this.offsetLayout = offsetLayout;
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
