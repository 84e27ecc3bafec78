package org.pkpo.internal.eval;

import java.util.Arrays;

/**
 * Groups rows labelled by a problem id, in any order, into a ragged layout (problem g's rows are
 * {@code values()[offsets()[g], offsets()[g+1])}, problems in order of first appearance, rows in input
 * order): an open-addressing table from id to problem, then a counting sort. Its arrays only grow, so once
 * it has seen its largest input it allocates nothing. Mutable, not thread-safe. Internal: not part of the
 * supported API.
 */
public final class IdGrouping {
    private long[] keys = new long[0];
    private int[] slots = new int[0];
    private int[] rowProblem = new int[0];
    private int[] offsets = new int[1];
    private int[] fill = new int[1];
    private double[] values = new double[0];
    private int problems;

    /** Groups {@code values[i]} by {@code ids[i]}; the arrays must have equal lengths. */
    public void group(long[] ids, double[] rows) {
        int n = ids.length;
        int tableSize = Integer.highestOneBit(Math.max(4, 2 * n - 1)) << 1;
        if (slots.length < tableSize) {
            slots = new int[tableSize];
            keys = new long[tableSize];
        }
        int mask = tableSize - 1;
        Arrays.fill(slots, 0, tableSize, 0);
        if (rowProblem.length < n) {
            rowProblem = new int[n];
            values = new double[n];
        }
        if (offsets.length < n + 1) {
            offsets = new int[n + 1];
            fill = new int[n + 1];
        }
        problems = 0;
        for (int i = 0; i < n; i++) {
            long id = ids[i];
            int slot = (int) mix(id) & mask;
            while (true) {
                int e = slots[slot];
                if (e == 0) {
                    slots[slot] = ++problems;
                    keys[slot] = id;
                    rowProblem[i] = problems - 1;
                    break;
                }
                if (keys[slot] == id) {
                    rowProblem[i] = e - 1;
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        Arrays.fill(offsets, 0, problems + 1, 0);
        for (int i = 0; i < n; i++) {
            offsets[rowProblem[i] + 1]++;
        }
        for (int g = 0; g < problems; g++) {
            offsets[g + 1] += offsets[g];
        }
        System.arraycopy(offsets, 0, fill, 0, problems + 1);
        for (int i = 0; i < n; i++) {
            values[fill[rowProblem[i]]++] = rows[i];
        }
    }

    /** The number of distinct ids in the last {@link #group} call. */
    public int problems() {
        return problems;
    }

    /** problems() + 1 entries are valid. */
    public int[] offsets() {
        return offsets;
    }

    public double[] values() {
        return values;
    }

    /** A 64-bit finaliser (splitmix64's), so that sequential ids spread over the table. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
