package org.pkpo.cli.format;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.List;
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

    /** The header of a 2-D array: rows x cols float32 or float64 values follow its {@code length} bytes. */
    public record Header(boolean f32, long rows, long cols, int length) {
        public long dataBytes() {
            return rows * cols * (f32 ? 4 : 8);
        }
    }

    /** Parses a whole file in memory. */
    public static Array read(byte[] b) throws CliException {
        Header h;
        try {
            h = readHeader(new ByteArrayInputStream(b));
        } catch (IOException e) {
            throw new AssertionError(e); // a byte array does not fail
        }
        if (b.length - h.length() < h.dataBytes()) {
            throw truncated(h, b.length - h.length());
        }
        return new Array(h.f32(), h.rows(), h.cols(), b, h.length());
    }

    /** Reads the magic and the header from {@code in}, which is left at the first data byte. */
    public static Header readHeader(InputStream in) throws CliException, IOException {
        byte[] pre = in.readNBytes(10);
        if (pre.length < 10 || !java.util.Arrays.equals(java.util.Arrays.copyOf(pre, 6), MAGIC)) {
            throw CliException.data("not a .npy file (missing the \\x93NUMPY magic)");
        }
        int major = pre[6] & 0xff;
        long headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = (pre[8] & 0xff) | (pre[9] & 0xff) << 8;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            byte[] more = in.readNBytes(2);
            if (more.length < 2) {
                throw CliException.data(".npy header truncated");
            }
            headerLen = ((pre[8] & 0xff) | (pre[9] & 0xff) << 8 | (more[0] & 0xff) << 16 | (long) (more[1] & 0xff) << 24);
            headerStart = 12;
        } else {
            throw CliException.data("unsupported .npy version " + major);
        }
        if (headerLen > 1 << 20) {
            throw CliException.data(".npy header of " + headerLen + " bytes is too long");
        }
        byte[] hb = in.readNBytes((int) headerLen);
        if (hb.length < headerLen) {
            throw CliException.data(".npy header truncated");
        }
        String header = new String(hb, StandardCharsets.ISO_8859_1);
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
                try {
                    shape.add(Long.parseLong(dim.trim()));
                } catch (NumberFormatException e) {
                    throw CliException.data(".npy shape (" + s.group(1) + ") is not a size");
                }
            }
        }
        if (shape.size() != 2) {
            throw CliException.data(".npy array must be 2-D (groups x n), got shape (" + s.group(1) + ")");
        }
        long rows = shape.get(0);
        long cols = shape.get(1);
        if (rows < 0 || cols < 0 || (cols > 0 && rows > Long.MAX_VALUE / 8 / cols)) {
            throw CliException.data(".npy shape (" + s.group(1) + ") is not a size");
        }
        return new Header(f32, rows, cols, headerStart + (int) headerLen);
    }

    /**
     * Reads the array's data from {@code in} (left by {@link #readHeader}) into aligned native memory of
     * {@code arena}; an error if the input ends first. {@code available}: the bytes the input still holds when
     * known (a file), else -1. A file is read by its channel straight into the segment; a stream (whose length
     * shows only when it ends) in heap pieces first, so that a header claiming more than arrives never makes this
     * allocate, and zero, that much.
     */
    public static MemorySegment readData(InputStream in, Header h, Arena arena, long available)
            throws CliException, IOException {
        long need = h.dataBytes();
        if (available >= 0 && available < need) {
            throw truncated(h, available);
        }
        if (available >= 0) {
            MemorySegment dst = arena.allocate(Math.max(need, 1), 8).asSlice(0, need);
            ReadableByteChannel ch = Channels.newChannel(in);
            for (long got = 0; got < need; ) {
                ByteBuffer bb = dst.asSlice(got, Math.min(need - got, 1 << 30)).asByteBuffer();
                while (bb.hasRemaining()) {
                    if (ch.read(bb) < 0) {
                        throw truncated(h, got + bb.position());
                    }
                }
                got += bb.capacity();
            }
            return dst;
        }
        List<byte[]> pieces = new ArrayList<>();
        long got = 0;
        while (got < need) {
            int want = (int) Math.min(need - got, 1 << 24);
            byte[] piece = in.readNBytes(want);
            pieces.add(piece);
            got += piece.length;
            if (piece.length < want) {
                throw truncated(h, got);
            }
        }
        MemorySegment dst = arena.allocate(Math.max(need, 1), 8).asSlice(0, need);
        long at = 0;
        for (byte[] piece : pieces) {
            MemorySegment.copy(piece, 0, dst, ValueLayout.JAVA_BYTE, at, piece.length);
            at += piece.length;
        }
        return dst;
    }

    private static CliException truncated(Header h, long has) {
        return CliException.data(".npy data truncated: shape (" + h.rows() + ", " + h.cols() + ") needs " + h.dataBytes()
                + " bytes, file has " + has);
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
