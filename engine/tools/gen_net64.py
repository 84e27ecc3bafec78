#!/usr/bin/env python3
"""Writes engine/src/main/panama/org/pkpo/internal/panama/Net64F32.java: a 64-input sorting network unrolled over
16 groups with their rows in registers (16 lanes, AVX-512 only), split into methods by a scheduler below. With
--check, writes nothing and exits 1 if the file differs from what it would write (GeneratedSourcesTest runs that).

The network: four 16-sorters (Green's, 60 comparators each, verified below on all 2^16 zero-one inputs), two 32-merges
of Batcher's odd-even merge sort (as in SortingNetwork.of(64)) and a bitonic 64-merge: 562 comparators. Any sorting
network gives the same sorted rows, and ties are equal keys (identical float bits), so the outputs are those of the
table's network.

Rows are compared as order-preserving int keys, as LanesF32's general path does (-0.0 sorts below 0.0), so the sorted
rows are bit for bit those of that path.

Every method loads the rows it touches once, keeps them in local vectors (registers) and stores them once: the
16-sorters in two methods of 16 rows, the 32-merges cut by a scheduler below (in an order that respects each row's
sequence of comparators, at most ROWS rows live and a bytecode budget per method), the 64-merge in 4-row pieces and
16-row blocks. Methods stay well under the size where C1 gives up ("out of virtual
registers" near 2,900 bytes of bytecode), which left such methods running boxed in tier-2 code and never reaching C2.
"""
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the sources
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sorting_network import build, check_transpose, tidx, write_or_check  # noqa: E402

N = 64
T = 16  # lanes and rows per transpose block

# Green's 60-comparator 16-sorter (Knuth, TAOCP vol. 3, 5.3.4, fig. 49): four layers of a 4-cube, then the rest.
GREEN16 = [(0, 1), (2, 3), (4, 5), (6, 7), (8, 9), (10, 11), (12, 13), (14, 15),
           (0, 2), (1, 3), (4, 6), (5, 7), (8, 10), (9, 11), (12, 14), (13, 15),
           (0, 4), (1, 5), (2, 6), (3, 7), (8, 12), (9, 13), (10, 14), (11, 15),
           (0, 8), (1, 9), (2, 10), (3, 11), (4, 12), (5, 13), (6, 14), (7, 15),
           (5, 10), (6, 9), (3, 12), (13, 14), (7, 11), (1, 2), (4, 8),
           (1, 4), (7, 13), (2, 8), (11, 14), (5, 6), (9, 10),
           (2, 4), (11, 13), (3, 8), (7, 12),
           (6, 8), (10, 12), (3, 5), (7, 9),
           (3, 4), (5, 6), (7, 8), (9, 10), (11, 12),
           (6, 7), (8, 9)]

def sorts_all_zero_one(net, n):
    # Wire w as a 2^n-bit integer: bit x is wire w's value on zero-one input x. A comparator is (and, or).
    full = (1 << (1 << n)) - 1
    wires = []
    for w in range(n):
        block = ((1 << (1 << w)) - 1) << (1 << w)  # bit x set iff bit w of x set, built from repeated blocks
        v = 0
        period = 1 << (w + 1)
        for start in range(0, 1 << n, period):
            v |= block << start
        wires.append(v & full)
    for a, b in net:
        wires[a], wires[b] = wires[a] & wires[b], wires[a] | wires[b]
    return all((wires[i] & ~wires[i + 1]) == 0 for i in range(n - 1))

def sorts_random(net, n, trials):
    import random
    rnd = random.Random(64)
    for _ in range(trials):
        v = [rnd.randrange(8) for _ in range(n)]
        for a, b in net:
            if v[a] > v[b]: v[a], v[b] = v[b], v[a]
        if v != sorted(v): return False
    return True

assert len(GREEN16) == 60 and sorts_all_zero_one(GREEN16, T), 'GREEN16 does not sort'
# The 64-merge is bitonic: (i, 63 - i), then half-cleaners (i, i + k) for k = 16, 8, 4, 2, 1 within blocks of 2k.
# 192 comparators, 31 more than Batcher's, but in independent pieces that fit in registers: rows {i, i + 16, 47 - i,
# 63 - i} for the first two layers, then blocks of 16 rows (measured: Batcher's merge, cut by the scheduler below
# into 9 methods of 24 rows, cost twice as much per comparator).
def half_cleaners(n, k0):
    out = []
    k = k0
    while k >= 1:
        out += [(b + i, b + i + k) for b in range(0, n, 2 * k) for i in range(k)]
        k >>= 1
    return out
merge64 = [(i, N - 1 - i) for i in range(N // 2)] + half_cleaners(N, T)
# build() lists Batcher's comparators merge size by merge size: of build(32), those after the two 16-sorters' merge.
merge32 = build(2 * T)[2 * len(build(T)):]
merges = merge32 + [(a + 2 * T, b + 2 * T) for a, b in merge32] + merge64
net = [(a + T * q, b + T * q) for q in range(N // T) for a, b in GREEN16] + merges
assert len(net) == 562 and sorts_random(net, N, 20000)

# The four 16-sorters run the same code on rows 16 q.., the two 32-merges the same code on rows 32 h.., and so do the
# 64-merge's four 16-row blocks: the methods take their first row as a parameter, which cuts the code C2 compiles
# (221 distinct comparators, not 562) and so the warm-up, during which the methods run boxed in C1 code.
green = GREEN16
assert len(merge32) == 65 and len(merge64) == 192
first = 4 * len(build(T))  # SortingNetwork.of(64): its 16-sorters, then its 32-merges, the same as ours
assert sorted(build(N)[first:first + 2 * len(merge32)]) == sorted(merge32 + [(a + 2 * T, b + 2 * T) for a, b in merge32])

# Bytecode sizes measured with javap on the generated methods, for the budget.
COMPARATOR_BYTES = 38
ROW_BYTES = 24          # one load and one store
BUDGET = 2300
ROWS = 24
FIRST = 16              # comparators of the 16-sorter in the method with the transpose (2,874 bytes of bytecode)

def schedule(comps, rows_max, budget):
    """Cuts comps (in network order) into chunks: among comparators whose rows have had all earlier comparators, the
    first with both rows live, else the first needing fewest new rows, while rows and bytecode allow."""
    prev = {}
    deps = []
    for c, (a, b) in enumerate(comps):
        deps.append([d for d in (prev.get(a), prev.get(b)) if d is not None])
        prev[a] = c; prev[b] = c
    done = set()
    rest = list(range(len(comps)))
    out = []
    while rest:
        live = []; cs = []; size = 0
        while True:
            best = None
            for c in rest:
                if not all(d in done for d in deps[c]): continue
                new = len({r for r in comps[c] if r not in live})
                if best is None or new < best[0]: best = (new, c)
                if new == 0: break
            if best is None: break
            new, c = best
            cost = COMPARATOR_BYTES + new * ROW_BYTES
            if len(live) + new > rows_max or size + cost > budget: break
            live += [r for r in comps[c] if r not in live]
            cs.append(c); size += cost
            done.add(c); rest.remove(c)
        out.append(([comps[c] for c in cs], sorted(live)))
    return out

# Units: (name, comparators on local rows, local rows, kind) with kind 'in' (transpose from the stage), 'rows'.
units = [("sortIn", green[:FIRST], list(range(T)), "in"), ("sortMid", green[FIRST:], list(range(T)), "rows")]
for i, (cs, rows) in enumerate(schedule(merge32, ROWS, BUDGET)):
    units.append((f"merge32_{i}", cs, rows, "rows"))
# The 64-merge's first two layers on 4-row pieces, four pieces per method; its last four layers on 16-row blocks.
for j in range(4):
    pieces = range(4 * j, 4 * j + 4)
    cs = [(i, N - 1 - i) for i in pieces] + [(T + i, N - 1 - T - i) for i in pieces] \
        + [(i, i + T) for i in pieces] + [(N - 1 - T - i, N - 1 - i) for i in pieces]
    units.append((f"merge64_{j}", cs, sorted({r for c in cs for r in c}), "rows"))
units.append(("merge64Blocks", half_cleaners(T, T // 2), list(range(T)), "rows"))
# The calls in order: (unit index, first row). Swap masks: each call's comparators from a new long.
calls = [(0, T * q) for q in range(4)] + [(1, T * q) for q in range(4)]
calls += [(u, 2 * T * h) for h in range(2) for u in range(len(units)) if units[u][0].startswith("merge32")]
calls += [(u, 0) for u in range(len(units)) if units[u][0].startswith("merge64_")]
calls += [(len(units) - 1, T * q) for q in range(4)]
swap_base = []
longs = 0
for u, r0 in calls:
    swap_base.append(longs)
    longs += (len(units[u][1]) + 3) // 4
# Check the schedule: the calls' comparators, in order, sort (same comparators per row as the network, reordered only
# where independent).
flat = [(a + r0, b + r0) for u, r0 in calls for a, b in units[u][1]]
assert sum(len(cs) for _, cs, _, _ in units) == 221
assert sorted(flat) == sorted(net) and len(flat) == 562 and sorts_random(flat, N, 20000)
def per_row(cs):
    d = {}
    for c in cs:
        for r in c: d.setdefault(r, []).append(c)
    return d
assert per_row(flat) == per_row(net)
# The 64-merge's blocks touch every row last: they store the sorted floats to x.
last = {}
for ci, (u, r0) in enumerate(calls):
    for a, b in units[u][1]:
        last[a + r0] = ci; last[b + r0] = ci
assert sorted(last) == list(range(N)) and all(units[calls[last[r]][0]][0] == "merge64Blocks" for r in range(N))

KEY = "lanewise(VectorOperators.XOR, {v}.lanewise(VectorOperators.ASHR, 31).lanewise(VectorOperators.AND, 0x7fffffff))"
def key(v): return f"{v}.{KEY.format(v=v)}"

def transpose_lines(v, tmp):
    """16x16 transpose of v0 .. v15 (sorting_network.tidx stages): stage j swaps bit j of the row and the lane number."""
    out = []
    for j in range(4):
        h = 1 << j
        for r in range(T):
            if r & h: continue
            out.append(f"        {tmp} = {v}{r}; {v}{r} = lo{j}.selectFrom({tmp}, {v}{r + h}); {v}{r + h} = hi{j}.selectFrom({tmp}, {v}{r + h});")
    return out
check_transpose(T)
tconsts = "\n".join(
    f"    private static final int[] LO{j} = {{{', '.join(map(str, tidx(1 << j, T)[0]))}}};\n"
    f"    private static final int[] HI{j} = {{{', '.join(map(str, tidx(1 << j, T)[1]))}}};" for j in range(4))
tload = "\n".join(f"        IntVector lo{j} = IntVector.fromArray(IS, LO{j}, 0), hi{j} = IntVector.fromArray(IS, HI{j}, 0);"
                  for j in range(4))

def idx(r):
    return "o" if r == 0 else f"o + {r} * L"
def mask_bits(j):
    return f"swaps[s + {j // 4}]" if j % 4 == 0 else f"swaps[s + {j // 4}] >>> {16 * (j % 4)}"

methods = []
for ui, (name, cs, rows, kind) in enumerate(units):
    m64u = name == "merge64Blocks"
    b = ["    /**"]
    if kind == "in":
        b += ["     * Groups g = 0..15 at {@code st[64 g + row0, 64 g + row0 + 16)} transposed to rows row0..row0 + 15 (as keys), then",
              f"     * the first {len(cs)} comparators of the 16-sorter on them (swap masks from {{@code swaps[s]}})."]
    else:
        b += [f"     * {len(cs)} comparators on rows row0 + ({', '.join(map(str, rows))}) of {{@code k}} (swap masks from {{@code swaps[s]}})"
              + (": the sorted floats of rows last compared here to {@code x}." if m64u else ".")]
    b += ["     */", f"    private static void {name}(int[] st, int[] k, float[] x, long[] swaps, int row0, int s) {{",
          "        int o = row0 * L;"]
    if kind == "in":
        b.append(tload)
        b += [f"        IntVector a{g} = IntVector.fromArray(IS, st, row0 + {N * g});" for g in range(T)]
        b += ["        IntVector u;"] + transpose_lines("a", "u")
        b += [f"        a{r} = {key('a' + str(r))};" for r in rows]
    else:
        b += [f"        IntVector a{r} = IntVector.fromArray(IS, k, {idx(r)});" for r in rows]
    b += ["        IntVector t;", "        VectorMask<Integer> m;", "        long p;"]
    for j, (x_, y_) in enumerate(cs):
        pack = "p = m.toLong();" if j % 4 == 0 else f"p |= m.toLong() << {16 * (j % 4)};"
        if j % 4 == 3 or j == len(cs) - 1:
            pack += f" swaps[s + {j // 4}] = p;"
        b.append(f"        m = a{x_}.compare(VectorOperators.GT, a{y_}); t = a{x_}.min(a{y_}); a{y_} = a{x_}.max(a{y_}); a{x_} = t; {pack}")
    for r in rows:
        if m64u:
            b.append(f"        {key('a' + str(r))}.reinterpretAsFloats().intoArray(x, {idx(r)});")
        else:
            b.append(f"        a{r}.intoArray(k, {idx(r)});")
    b.append("    }")
    methods.append("\n".join(b))

def unsort_method(ui, native):
    name, cs, rows, kind = units[ui]
    uname = "un" + name[0].lower() + name[1:] if kind != "in" else ("finish" if native else "finishArray")
    if kind != "in":
        sig = "float[] y, long[] swaps, int row0, int s"
    elif native:
        sig = "float[] y, long[] swaps, int row0, int s, MemorySegment out, long offset"
    else:
        sig = "float[] y, long[] swaps, int row0, int s, float[] st"
    b = ["    /**", f"     * The swap masks of {{@link #{name}}} replayed backwards on the rows of {{@code y}}"
         + (", then rows row0..row0 + 15 transposed back to" if kind == "in" else ".")]
    if kind == "in":
        b.append("     * group-major: group g's samples row0.. " + ("at {@code offset + 4 (64 g + row0)} of {@code out}." if native else "at {@code st[64 g + row0]}."))
    b += ["     */", f"    private static void {uname}({sig}) {{", "        int o = row0 * L;"]
    b += [f"        FloatVector y{r} = FloatVector.fromArray(FS, y, {idx(r)});" for r in rows]
    b += ["        VectorMask<Float> m;", "        FloatVector v;"]
    for j in reversed(range(len(cs))):
        x_, y_ = cs[j]
        b.append(f"        m = VectorMask.fromLong(FS, {mask_bits(j)}); v = y{x_}.blend(y{y_}, m); y{y_} = y{y_}.blend(y{x_}, m); y{x_} = v;")
    if kind != "in":
        b += [f"        y{r}.intoArray(y, {idx(r)});" for r in rows]
    else:
        b.append(tload)
        b += [f"        IntVector a{r} = y{r}.reinterpretAsInts();" for r in rows]
        b += ["        IntVector u;"] + transpose_lines("a", "u")
        if native:
            b += [f"        a{g}.reinterpretAsFloats().intoMemorySegment(out, offset + 4L * (row0 + {N * g}), NATIVE);" for g in range(T)]
        else:
            b += [f"        a{g}.reinterpretAsFloats().intoArray(st, row0 + {N * g});" for g in range(T)]
    b.append("    }")
    return uname, "\n".join(b)

unames = {}
for ui in range(len(units)):
    if units[ui][3] != "in":
        nm, text = unsort_method(ui, False)
        unames[ui] = nm
        methods.append(text)
methods.append(unsort_method(0, True)[1])
methods.append(unsort_method(0, False)[1])

sortcalls = "\n".join(f"        {units[u][0]}(st, k, x, swaps, {r0}, {swap_base[ci]});" for ci, (u, r0) in enumerate(calls))
def unsortcalls(native):
    out = []
    for ci in reversed(range(len(calls))):
        u, r0 = calls[ci]
        if units[u][3] == "in":
            out.append(f"        finish(y, swaps, {r0}, {swap_base[ci]}, out, offset);" if native
                       else f"        finishArray(y, swaps, {r0}, {swap_base[ci]}, st);")
        else:
            out.append(f"        {unames[u]}(y, swaps, {r0}, {swap_base[ci]});")
    return "\n".join(out)
row_stores = T * 4 + sum(len(units[u][2]) for u, r0 in calls if units[u][3] != "in")
src = f'''// GENERATED by engine/tools/gen_net64.py: DO NOT EDIT. Change the generator and run it again.
package org.pkpo.internal.panama;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sorts 16 groups of 64 float32 samples at once, one group per lane of 16-lane (512-bit) vectors, with the rows in
 * registers: four 16x16 transposes turn the groups into 64 rows (row i = sample i of every group), a {len(net)}-comparator
 * sorting network (four 16-sorters of 60 comparators, Batcher's 32-merges, a bitonic 64-merge) sorts every lane on order-preserving int
 * keys (as LanesF32's general path: -0.0 below 0.0) and records each comparator's swap mask (16 bits, four to a long),
 * and the sorted rows go to a float[] in the layout of {{@link RowsF32}}. After the per-sample maths, the unsort
 * methods replay the masks backwards on the output rows (two blends each), which puts every output at its sample's
 * original position, and transpose back.
 *
 * <p>The generator's scheduler cuts the comparators into methods that each load the rows they touch once, keep them in
 * local vectors and store them once: {row_stores} row stores per block in the sort, as many in the unsort. The 16-sorters,
 * the 32-merges and the 64-merge's 16-row blocks share their methods (first row as a parameter), which cuts what C2
 * compiles (and so the warm-up, which runs these methods boxed in C1 code) to 221 distinct comparators. Each method stays
 * below the size at which C1 gave up ("out of virtual registers"), after which a method ran boxed in tier-2 code and
 * never reached C2.
 */
final class Net64F32 {{
    static final int N = {N};
    static final int COMPARATORS = {len(net)};
    /** Longs of swap masks per block. */
    static final int SWAP_LONGS = {longs};
    private static final VectorSpecies<Integer> IS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final int L = IS.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /** Whether this class can run: it transposes 16 rows of 16 lanes (512-bit vectors; AVX2 keeps LanesF32's general path). */
    static final boolean TRANSPOSES = L == {T};
    // Select indexes of transpose stage j (pairs rows r, r + 2^j): lanes of the low and high row of a pair.
{tconsts}

    private Net64F32() {{
    }}

    /**
     * Sorts 16 groups of 64 at {{@code st[64 g, 64 g + 64)}} (raw float bits) per lane: sorted row i (sample i of
     * every group, ascending) to {{@code x[16 i, 16 i + 16)}}, the swap masks to {{@code swaps}}; {{@code k}} is scratch
     * (64 rows of keys).
     */
    static void sort(int[] st, int[] k, float[] x, long[] swaps) {{
{sortcalls}
    }}

    /** The rows of {{@code y}} (sorted order) back to each sample's original position, group g at {{@code offset + 256 g}} of native {{@code out}}. */
    static void unsort(float[] y, long[] swaps, MemorySegment out, long offset) {{
{unsortcalls(True)}
    }}

    /** {{@link #unsort(float[], long[], MemorySegment, long)}} into {{@code st[64 g, 64 g + 64)}}. */
    static void unsort(float[] y, long[] swaps, float[] st) {{
{unsortcalls(False)}
    }}

{chr(10).join(chr(10) + m if i else m for i, m in enumerate(methods))}
}}
'''
target = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'main', 'panama', 'org', 'pkpo',
                      'internal', 'panama', 'Net64F32.java')
if '--stats' in sys.argv[1:]:
    print(f"calls={len(calls)} row stores={row_stores} swap longs={longs}")
    for name, cs, rows, kind in units:
        print(name, len(cs), len(rows))
else:
    write_or_check(target, src, 'gen_net64.py')
