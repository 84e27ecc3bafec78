package org.pkpo.cli.format;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pkpo.cli.CliException;

/** The .npy format (version 1-3) for 2-D little-endian float32/float64 arrays in C order. */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** A parsed array: rows x cols values, data starting at {@code dataOffset} of the file bytes. */
    public record Array(boolean f32, long rows, long cols, byte[] file, int dataOffset) {
    }

    private Npy() {
    }

    public static Array read(byte[] b) throws CliException {
        if (b.length < 10 || !java.util.Arrays.equals(java.util.Arrays.copyOf(b, 6), MAGIC)) {
            throw CliException.data("not a .npy file (missing the \\x93NUMPY magic)");
        }
        int major = b[6] & 0xff;
        int headerLen;
        int headerStart;
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (b.length < 12) {
                throw CliException.data(".npy header truncated");
            }
            headerLen = bb.getInt(8);
            headerStart = 12;
        } else {
            throw CliException.data("unsupported .npy version " + major);
        }
        if (headerLen < 0 || headerStart + headerLen > b.length) {
            throw CliException.data(".npy header truncated");
        }
        String header = new String(b, headerStart, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw CliException.data("cannot read the .npy header: " + header.trim());
        }
        String descr = d.group(1);
        boolean f32;
        if (descr.equals("<f4") || descr.equals("=f4")) {
            f32 = true;
        } else if (descr.equals("<f8") || descr.equals("=f8")) {
            f32 = false;
        } else {
            throw CliException.data(".npy dtype " + descr + " is not supported: use little-endian float32 (<f4) or float64 (<f8)");
        }
        if (f.group(1).equals("True")) {
            throw CliException.data(".npy array is in Fortran order: save it in C order (np.ascontiguousarray)");
        }
        String[] dims = s.group(1).split(",");
        java.util.List<Long> shape = new java.util.ArrayList<>();
        for (String dim : dims) {
            if (!dim.isBlank()) {
                shape.add(Long.parseLong(dim.trim()));
            }
        }
        if (shape.size() != 2) {
            throw CliException.data(".npy array must be 2-D (groups x n), got shape (" + s.group(1) + ")");
        }
        long rows = shape.get(0);
        long cols = shape.get(1);
        int dataOffset = headerStart + headerLen;
        long need = rows * cols * (f32 ? 4 : 8);
        if (b.length - dataOffset < need) {
            throw CliException.data(".npy data truncated: shape (" + rows + ", " + cols + ") needs " + need
                    + " bytes, file has " + (b.length - dataOffset));
        }
        return new Array(f32, rows, cols, b, dataOffset);
    }

    public static void writeHeader(ByteArrayOutputStream out, boolean f32, long rows, long cols) {
        String dict = "{'descr': '" + (f32 ? "<f4" : "<f8") + "', 'fortran_order': False, 'shape': (" + rows
                + ", " + cols + "), }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        out.writeBytes(MAGIC);
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xff);
        out.write(header.length() >>> 8);
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
    }
}
