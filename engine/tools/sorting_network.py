"""What the generators of the unrolled lane networks (gen_net16.py, gen_net16f64.py) share: SortingNetwork.build
(engine/src/main/java/org/pkpo/internal/kernels/SortingNetwork.java) ported line for line (Net16F32Test checks the
result against the Java table), the in-register transpose, the compare-exchange and replay lines, --check."""
import sys


def build(n):
    p2 = 1
    while p2 < n:
        p2 <<= 1
    out = []
    p = 1
    while p < p2:
        k = p
        while k >= 1:
            j = k % p
            while j + k < p2:
                for i in range(min(k, p2 - j - k)):
                    a = i + j
                    b = i + j + k
                    if a // (2 * p) == b // (2 * p) and b < n:
                        out.append((a, b))
                j += 2 * k
            k >>= 1
        p <<= 1
    return out


# Pieces both lane-network generators emit (gen_net16.py on 16 float lanes, gen_net16f64.py on 8 double lanes).

def tidx(h, lanes):
    """Select indexes of the transpose stage that pairs vectors r and r + h: lanes of the low and the high result."""
    lo = [c if c & h == 0 else lanes + c - h for c in range(lanes)]
    hi = [c + h if c & h == 0 else lanes + c for c in range(lanes)]
    return lo, hi


def check_transpose(lanes):
    """The stages of tidx transpose a lanes x lanes matrix (the generators' transposes rely on it)."""
    m = [[(r, c) for c in range(lanes)] for r in range(lanes)]
    h = 1
    while h < lanes:
        lo, hi = tidx(h, lanes)
        n = [None] * lanes
        for r in range(lanes):
            if r & h:
                continue
            cat = m[r] + m[r + h]
            n[r] = [cat[i] for i in lo]
            n[r + h] = [cat[i] for i in hi]
        m = n
        h <<= 1
    assert all(m[r][c] == (c, r) for r in range(lanes) for c in range(lanes))


def comparator_lines(net, cs, bits):
    """Compare-exchanges of rows a{i} (as floating point), each swap mask packed as `bits` lane bits, 64 // bits to a
    long of swaps (comparator c at bit bits * (c % per) of swaps[c / per])."""
    per = 64 // bits
    out = []
    cs = list(cs)
    for c in cs:
        a, b = net[c]
        pack = "p = m.toLong();" if c % per == 0 else f"p |= m.toLong() << {bits * (c % per)};"
        if c % per == per - 1 or c == cs[-1]:
            pack += f" swaps[{c // per}] = p;"
        out.append(f"        m = a{a}.compare(VectorOperators.GT, a{b}); t = a{a}.blend(a{b}, m); a{b} = a{b}.blend(a{a}, m); a{a} = t; {pack}")
    return out


def unsort_lines(net, cs, bits, species):
    """The swaps of comparators cs (give them last first) replayed on rows y{i} by two blends each."""
    per = 64 // bits
    out = []
    for c in cs:
        a, b = net[c]
        word = f"swaps[{c // per}]" if c % per == 0 else f"swaps[{c // per}] >>> {bits * (c % per)}"
        out.append(f"        m = VectorMask.fromLong({species}, {word}); v = y{a}.blend(y{b}, m); y{b} = y{b}.blend(y{a}, m); y{a} = v;")
    return out


def gap_math_lines(n, vec, species, rows, one, zero):
    """The per-sample maths of a sorted plan on rows x0..x{n-1} into y0..y{n-1} (vec: FloatVector or DoubleVector,
    species: its species constant, rows: the Rows class whose loops these unroll, one / zero: the literals 1 and 0):
    gap sums S_i from the top down, R_0 in four FMA chains, then R_i by moving the hole up, times scale. Both fused
    generators (gen_net16.py, gen_net16f64.py) emit it, so the two precisions cannot drift apart."""
    out = ["        // Gap sums S_i (%s.gapSums), from the top down, one FMA per gap." % rows,
           f"        {vec} g = {vec}.zero({species});",
           f"        {vec} s{n - 1} = g;"]
    for i in range(n - 2, -1, -1):
        out.append(f"        {vec} d{i} = x{i + 1}.sub(x{i});")
        out.append(f"        g = d{i}.fma({vec}.broadcast({species}, w[{i}]), g); {vec} s{i} = g;")
    out += ["        // R_0, then R_i by moving the hole up (%s.leaveOneOutGaps). R_0 in four independent FMA chains (a quarter" % rows,
            "        // of the latency); u[j - 1] is 0 for j < baselineK, so starting at j = 1 adds exact zeros.",
            f"        {vec} top = x{n - 1}.mul(topCoefficient).add({zero}); // -0 made +0, as GroupMath",
            f"        {vec} cv = {vec}.broadcast({species}, c);",
            f"        {vec} r0 = {vec}.zero({species}), r1 = r0, r2 = r0, r3 = r0;"]
    for j in range(1, n - 1):
        out.append(f"        r{j % 4} = x{n - 1}.sub(x{j}).fma({vec}.broadcast({species}, u[{j - 1}]), r{j % 4});")
    out.append(f"        {vec} r = r0.add(r1).add(r2.add(r3));")
    out.append(f"        {vec} y0 = r.fma(cv, top).sub(s0);")
    for i in range(n - 1):
        out.append(f"        r = d{i}.fma({vec}.broadcast({species}, u[{i}]), r);")
        out.append(f"        {vec} y{i + 1} = r.fma(cv, top).sub(s{i + 1});")
    out.append(f"        if (scale != {one}) {{")
    out += [f"            y{r} = y{r}.mul(scale);" for r in range(n)]
    out.append("        }")
    return out


def write_or_check(target, src, script):
    """Writes src to target, or with --check exits 1 if target differs."""
    if '--check' in sys.argv[1:]:
        with open(target) as f:
            if f.read() != src:
                sys.exit(f'{target} differs from what engine/tools/{script} generates: run the generator, do not edit it')
    else:
        with open(target, 'w') as f:
            f.write(src)
