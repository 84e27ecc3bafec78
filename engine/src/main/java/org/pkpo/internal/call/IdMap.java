package org.pkpo.internal.call;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.pkpo.DType;

/** Dense group numbers for per-sample ids, in order of first appearance. */
final class IdMap {
    private IdMap() {
    }

    /**
     * Fills w.gstart (and, when the groups are not contiguous runs, w.order: sample indices in group order)
     * and returns the group count, or its complement (~groups) when w.order is used.
     */
    static int map(Grouping gr, int samples, GroupedRunner.Work w, boolean numbers, Object values, DType type, MemorySegment in) {
        if (samples == 0) {
            w.groups(0);
            w.gstart[0] = 0;
            return 0;
        }
        int inRuns = contiguousRuns(gr, samples, w);
        if (inRuns >= 0) {
            return inRuns;
        }
        if (w.idBuf.length < samples) {
            w.idBuf = new long[Math.max(samples, 2 * w.idBuf.length)];
        }
        long[] ids = w.idBuf;
        if (gr.indexLayout == ValueLayout.JAVA_LONG) {
            MemorySegment.copy(gr.index, ValueLayout.JAVA_LONG, 0, ids, 0, samples);
        } else { // widened a step at a time from bulk copies (see heads)
            int[] step = w.idStepInt;
            for (int from = 0; from < samples; from += HEADS_STEP) {
                int len = Math.min(HEADS_STEP, samples - from);
                MemorySegment.copy(gr.index, ValueLayout.JAVA_INT, (long) from * Integer.BYTES, step, 0, len);
                for (int j = 0; j < len; j++) {
                    ids[from + j] = step[j];
                }
            }
        }
        // Pass 1: runs and range.
        long prev = ids[0];
        long min = prev;
        long max = prev;
        int runs = 1;
        for (int i = 1; i < samples; i++) {
            long v = ids[i];
            runs += v != prev ? 1 : 0;
            min = Math.min(min, v);
            max = Math.max(max, v);
            prev = v;
        }
        // A direct table when the ids span at most about twice the samples (dense ids, the common case).
        long span = max - min; // may overflow for int64: then negative, and hashed
        boolean direct = span >= 0 && span < 2L * samples + 1024 && span < (1 << 28);
        if (direct) {
            if (w.direct.length < span + 1) {
                w.direct = new int[(int) Math.max(span + 1, Math.min(GroupedRunner.MAX_SAMPLES, 2L * w.direct.length))];
            }
            Arrays.fill(w.direct, 0, (int) span + 1, 0);
        } else {
            int cap = Integer.highestOneBit(Math.max(16, Math.min(runs, 1 << 12)) * 4 - 1);
            if (w.table.length < 2 * cap) {
                w.table = new long[2 * cap];
            } else {
                Arrays.fill(w.table, 0); // the table grown for an earlier call: no rehashes this time
            }
        }
        w.groups(runs); // groups <= runs
        // Pass 2: look run heads up; contiguous while no id comes back after its run ended.
        int groups = 0;
        int[] gstart = w.gstart;
        int i = 0;
        boolean contiguous = true;
        while (i < samples) {
            long v = ids[i];
            int g = lookup(w, direct, min, v, groups);
            if (g < groups) {
                contiguous = false;
                break;
            }
            groups++;
            gstart[g] = i;
            i++;
            while (i < samples && ids[i] == v) {
                i++;
            }
        }
        if (contiguous) {
            gstart[groups] = samples;
            return groups;
        }
        if (!direct && samples >= PARTITION_MIN) {
            if (values == null) {
                // The partitioned mapping carries the rewards along, from a heap copy: made only for ids that
                // are not in runs (ids in runs, the common case, read the caller's memory), and reused by the call.
                values = w.copiedIn = w.copyIn(type, in, samples);
            }
            return ~partitioned(samples, w, numbers, values);
        }
        // Not contiguous: number every sample's group (the groups seen so far keep their numbers), then a
        // counting pass orders the samples by group, each group's samples in sample order.
        if (w.sampleGroup.length < samples) {
            w.sampleGroup = new int[Math.max(samples, 2 * w.sampleGroup.length)];
            w.order = new int[w.sampleGroup.length];
        }
        int[] sg = w.sampleGroup;
        long runId = 0;
        int runGroup = -1;
        for (i = 0; i < samples; i++) {
            long v = ids[i];
            if (i == 0 || v != runId) {
                runId = v;
                runGroup = lookup(w, direct, min, v, groups);
                if (runGroup == groups) {
                    groups++;
                }
            }
            sg[i] = runGroup;
        }
        Arrays.fill(gstart, 0, groups + 1, 0);
        for (i = 0; i < samples; i++) {
            gstart[sg[i] + 1]++;
        }
        for (int g = 0; g < groups; g++) {
            gstart[g + 1] += gstart[g];
        }
        int[] fill = w.fill;
        System.arraycopy(gstart, 0, fill, 0, groups);
        int[] order = w.order;
        for (i = 0; i < samples; i++) {
            order[fill[sg[i]]++] = i;
        }
        return ~groups;
    }

    /**
     * The common case first: ids in runs, each id in one run. Two passes, no copy of the ids: the run heads go
     * into gstart (one branch-free pass over the caller's ids), then the heads' ids are checked to be distinct.
     * That check sorts the heads' hashes into buckets of about a thousand by their top bits and looks each bucket
     * up in a small table that stays in L1 (one table for all heads misses the cache on nearly every head: 23-30
     * ns each for 65,536 heads in a 512 KB set, measured). The hash is a bijection of the id, so equal hashes are
     * equal ids: the answer is exact. Returns the group count, or -1 when an id heads two runs (the general
     * mapping then takes over).
     */
    static int contiguousRuns(Grouping gr, int samples, GroupedRunner.Work w) {
        boolean wide = gr.indexLayout == ValueLayout.JAVA_LONG;
        // A prefix first: shuffled ids repeat within it almost surely, and then the call is spared two passes over
        // all its samples and tables as large as its runs (one per sample when ids are shuffled).
        int prefix = Math.min(samples, PREFIX);
        int groups = heads(gr.index, wide, prefix, w);
        if (!distinctHeads(groups, w)) {
            return -1;
        }
        if (prefix < samples) {
            groups = heads(gr.index, wide, samples, w);
            if (!distinctHeads(groups, w)) {
                return -1;
            }
        }
        w.groups(groups);
        w.gstart[groups] = samples;
        return groups;
    }

    /** Samples that {@link #contiguousRuns} checks before all of them. */
    private static final int PREFIX = 1 << 13;

    /** Samples per step of {@link #heads}: gstart grows (by copying) between steps, never inside one. */
    static final int HEADS_STEP = 1 << 12;

    /**
     * Writes the start of every run of equal ids to w.gstart, its id to w.headIds, and returns the number of runs.
     * The ids come from the caller's segment one bulk copy per step: read one by one, each read's segment type was a
     * call C2 could not bind where the JIT profile had seen more than one kind of segment (-XX:+PrintInlining in
     * heads: "AbstractMemorySegmentImpl::unsafeGetOffset ... failed to inline: no static binding"), and the loop took
     * about half of a ./pkpo bench --sizes 12:20 --ids contiguous call.
     */
    static int heads(MemorySegment index, boolean wide, int samples, GroupedRunner.Work w) {
        int[] gs = w.gstart;
        long[] hv = w.headIds;
        int cap = Math.min(samples, HEADS_STEP) + 2;
        if (gs.length < cap) {
            gs = w.gstart = new int[cap];
        }
        if (hv.length < gs.length) {
            hv = w.headIds = new long[gs.length];
        }
        long[] step = w.idStep;
        int[] stepInt = w.idStepInt;
        long prev = wide ? index.getAtIndex(ValueLayout.JAVA_LONG, 0) : index.getAtIndex(ValueLayout.JAVA_INT, 0);
        gs[0] = 0;
        hv[0] = prev;
        int c = 1;
        for (int from = 1; from < samples; from += HEADS_STEP) {
            int to = Math.min(samples, from + HEADS_STEP);
            int len = to - from;
            if (gs.length < c + len + 2) {
                gs = w.gstart = Arrays.copyOf(gs, Math.max(c + len + 2, 2 * gs.length));
            }
            if (hv.length < gs.length) {
                hv = w.headIds = Arrays.copyOf(hv, gs.length);
            }
            if (wide) {
                MemorySegment.copy(index, ValueLayout.JAVA_LONG, (long) from * Long.BYTES, step, 0, len);
            } else {
                MemorySegment.copy(index, ValueLayout.JAVA_INT, (long) from * Integer.BYTES, stepInt, 0, len);
                for (int j = 0; j < len; j++) {
                    step[j] = stepInt[j];
                }
            }
            // 64 samples at a time: a word of "id differs from the one before" bits, then one write per run head
            // (about one sample in 16 in trainer batches) instead of two per sample: 3.6 -> 1.7-2.3 ms for the 1M int64
            // ids of 65,536 runs of 12..20 (a microbenchmark of this method).
            int j = 0;
            for (; j + 64 <= len; j += 64) {
                long bits = 0;
                long p = prev;
                for (int q = 0; q < 64; q++) {
                    long v = step[j + q];
                    bits |= (v != p ? 1L : 0L) << q;
                    p = v;
                }
                prev = p;
                for (; bits != 0; bits &= bits - 1) {
                    int q = Long.numberOfTrailingZeros(bits);
                    gs[c] = from + j + q;
                    hv[c] = step[j + q];
                    c++;
                }
            }
            // The rest: every sample writes its index and id at the count; only a new id moves the count on.
            for (; j < len; j++) {
                long v = step[j];
                gs[c] = from + j;
                hv[c] = v;
                c += v != prev ? 1 : 0;
                prev = v;
            }
        }
        return c;
    }

    /** Heads per bucket of {@link #distinctHeads}: their table (about 32 KB) stays in L1. */
    private static final int HEAD_BUCKET = 1 << 10;

    /** Whether the run heads' ids (w.headIds[0..groups), from {@link #heads}) are all different. */
    static boolean distinctHeads(int groups, GroupedRunner.Work w) {
        long[] ids = w.headIds;
        // Buckets of about HEAD_BUCKET heads, at most HEAD_BUCKETS_MAX, their counts in arrays made at that size on a
        // thread's first call: grown with the call's size, that growth was a branch the warm-up had not taken when C2
        // compiled this, and a host's first large call deoptimized on it (-Xlog:deoptimization, unstable_if).
        int bits = Math.min(31 - Integer.numberOfLeadingZeros(Math.max(1, groups / HEAD_BUCKET)),
                Integer.numberOfTrailingZeros(GroupedRunner.Work.HEAD_BUCKETS_MAX));
        int buckets = 1 << bits;
        int shift = 64 - bits; // bits == 0: one bucket (a shift by 64 is a shift by 0; the top is masked below)
        long top = bits == 0 ? 0 : -1L;
        if (w.idBuf.length < groups) {
            w.idBuf = new long[Math.max(groups, 2 * w.idBuf.length)];
        }
        if (w.headKeys.length < groups) {
            w.headKeys = new long[Math.max(groups, 2 * w.headKeys.length)];
        }
        long[] hs = w.idBuf;
        long[] sorted = w.headKeys;
        if (w.headStart.length == 0) {
            w.headStart = new int[GroupedRunner.Work.HEAD_BUCKETS_MAX + 1];
            w.headFill = new int[GroupedRunner.Work.HEAD_BUCKETS_MAX];
        }
        int[] start = w.headStart;
        Arrays.fill(start, 0, buckets + 1, 0);
        for (int g = 0; g < groups; g++) {
            long h = mix(ids[g]);
            hs[g] = h;
            start[(int) ((h & top) >>> shift) + 1]++;
        }
        int largest = 0;
        for (int b = 0; b < buckets; b++) {
            largest = Math.max(largest, start[b + 1]);
            start[b + 1] += start[b];
        }
        int[] fill = w.headFill;
        System.arraycopy(start, 0, fill, 0, buckets);
        for (int g = 0; g < groups; g++) {
            long h = hs[g];
            sorted[fill[(int) ((h & top) >>> shift)]++] = h;
        }
        int slots = Integer.highestOneBit(Math.max(32, 2 * largest) - 1) << 1; // at most half full
        if (w.headSet.length < slots) {
            w.headSet = new long[slots];
        }
        long[] t = w.headSet;
        int mask = slots - 1;
        boolean zero = false; // 0 marks an empty slot; only the id 0 hashes to 0
        for (int b = 0; b < buckets; b++) {
            Arrays.fill(t, 0, slots, 0);
            for (int j = start[b], e = start[b + 1]; j < e; j++) {
                long h = sorted[j];
                if (h == 0) {
                    if (zero) {
                        return false;
                    }
                    zero = true;
                    continue;
                }
                int slot = (int) h & mask;
                long x;
                while ((x = t[slot]) != 0) {
                    if (x == h) {
                        return false;
                    }
                    slot = (slot + 1) & mask;
                }
                t[slot] = h;
            }
        }
        return true;
    }

    /** Below this many samples one hash table stays in cache and partitioning does not pay. */
    static final int PARTITION_MIN = 1 << 16;

    /**
     * Shuffled ids with no small range: looking every sample up in one big table misses the cache on every
     * sample. Instead a radix pass partitions the samples by the top bits of their id's hash into partitions of
     * ~4K samples (stable, so in sample order; few enough streams for the TLB), and each partition, while it is
     * in cache, numbers its ids with a stamped table (never cleared) and sorts its samples by group with a
     * counting pass. Groups are numbered in this layout order (partition, then first appearance within it);
     * w.numbers maps them to the call's numbers (first appearance) when {@code numbers} asks for them (per-group
     * k, rho), else {@link GroupedRunner#number} ranks one group for a message. The hash is a bijection of the
     * id (SplitMix64's finaliser), so hashes are compared instead of ids. Fills gstart, order and firstIdx;
     * returns the group count.
     */
    static int partitioned(int samples, GroupedRunner.Work w, boolean numbers, Object values) {
        long[] ids = w.idBuf;
        int bits = Math.max(1, 31 - Integer.numberOfLeadingZeros(samples >>> 12));
        int parts = 1 << bits;
        int shift = 64 - bits;
        w.partitioned(samples, parts);
        int[] start = w.partStart;
        Arrays.fill(start, 0, parts + 1, 0);
        for (int i = 0; i < samples; i++) {
            long h = mix(ids[i]);
            ids[i] = h;
            start[(int) (h >>> shift) + 1]++;
        }
        int largest = 0;
        for (int p = 0; p < parts; p++) {
            largest = Math.max(largest, start[p + 1]);
            start[p + 1] += start[p];
        }
        int[] fill = w.fill.length >= parts ? w.fill : (w.fill = new int[Math.max(parts, w.fill.length * 2)]);
        System.arraycopy(start, 0, fill, 0, parts);
        long[] key = w.partKey;
        int[] idx = w.partIdx;
        // The rewards travel with their samples (as bits), so that the gather reads them in order, not at random.
        if (w.partVal.length < samples) {
            w.partVal = new long[key.length];
        }
        long[] val = w.partVal;
        if (values instanceof float[] f) {
            for (int i = 0; i < samples; i++) {
                long h = ids[i];
                int pos = fill[(int) (h >>> shift)]++;
                key[pos] = h;
                idx[pos] = i;
                val[pos] = Float.floatToRawIntBits(f[i]);
            }
        } else if (values instanceof double[] d) {
            for (int i = 0; i < samples; i++) {
                long h = ids[i];
                int pos = fill[(int) (h >>> shift)]++;
                key[pos] = h;
                idx[pos] = i;
                val[pos] = Double.doubleToRawLongBits(d[i]);
            }
        } else {
            for (int i = 0; i < samples; i++) {
                long h = ids[i];
                int pos = fill[(int) (h >>> shift)]++;
                key[pos] = h;
                idx[pos] = i;
            }
        }
        float[] layF = null;
        double[] layD = null;
        if (values instanceof float[]) {
            if (w.layoutF32.length < samples) {
                w.layoutF32 = new float[Math.max(samples, 2 * w.layoutF32.length)];
            }
            layF = w.layoutF32;
        } else if (values instanceof double[]) {
            if (w.layoutF64.length < samples) {
                w.layoutF64 = new double[Math.max(samples, 2 * w.layoutF64.length)];
            }
            layD = w.layoutF64;
        }
        int cap = Integer.highestOneBit(Math.max(8, 2 * largest) - 1) << 1;
        if (w.stamped.length < 2 * cap) {
            w.stamped = new long[2 * cap];
            w.stamp = 0;
        }
        long[] t = w.stamped;
        int mask = cap - 1;
        if (w.sampleGroup.length < samples) {
            w.sampleGroup = new int[Math.max(samples, 2 * w.sampleGroup.length)];
            w.order = new int[w.sampleGroup.length];
        }
        int[] order = w.order;
        int[] handleOf = w.handleOf;
        int[] firstIdx = w.firstIdx;
        int[] count = w.handleCount;
        int[] hstart = w.handleStart;
        int stamp = w.stamp;
        int handles = 0;
        for (int p = 0; p < parts; p++) {
            int s = start[p];
            int e = start[p + 1];
            if (stamp == Integer.MAX_VALUE) {
                Arrays.fill(t, 0);
                stamp = 0;
            }
            stamp++;
            long taken = (long) stamp << 32;
            int h0 = handles;
            for (int pos = s; pos < e; pos++) {
                long v = key[pos];
                // Low bits of the hash: the top ones chose the partition and are equal within it.
                int slot = (int) v & mask;
                int h;
                while (true) {
                    long meta = t[2 * slot + 1];
                    if ((meta & 0xffff_ffff_0000_0000L) != taken) {
                        h = handles++;
                        t[2 * slot] = v;
                        t[2 * slot + 1] = taken | h;
                        firstIdx[h] = idx[pos];
                        count[h] = 0;
                        break;
                    }
                    if (t[2 * slot] == v) {
                        h = (int) meta;
                        break;
                    }
                    slot = (slot + 1) & mask;
                }
                handleOf[pos] = h;
                count[h]++;
            }
            // The partition's samples by group, each group's in sample order (idx ascends within a partition).
            for (int h = h0, at = s; h < handles; h++) {
                hstart[h] = at;
                at += count[h];
                count[h] = hstart[h]; // from here on, the group's next slot in order
            }
            if (layF != null) {
                for (int pos = s; pos < e; pos++) {
                    int at = count[handleOf[pos]]++;
                    order[at] = idx[pos];
                    layF[at] = Float.intBitsToFloat((int) val[pos]);
                }
            } else if (layD != null) {
                for (int pos = s; pos < e; pos++) {
                    int at = count[handleOf[pos]]++;
                    order[at] = idx[pos];
                    layD[at] = Double.longBitsToDouble(val[pos]);
                }
            } else {
                for (int pos = s; pos < e; pos++) {
                    order[count[handleOf[pos]]++] = idx[pos];
                }
            }
        }
        w.stamp = stamp;
        w.groups(handles);
        int[] gstart = w.gstart;
        System.arraycopy(hstart, 0, gstart, 0, handles);
        gstart[handles] = samples;
        w.layoutNumbered = true;
        w.layoutGroups = handles;
        w.layout = layF != null ? layF : layD;
        w.numbersFilled = numbers;
        if (numbers) {
            // First appearance: mark each group's first sample, then read the marks in sample order.
            if (w.numbers.length < handles) {
                w.numbers = new int[Math.max(handles, 2 * w.numbers.length)];
            }
            int[] marks = w.sampleGroup;
            Arrays.fill(marks, 0, samples, 0);
            for (int h = 0; h < handles; h++) {
                marks[firstIdx[h]] = h + 1;
            }
            int[] num = w.numbers;
            for (int i = 0, g = 0; i < samples; i++) {
                int m = marks[i];
                if (m != 0) {
                    num[m - 1] = g++;
                }
            }
        }
        return handles;
    }


    /** The group of id v; a new id gets number {@code next}. */
    private static int lookup(GroupedRunner.Work w, boolean direct, long min, long v, int next) {
        if (direct) {
            int[] d = w.direct;
            int slot = (int) (v - min);
            int e = d[slot];
            if (e == 0) {
                d[slot] = next + 1;
                return next;
            }
            return e - 1;
        }
        long[] t = w.table;
        int mask = t.length / 2 - 1;
        int slot = (int) (mix(v) & mask);
        while (true) {
            long e = t[2 * slot + 1];
            if (e == 0) {
                t[2 * slot] = v;
                t[2 * slot + 1] = next + 1;
                if (4L * (next + 1) > t.length) { // load above one half
                    w.table = rehash(t);
                }
                return next;
            }
            if (t[2 * slot] == v) {
                return (int) e - 1;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Doubles an interleaved (key, value+1) table. */
    static long[] rehash(long[] table) {
        long[] t = new long[table.length * 2];
        int mask = t.length / 2 - 1;
        for (int s = 0; s < table.length / 2; s++) {
            long v = table[2 * s + 1];
            if (v != 0) {
                long key = table[2 * s];
                int slot = (int) (mix(key) & mask);
                while (t[2 * slot + 1] != 0) {
                    slot = (slot + 1) & mask;
                }
                t[2 * slot] = key;
                t[2 * slot + 1] = v;
            }
        }
        return t;
    }

    /** A 64-bit finaliser (splitmix64's), so that sequential keys spread over the table. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
