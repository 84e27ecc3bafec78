#!/usr/bin/env python3
"""Writes engine/src/main/java/org/pkpo/Net16F32.java: SortingNetwork.of(16) unrolled (see its javadoc).

build() is SortingNetwork.build ported line for line; Net16F32Test checks the result against the table.
"""
import os

def build(n):
    p2=1
    while p2<n: p2<<=1
    out=[]
    p=1
    while p<p2:
        k=p
        while k>=1:
            j=k%p
            while j+k<p2:
                for i in range(min(k,p2-j-k)):
                    a=i+j;b=i+j+k
                    if a//(2*p)==b//(2*p) and b<n: out.append((a,b))
                j+=2*k
            k>>=1
        p<<=1
    return out
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
    body=[f"    private static void sort{ci}(int[] k, int[] swaps) {{"]
    body+= [f"        IntVector k{r} = IntVector.fromArray(IS, k, {r} * L);" for r in rs]
    body+= ["        VectorMask<Integer> m;","        IntVector t;"]
    for c in ch:
        a,b=net[c]
        body.append(f"        m = k{a}.compare(VectorOperators.GT, k{b}); t = k{a}.min(k{b}); k{b} = k{a}.max(k{b}); k{a} = t; ((IntVector) m.toVector()).intoArray(swaps, {c} * L);")
    body+= [f"        k{r}.intoArray(k, {r} * L);" for r in rs]
    body.append("    }")
    meths.append("\n".join(body))
for ci in reversed(range(len(chunks))):
    ch=chunks[ci]; rs=rows(ch)
    body=[f"    private static void unsort{ci}(float[] y, int[] swaps) {{"]
    body+= [f"        FloatVector y{r} = FloatVector.fromArray(FS, y, {r} * L);" for r in rs]
    body+= ["        VectorMask<Float> m;","        FloatVector t;"]
    for c in reversed(ch):
        a,b=net[c]
        body.append(f"        m = IntVector.fromArray(IS, swaps, {c} * L).compare(VectorOperators.NE, 0).cast(FS); t = y{a}.blend(y{b}, m); y{b} = y{b}.blend(y{a}, m); y{a} = t;")
    body+= [f"        y{r}.intoArray(y, {r} * L);" for r in rs]
    body.append("    }")
    meths.append("\n".join(body))
sortcalls="\n".join(f"        sort{i}(keys, swaps);" for i in range(len(chunks)))
unsortcalls="\n".join(f"        unsort{i}(y, swaps);" for i in reversed(range(len(chunks))))
src=f'''package org.pkpo;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {N}-sample network of {{@link SortingNetwork}} unrolled over local row vectors, so that C2 keeps the
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

    private Net16F32() {{
    }}

    /**
     * Sorts every lane of the {N} rows of raw float bits in {{@code keys}} ascending, writes the sorted
     * floats to the rows of {{@code x}} and the swap mask of comparator c to {{@code swaps[c * L ..]}}.
     * {{@code keys}} is left holding the order-preserving int keys of the sorted values.
     */
    static void sort(int[] keys, float[] x, int[] swaps) {{
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
    static void unsort(float[] y, int[] swaps) {{
{unsortcalls}
    }}

{chr(10).join(chr(10)+m if i else m for i,m in enumerate(meths))}
}}
'''
open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'main', 'java', 'org', 'pkpo', 'Net16F32.java'), 'w').write(src)
