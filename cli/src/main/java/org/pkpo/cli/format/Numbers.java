package org.pkpo.cli.format;

/** Decimal text that reads back to exactly the same float or double. */
public final class Numbers {
    private Numbers() {
    }

    /** Shortest text that round-trips: Double.toString / Float.toString are shortest-repr since JDK 19. */
    public static String format(double v, boolean f32) {
        return f32 ? Float.toString((float) v) : Double.toString(v);
    }

    public static void join(StringBuilder sb, double[] values, boolean f32, String sep) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(sep);
            }
            sb.append(format(values[i], f32));
        }
    }
}
