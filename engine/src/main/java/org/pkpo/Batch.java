package org.pkpo;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One validated call: where the groups are and where their outputs go. Uniform batches have {@code n >= 0};
 * ragged ones have {@code n == -1} and an offsets segment of groups+1 int32 or int64 element indices.
 * Output positions mirror input positions, except for per-group estimators (rho), which write element g.
 */
final class Batch {
    final DType type;
    final MemorySegment in;
    final MemorySegment out;
    final long groups;
    final int n;
    final MemorySegment offsets;
    final ValueLayout offsetLayout;

    Batch(DType type, MemorySegment in, MemorySegment out, long groups, int n, MemorySegment offsets,
            ValueLayout offsetLayout) {
        this.type = type;
        this.in = in;
        this.out = out;
        this.groups = groups;
        this.n = n;
        this.offsets = offsets;
        this.offsetLayout = offsetLayout;
    }

    boolean uniform() {
        return n >= 0;
    }

    long start(long g) {
        return n >= 0 ? g * n : offset(g);
    }

    long end(long g) {
        return n >= 0 ? (g + 1) * n : offset(g + 1);
    }

    long offset(long i) {
        return offsetLayout == ValueLayout.JAVA_INT
                ? offsets.getAtIndex(ValueLayout.JAVA_INT, i)
                : offsets.getAtIndex(ValueLayout.JAVA_LONG, i);
    }

    double get(long i) {
        return type == DType.F64
                ? in.getAtIndex(ValueLayout.JAVA_DOUBLE, i)
                : in.getAtIndex(ValueLayout.JAVA_FLOAT, i);
    }

    void set(long i, double v) {
        if (type == DType.F64) {
            out.setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
        } else {
            out.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) v);
        }
    }
}
