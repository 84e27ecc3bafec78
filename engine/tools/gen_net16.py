#!/usr/bin/env python3
"""Writes engine/src/main/panama/org/pkpo/internal/panama/Net16F32.java: SortingNetwork.of(16) unrolled
(see its javadoc). With --check, writes nothing and exits 1 if the file differs from what it would write
(Net16F32GeneratedTest runs that in the build).

build() (sorting_network.py) is SortingNetwork.build ported line for line; Net16F32Test checks the result against
the table.
"""
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the sources
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sorting_network import build, check_transpose, comparator_lines, gap_math_lines, tidx, unsort_lines, write_or_check  # noqa: E402

N=16
net=build(N)
layers=[];cur=[];used=set()
for c,(a,b) in enumerate(net):
    if a in used or b in used:
        layers.append(cur);cur=[];used=set()
    cur.append(c);used|={a,b}
layers.append(cur)
chunks=[];cur=[]
for l in layers:
    if cur and len(cur)+len(l)>17:
        chunks.append(cur);cur=[]
    cur=cur+l
chunks.append(cur)
def rows(ch):
    s=set()
    for c in ch: s|=set(net[c])
    return sorted(s)
meths=[]
for ci,ch in enumerate(chunks):
    rs=rows(ch)
    body=[f"    private static void sort{ci}(int[] k, long[] swaps) {{"]
    body+= [f"        IntVector k{r} = IntVector.fromArray(IS, k, {r} * L);" for r in rs]
    body+= ["        VectorMask<Integer> m;","        IntVector t;"]
    for c in ch:
        a,b=net[c]
        body.append(f"        m = k{a}.compare(VectorOperators.GT, k{b}); t = k{a}.min(k{b}); k{b} = k{a}.max(k{b}); k{a} = t; swaps[{c}] = m.toLong();")
    body+= [f"        k{r}.intoArray(k, {r} * L);" for r in rs]
    body.append("    }")
    meths.append("\n".join(body))
for ci in reversed(range(len(chunks))):
    ch=chunks[ci]; rs=rows(ch)
    body=[f"    private static void unsort{ci}(float[] y, long[] swaps) {{"]
    body+= [f"        FloatVector y{r} = FloatVector.fromArray(FS, y, {r} * L);" for r in rs]
    body+= ["        VectorMask<Float> m;","        FloatVector t;"]
    for c in reversed(ch):
        a,b=net[c]
        body.append(f"        m = VectorMask.fromLong(FS, swaps[{c}]); t = y{a}.blend(y{b}, m); y{b} = y{b}.blend(y{a}, m); y{a} = t;")
    body+= [f"        y{r}.intoArray(y, {r} * L);" for r in rs]
    body.append("    }")
    meths.append("\n".join(body))

# 16x16 transpose in registers (L = 16 only): four stages; stage j swaps bit j of the row number with bit j of
# the lane number, pairing rows r and r + h (h = 2^j, bit j of r clear) with two two-vector selects each.
# On T lanes (16: AVX-512, 8: AVX2) the 16 rows are 16 // T blocks of T rows, each transposed on its own.
def transpose_lines(v, T=16):
    out=[]
    for base in range(0, N, T):
        for j in range(T.bit_length()-1):
            h=1<<j
            for r in range(T):
                if r&h: continue
                out.append(f"        t = {v}{base+r}; {v}{base+r} = lo{j}.selectFrom(t, {v}{base+r+h}); {v}{base+r+h} = hi{j}.selectFrom(t, {v}{base+r+h});")
    return out
def tconsts_of(T):
    check_transpose(T)
    return "\n".join(
        f"    private static final int[] LO{j} = {{{', '.join(map(str,tidx(1<<j, T)[0]))}}};\n"
        f"    private static final int[] HI{j} = {{{', '.join(map(str,tidx(1<<j, T)[1]))}}};" for j in range(T.bit_length()-1))
def tload_of(T):
    return "\n".join(f"        IntVector lo{j} = IntVector.fromArray(IS, LO{j}, 0), hi{j} = IntVector.fromArray(IS, HI{j}, 0);" for j in range(T.bit_length()-1))
def part(r, T):
    """The row variable that vector r of the group-major stage (group r // (16 // T), part r % (16 // T)) is before the
    transposes: the parts of the T groups form blocks of T rows."""
    q=N//T
    return T*(r%q)+r//q
# The fused n = 16 path: four methods that keep the 16 rows in registers between two row arrays (x, y): stage or
# input to x (transpose, first comparators), x to x (the other comparators), x to y (gap maths, later masks replayed),
# y to the output (earlier masks replayed, transpose). The network compares the rows as floats (the check before the
# kernels leaves no NaN, and -0.0 and 0.0, equal, may stay in either order: their gaps are 0 all the same) and swaps
# by two blends, so it needs no order-preserving int keys. Written for T = 16 lanes (AVX-512, into Net16F32) and
# T = 8 (AVX2, into Net16F32L8: 16 rows of 8 groups, two 8x8 transposes, which fill all 16 ymm registers, so C2
# spills some rows to the stack; still no gathers and no per-layer row arrays).
# Each method stays well under the size at which C1's tier 3 gave up on the 5,000-byte ones ("out of virtual
# registers"), which then ran boxed in tier 2 code (30x slower) instead of reaching C2.
SORT_SPLIT=24
# The T-bit swap masks of the fused path go 64 / T to a long (comparator c in bits [T (c % per), T (c % per) + T) of
# swaps[c / per]): 16 stores per block instead of 63 on AVX-512, fewer entries queued behind the output's stores.
assert SORT_SPLIT % 8 == 0
SPLIT=len(net)//2
PER_WORDS={4: "four", 8: "eight"}
def fused(T):
    """The fused methods on T lanes: storeTransposed (x2), sortTransposed, sortRest, gapsTransposed, finishTransposed (x2)."""
    tload=tload_of(T)
    only=f"L = {T} only"
    tra, trb = ("a 16x16", "transpose") if T == N else (f"{N//T} {T}x{T}".replace("2 ", "two "), "transposes")
    tr=f"{tra} {trb}"
    sortref="{@link #sort}" if T == N else "{@link Net16F32#sort}"
    def tout(name, doc, sig, store):
        b=["    /**", doc, "     */", f"    static void {name}({sig}) {{", tload]
        b+=[f"        IntVector a{r} = FloatVector.fromArray(FS, y, {r} * L).reinterpretAsInts();" for r in range(N)]
        b+=["        IntVector t;"]+transpose_lines("a", T)
        b+=[store(r) for r in range(N)]
        b+=["    }"]
        return "\n".join(b)
    touts=[tout("storeTransposed", f"     * Rows of {{@code y}} (row i = sample i of {T} groups) to the group-major {{@code st}} (group g at {{@code [16 g, 16 g + 16)}})\n     * by {tr} in registers ({N*(T.bit_length()-1)} two-vector selects, no gathers), {only}.",
                "float[] y, float[] st", lambda r: f"        a{part(r, T)}.reinterpretAsFloats().intoArray(st, {r} * L);"),
           tout("storeTransposed", "     * {@link #storeTransposed(float[], float[])} straight into native memory, group g at {@code offset + 64 g}.",
                "float[] y, MemorySegment out, long offset", lambda r: f"        a{part(r, T)}.reinterpretAsFloats().intoMemorySegment(out, offset + {r * 4 * T}, NATIVE);")]
    def sort_transposed(doc, sig, load):
        fs=["    /**",
         "     * The first " + str(SORT_SPLIT) + f" comparators of {sortref} on {T} groups with the rows in registers ({only}), no",
         f"     * gathers: the {T} groups" + doc + f" become rows by {tra}",
         f"     * {trb} in registers (stage j swaps bit j of the row number with bit j of the lane number by two",
         "     * two-vector selects per pair of rows), compared as floats, written to {@code x} after those comparators",
         f"     * (swap masks to {{@code swaps}}, {PER_WORDS[64//T]} {T}-bit masks per long); {{@link #sortRest}} finishes.",
         "     */",
         f"    static void sortTransposed({sig}) {{",
         tload]
        fs+=[load(r) for r in range(N)]
        fs+=["        IntVector u;"]+[l.replace("t = ","u = ").replace("(t, ","(u, ") for l in transpose_lines("i", T)]
        fs+=[f"        FloatVector a{r} = i{r}.reinterpretAsFloats();" for r in range(N)]
        fs+=["        FloatVector t;", "        VectorMask<Float> m;", "        long p;"]
        fs+=comparator_lines(net, range(SORT_SPLIT), T)
        fs+=[f"        a{r}.intoArray(x, {r} * L);" for r in range(N)]
        fs+=["    }"]
        return "\n".join(fs)
    # From the int[] stage only: reading the segment here (IntVector.fromMemorySegment) allocated 20 KB per warm call of
    # 2048 native groups in the full test suite (WarmAllocationTest after the other tests had profiled the JDK's segment
    # code with heap segments too), while a bulk copy to the stage does not depend on that profile.
    sorts=[sort_transposed(" at {@code st[16 g, 16 g + 16)}", "int[] st, float[] x, long[] swaps",
                           lambda r: f"        IntVector i{part(r, T)} = IntVector.fromArray(IS, st, {r} * L);")]
    rest=["    /** The comparators of " + sortref + " after those of {@link #sortTransposed}, on the rows of {@code x}. */",
          "    static void sortRest(float[] x, long[] swaps) {"]
    rest+=[f"        FloatVector a{r} = FloatVector.fromArray(FS, x, {r} * L);" for r in range(N)]
    rest+=["        FloatVector t;", "        VectorMask<Float> m;", "        long p;"]
    rest+=comparator_lines(net, range(SORT_SPLIT, len(net)), T)
    rest+=[f"        a{r}.intoArray(x, {r} * L);" for r in range(N)]
    rest+=["    }"]
    sorts.append("\n".join(rest))
    gm=["    /**",
     "     * The per-sample maths of a sorted plan on the sorted rows of {@code x}, into the rows of {@code y}: RowsF32.gapSums",
     "     * and leaveOneOutGaps in the same order but with each multiply-add fused (one rounding less; with u = 0 and",
     "     * c = -0.0 for a plan without baseline: top + c R = top, -0.0 included), times {@code scale}, with the swap masks of comparators " + str(len(net)-1) + " down to " + str(SPLIT) + " replayed",
     "     * ({@link #finishTransposed} replays the rest).",
     "     */",
     "    static void gapsTransposed(float[] x, float[] w, float[] u, float c, float topCoefficient, float scale, long[] swaps, float[] y) {"]
    gm+=[f"        FloatVector x{r} = FloatVector.fromArray(FS, x, {r} * L);" for r in range(N)]
    gm+=gap_math_lines(N, "FloatVector", "FS", "RowsF32", "1f", "0f")
    gm+=["        VectorMask<Float> m;", "        FloatVector v;"]
    gm+=unsort_lines(net, reversed(range(SPLIT,len(net))), T, 'FS')
    gm+=[f"        y{r}.intoArray(y, {r} * L);" for r in range(N)]
    gm+=["    }"]
    def finish(doc, sig, store):
        b=["    /**"]+doc+["     */", f"    static void finishTransposed({sig}) {{"]
        b+=[f"        FloatVector y{r} = FloatVector.fromArray(FS, y, {r} * L);" for r in range(N)]
        b+=["        VectorMask<Float> m;", "        FloatVector v;"]
        b+=unsort_lines(net, reversed(range(SPLIT)), T, 'FS')
        b.append(tload)
        b+=[f"        IntVector a{r} = y{r}.reinterpretAsInts();" for r in range(N)]
        b+=["        IntVector t;"]+transpose_lines("a", T)
        b+=[store(r) for r in range(N)]
        b+=["    }"]
        return "\n".join(b)
    fdoc=["     * The rows of {@code y} from {@link #gapsTransposed} put back in each lane's original order (the swap masks of",
          "     * comparators " + str(SPLIT-1) + " down to 0 replayed) and transposed to group-major:"]
    fins=[finish(fdoc+[f"     * into {{@code st}} ({only})."],
                 "float[] y, long[] swaps, float[] st",
                 lambda r: f"        a{part(r, T)}.reinterpretAsFloats().intoArray(st, {r} * L);"),
          finish(fdoc+[f"     * straight into native memory, group g at {{@code offset + 64 g}} ({only})."],
                 "float[] y, long[] swaps, MemorySegment out, long offset",
                 lambda r: f"        a{part(r, T)}.reinterpretAsFloats().intoMemorySegment(out, offset + {r * 4 * T}, NATIVE);")]
    return touts, sorts+["\n".join(gm)]+fins
tconsts=tconsts_of(16)
touts, fused16 = fused(16)
meths=touts+meths
meths=fused16+meths
sortcalls="\n".join(f"        sort{i}(keys, swaps);" for i in range(len(chunks)))
unsortcalls="\n".join(f"        unsort{i}(y, swaps);" for i in reversed(range(len(chunks))))
src=f'''// GENERATED by engine/tools/gen_net16.py: DO NOT EDIT. Change the generator and run it again.
package org.pkpo.internal.panama;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {N}-sample network of {{@link org.pkpo.internal.kernels.SortingNetwork}} unrolled over local row vectors, so that C2 keeps the
 * rows in registers instead of loading and storing two scratch rows per comparator. Instead of carrying
 * the original positions through the network, {{@link #sort}} records each comparator's swap mask and
 * {{@link #unsort}} replays them backwards on the outputs (no scatter needed).
 *
 * <p>The comparator lines are generated from {{@code SortingNetwork.of({N})}}, one line each in the same
 * order ({{@code Net16F32Test}} checks them against the table). They come in a few methods of about
 * 16 comparators (whole layers), each loading the rows it touches and storing them back: one method with
 * all {{@value #COMPARATORS}} made C1 give up ("out of virtual registers"), and the method then never
 * reached C2 under the default tiered JVM.
 */
final class Net16F32 {{
    static final int N = {N};
    static final int COMPARATORS = {len(net)};
    private static final VectorSpecies<Integer> IS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final int L = IS.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /**
     * Whether {{@link #sortTransposed}}, {{@link #sortRest}}, {{@link #gapsTransposed}}, {{@link #finishTransposed}} and {{@link #storeTransposed}} can run: they transpose 16 rows of 16 lanes
     * (512-bit vectors; AVX2's 8 lanes have the same path in {{@link Net16F32L8}}).
     */
    static final boolean TRANSPOSES = L == N;
    // Select indexes of transpose stage j (pairs rows r, r + 2^j): lanes of the low and high row of a pair.
{tconsts}

    private Net16F32() {{
    }}

    /**
     * Sorts every lane of the {N} rows of raw float bits in {{@code keys}} ascending, writes the sorted
     * floats to the rows of {{@code x}} and the swap mask of comparator c to {{@code swaps[c]}}
     * as lane bits (a mask register, kmov on AVX-512: no vector store).
     * {{@code keys}} is left holding the order-preserving int keys of the sorted values.
     */
    static void sort(int[] keys, float[] x, long[] swaps) {{
        // Order-preserving int keys: flip all but the sign bit of negative floats (its own inverse).
        for (int r = 0; r < N * L; r += L) {{
            IntVector v = IntVector.fromArray(IS, keys, r);
            v.lanewise(VectorOperators.XOR, v.lanewise(VectorOperators.ASHR, 31).lanewise(VectorOperators.AND, 0x7fffffff)).intoArray(keys, r);
        }}
{sortcalls}
        for (int r = 0; r < N * L; r += L) {{
            IntVector v = IntVector.fromArray(IS, keys, r);
            v.lanewise(VectorOperators.XOR, v.lanewise(VectorOperators.ASHR, 31).lanewise(VectorOperators.AND, 0x7fffffff)).reinterpretAsFloats().intoArray(x, r);
        }}
    }}

    /** Puts the {N} rows of {{@code y}} (in sorted order) back in each lane's original order. */
    static void unsort(float[] y, long[] swaps) {{
{unsortcalls}
    }}

{chr(10).join(chr(10)+m if i else m for i,m in enumerate(meths))}
}}
'''
target = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'main', 'panama', 'org', 'pkpo',
                      'internal', 'panama', 'Net16F32.java')
write_or_check(target, src, 'gen_net16.py')

# The same fused path on AVX2's 8 lanes.
touts8, fused8 = fused(8)
src8=f'''// GENERATED by engine/tools/gen_net16.py: DO NOT EDIT. Change the generator and run it again.
package org.pkpo.internal.panama;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {{@link Net16F32}}'s fused n = 16 path on 8 lanes (AVX2): 8 groups of 16 samples per block, the stage's groups made
 * rows 0..7 and 8..15 by two 8x8 transposes in registers, the same comparators of {{@code SortingNetwork.of(16)}}
 * with 8-bit swap masks (eight to a long), the same per-sample maths, the masks replayed backwards and the rows
 * transposed back. 16 rows fill AVX2's 16 ymm registers, so C2 keeps some of them on the stack, but there are no
 * gathers and no row arrays between layers (the 8-lane path before this loaded the rows by gathers and went through
 * memory every 16 comparators).
 */
final class Net16F32L8 {{
    static final int N = {N};
    private static final VectorSpecies<Integer> IS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final int L = IS.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /** Whether the methods here can run: 8 lanes of 32 bits (256-bit vectors). */
    static final boolean TRANSPOSES = L == 8;
    // Select indexes of transpose stage j (pairs rows r, r + 2^j within a block of 8): lanes of the low and high row.
{tconsts_of(8)}

    private Net16F32L8() {{
    }}

{chr(10).join(chr(10)+m if i else m for i,m in enumerate(fused8+touts8))}
}}
'''
write_or_check(os.path.join(os.path.dirname(target), 'Net16F32L8.java'), src8, 'gen_net16.py')
