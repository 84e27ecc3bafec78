package org.pkpo.internal.call;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The internal form of a public {@link org.pkpo.Groups}: how samples form groups (uniform n, offsets or
 * per-sample ids), an optional validity mask (one byte per sample, nonzero = valid) and optional k per
 * group (int32, one per group) or one k for all. Immutable; the segments are the caller's memory, read at
 * call time.
 */
public final class Grouping {
    public enum Kind {
        UNIFORM, OFFSETS, IDS
    }

    public final Kind kind;
    /** UNIFORM: samples per group. */
    public final int n;
    /** OFFSETS: groups+1 entries of {@link #indexLayout}; IDS: one id per sample of {@link #indexLayout}. */
    public final MemorySegment index;
    /** JAVA_INT or JAVA_LONG. */
    public final ValueLayout indexLayout;
    /** OFFSETS: the number of groups (-1: from the segment's size, arrays). */
    public final long offsetGroups;
    /** Null: every sample valid. */
    public final MemorySegment mask;
    /** Null: one k for all groups ({@link #oneK}, or the transform's k when 0). */
    public final MemorySegment ks;
    public final int oneK;

    public Grouping(Kind kind, int n, MemorySegment index, ValueLayout indexLayout, long offsetGroups,
            MemorySegment mask, MemorySegment ks, int oneK) {
        this.kind = kind;
        this.n = n;
        this.index = index;
        this.indexLayout = indexLayout;
        this.offsetGroups = offsetGroups;
        this.mask = mask;
        this.ks = ks;
        this.oneK = oneK;
    }

    public Grouping withMask(MemorySegment mask) {
        return new Grouping(kind, n, index, indexLayout, offsetGroups, mask, ks, oneK);
    }

    public Grouping withK(MemorySegment ks, int oneK) {
        return new Grouping(kind, n, index, indexLayout, offsetGroups, mask, ks, oneK);
    }

    public long index(long i) {
        return indexLayout == ValueLayout.JAVA_INT ? index.getAtIndex(ValueLayout.JAVA_INT, i)
                : index.getAtIndex(ValueLayout.JAVA_LONG, i);
    }
}
