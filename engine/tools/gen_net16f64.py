#!/usr/bin/env python3
"""Writes engine/src/main/panama/org/pkpo/internal/panama/Net16F64.java: the fused n = 16 float64 path on 8-lane
(512-bit) vectors, the float64 counterpart of Net16F32's transposed path (see gen_net16.py). 8 groups make a block:
each group's 16 doubles are two vectors, two 8x8 transposes in registers make them 16 rows of 8 lanes, the
SortingNetwork.of(16) comparators run on the rows as doubles, GroupMath's operations run row-wise (fused, as
RowsF64), the swap masks are replayed backwards and two transposes put the results back group-major.

With --check, writes nothing and exits 1 if the file differs (GeneratedSourcesTest runs that in the build).
"""
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the sources
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sorting_network import build, check_transpose, comparator_lines, gap_math_lines, tidx, unsort_lines, write_or_check  # noqa: E402

N = 16
L = 8
net = build(N)
SORT_SPLIT = 24   # comparators in sortTransposed (with the transposes); the rest in sortRest
SPLIT = len(net) // 2   # masks replayed in gapsTransposed: len(net)-1 down to SPLIT; finishTransposed: the rest


check_transpose(L)


def transpose_lines(v, t):
    """Two 8x8 transposes: vectors v0..v7 and v8..v15, three stages each."""
    out = []
    for base in (0, L):
        for j in range(3):
            h = 1 << j
            for r in range(L):
                if r & h:
                    continue
                a, b = base + r, base + r + h
                out.append(f"        {t} = {v}{a}; {v}{a} = lo{j}.selectFrom({t}, {v}{b}); {v}{b} = hi{j}.selectFrom({t}, {v}{b});")
    return out


TLOAD = "\n".join(f"        LongVector lo{j} = LongVector.fromArray(LS, LO{j}, 0), hi{j} = LongVector.fromArray(LS, HI{j}, 0);"
                  for j in range(3))
TCONSTS = "\n".join(
    f"    private static final long[] LO{j} = {{{', '.join(map(str, tidx(1 << j, L)[0]))}}};\n"
    f"    private static final long[] HI{j} = {{{', '.join(map(str, tidx(1 << j, L)[1]))}}};" for j in range(3))


meths = []
# sortTransposed: stage -> rows (two transposes) -> first comparators -> x
b = ["    /**",
     f"     * The first {SORT_SPLIT} comparators on 8 groups at {{@code st[16 g, 16 g + 16)}} (raw double bits): each group's two",
     "     * vectors become rows by two 8x8 transposes in registers, the rows are compared as doubles (swap masks to",
     "     * {@code swaps}, eight 8-bit masks per long) and written to {@code x}; {@link #sortRest} finishes.",
     "     */",
     "    static void sortTransposed(long[] st, double[] x, long[] swaps) {",
     TLOAD]
for g in range(L):
    b.append(f"        LongVector i{g} = LongVector.fromArray(LS, st, {2 * L * g});")
for g in range(L):
    b.append(f"        LongVector i{L + g} = LongVector.fromArray(LS, st, {2 * L * g + L});")
b.append("        LongVector u;")
b += transpose_lines("i", "u")
b += [f"        DoubleVector a{r} = i{r}.reinterpretAsDoubles();" for r in range(N)]
b += ["        DoubleVector t;", "        VectorMask<Double> m;", "        long p;"]
b += comparator_lines(net, range(SORT_SPLIT), L)
b += [f"        a{r}.intoArray(x, {r} * L);" for r in range(N)]
b.append("    }")
meths.append("\n".join(b))

b = ["    /** The comparators after those of {@link #sortTransposed}, on the rows of {@code x}. */",
     "    static void sortRest(double[] x, long[] swaps) {"]
b += [f"        DoubleVector a{r} = DoubleVector.fromArray(DS, x, {r} * L);" for r in range(N)]
b += ["        DoubleVector t;", "        VectorMask<Double> m;", "        long p;"]
b += comparator_lines(net, range(SORT_SPLIT, len(net)), L)
b += [f"        a{r}.intoArray(x, {r} * L);" for r in range(N)]
b.append("    }")
meths.append("\n".join(b))

gm = ["    /**",
      "     * GroupMath's per-sample operations of a sorted plan on the sorted rows of {@code x}, into the rows of {@code y}, as",
      "     * RowsF64 does them (with u = 0 and c = -0.0 for a plan without baseline: top + c R = top), times {@code scale},",
      f"     * with the swap masks of comparators {len(net) - 1} down to {SPLIT} replayed ({{@link #finishTransposed}} replays the rest).",
      "     */",
      "    static void gapsTransposed(double[] x, double[] w, double[] u, double c, double topCoefficient, double scale, long[] swaps, double[] y) {"]
gm += [f"        DoubleVector x{r} = DoubleVector.fromArray(DS, x, {r} * L);" for r in range(N)]
gm += gap_math_lines(N, "DoubleVector", "DS", "RowsF64", "1.0", "0.0")
gm += ["        VectorMask<Double> m;", "        DoubleVector v;"]
gm += unsort_lines(net, reversed(range(SPLIT, len(net))), L, 'DS')
gm += [f"        y{r}.intoArray(y, {r} * L);" for r in range(N)]
gm.append("    }")
meths.append("\n".join(gm))

def finish(doc, sig, store):
    b = ["    /**",
         f"     * The rows of {{@code y}} from {{@link #gapsTransposed}} put back in each lane's original order (the masks of comparators",
         f"     * {SPLIT - 1} down to 0 replayed), transposed to group-major and written {doc}",
         "     */",
         f"    static void finishTransposed({sig}) {{"]
    b += [f"        DoubleVector y{r} = DoubleVector.fromArray(DS, y, {r} * L);" for r in range(N)]
    b += ["        VectorMask<Double> m;", "        DoubleVector v;"]
    b += unsort_lines(net, reversed(range(SPLIT)), L, 'DS')
    b.append(TLOAD)
    b += [f"        LongVector a{r} = y{r}.reinterpretAsLongs();" for r in range(N)]
    b.append("        LongVector t;")
    b += transpose_lines("a", "t")
    for g in range(L):
        b.append(store(g, 2 * L * g))
        b.append(store(L + g, 2 * L * g + L))
    b.append("    }")
    return "\n".join(b)


# A heap segment's vector store is not intrinsified where C2 cannot prove the array type (see LanesF32.store), so
# native memory is written directly and anything else through the long[] stage.
meths.append(finish("to native memory, group g at\n     * {@code offset + 128 g}.",
                    "double[] y, long[] swaps, MemorySegment out, long offset",
                    lambda r, at: f"        a{r}.intoMemorySegment(out, offset + {at * 8}, NATIVE);"))
meths.append(finish("as raw bits to {@code st}, group g at\n     * {@code st[16 g, 16 g + 16)}.",
                    "double[] y, long[] swaps, long[] st",
                    lambda r, at: f"        a{r}.intoArray(st, {at});"))

src = f'''// GENERATED by engine/tools/gen_net16f64.py: DO NOT EDIT. Change the generator and run it again.
package org.pkpo.internal.panama;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float64 groups of 16 on 8-lane vectors, 8 groups per block, with the rows in registers: the float64 counterpart of
 * {{@link Net16F32}}'s transposed path (same comparators of {{@code SortingNetwork.of(16)}}, swap masks replayed
 * backwards instead of carried positions, GroupMath's operations in RowsF64's order, so the bits equal the scalar
 * kernels'). Four methods of moderate size, because C1 gives up on one big one ("out of virtual registers") and the
 * code then stays in boxed tier-2 code instead of reaching C2.
 */
final class Net16F64 {{
    static final int N = {N};
    static final int COMPARATORS = {len(net)};
    /** Longs of swap masks per block: eight 8-bit masks each. */
    static final int SWAP_LONGS = {(len(net) * L + 63) // 64};
    private static final VectorSpecies<Long> LS = LongVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final int L = LS.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /** Whether these methods can run: they transpose 8x8 (512-bit vectors; AVX2 keeps the general lane path). */
    static final boolean USABLE = L == {L};
    // Select indexes of transpose stage j (pairs vectors r, r + 2^j): lanes of the low and high vector of a pair.
{TCONSTS}

    private Net16F64() {{
    }}

{chr(10).join(chr(10) + m if i else m for i, m in enumerate(meths))}
}}
'''
target = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'main', 'panama', 'org', 'pkpo',
                      'internal', 'panama', 'Net16F64.java')
write_or_check(target, src, 'gen_net16f64.py')
