"""SortingNetwork.build (engine/src/main/java/org/pkpo/internal/kernels/SortingNetwork.java) ported line for line,
for the generators of the unrolled networks (gen_net16.py, gen_net16f64.py); Net16F32Test checks the result
against the Java table."""


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
