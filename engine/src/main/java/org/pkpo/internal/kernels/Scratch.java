package org.pkpo.internal.kernels;

/** Per-thread work arrays, grown on demand, so that a warm call allocates nothing. */
public final class Scratch {
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    double[] raw = new double[64];
    double[] sorted = new double[64];
    double[] out = new double[64];
    int[] idx = new int[64];
    int[] tmp = new int[64];
    int[] pos = new int[64];
    final Float32Groups f32 = new Float32Groups();

    static Scratch get(int n) {
        Scratch s = LOCAL.get();
        if (s.raw.length < n) {
            int len = Math.max(n, 2 * s.raw.length);
            s.raw = new double[len];
            s.sorted = new double[len];
            s.out = new double[len];
            s.idx = new int[len];
            s.tmp = new int[len];
            s.pos = new int[len];
        }
        return s;
    }
}
