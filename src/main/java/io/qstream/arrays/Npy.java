package io.qstream.arrays;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * NumPy {@code .npy} (format 1.0/2.0/3.0) and {@code .npz} reading and writing for float32 arrays.
 * Reading also accepts little-endian float64 and converts it; writing is always {@code <f4}, C order.
 * Errors name the file (or npz member) and what was wrong.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    public static void write(Path file, FloatMatrix m) throws IOException {
        write(file, NpyArray.of(m));
    }

    public static void write(Path file, NpyArray a) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, a);
        }
    }

    public static void write(OutputStream out, NpyArray a) throws IOException {
        StringBuilder shape = new StringBuilder("(");
        for (int i = 0; i < a.shape().length; i++) {
            shape.append(a.shape()[i]).append(a.shape().length == 1 ? "," : (i + 1 < a.shape().length ? ", " : ""));
        }
        shape.append(')');
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer head = ByteBuffer.allocate(MAGIC.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        out.write(head.array());
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        ByteBuffer body = ByteBuffer.allocate(a.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        body.asFloatBuffer().put(a.data());
        out.write(body.array());
    }

    public static NpyArray read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such file");
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** Reads a 1-D or 2-D array as a matrix (see {@link NpyArray#asMatrix()}). */
    public static FloatMatrix readMatrix(Path file) throws IOException {
        NpyArray a = read(file);
        if (a.rank() != 2) throw new IOException(file + ": expected a 2-D array [frames, dims], found shape " + a.shapeString());
        return a.asMatrix();
    }

    /** Reads one array from {@code in}; {@code name} is used in error messages. */
    public static NpyArray read(InputStream in, String name) throws IOException {
        return read(in, name, false);
    }

    /**
     * Reads one array; with {@code float32Only} a float64 array is an error ({@code "<name> has dtype <f8, expected
     * float32"}) instead of being narrowed, so that an export in the wrong precision is caught.
     */
    public static NpyArray read(InputStream in, String name, boolean float32Only) throws IOException {
        DataInputStream din = new DataInputStream(in);
        byte[] magic = new byte[6];
        try {
            din.readFully(magic);
        } catch (EOFException e) {
            throw new IOException(name + ": not a .npy file (too short)");
        }
        for (int i = 0; i < 6; i++) {
            if (magic[i] != MAGIC[i]) throw new IOException(name + ": not a .npy file (bad magic)");
        }
        int major = din.readUnsignedByte();
        din.readUnsignedByte();
        int headerLen;
        if (major == 1) {
            headerLen = Short.toUnsignedInt(Short.reverseBytes(din.readShort()));
        } else if (major == 2 || major == 3) {
            headerLen = Integer.reverseBytes(din.readInt());
        } else {
            throw new IOException(name + ": unsupported .npy format version " + major);
        }
        byte[] hb = new byte[headerLen];
        din.readFully(hb);
        String header = new String(hb, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) throw new IOException(name + ": malformed .npy header: " + header.trim());
        String descr = d.group(1);
        int width;
        if (descr.equals("<f4") || descr.equals("=f4") || descr.equals("|f4")) width = 4;
        else if (float32Only) throw new IOException(name + " has dtype " + descr + ", expected float32 ('<f4')");
        else if (descr.equals("<f8") || descr.equals("=f8")) width = 8;
        else throw new IOException(name + ": dtype " + descr + " is not supported, expected float32 ('<f4')");
        if (f.group(1).equals("True")) throw new IOException(name + ": Fortran-order arrays are not supported, save with C order");
        List<Integer> dims = new ArrayList<>();
        for (String part : s.group(1).split(",")) {
            if (!part.isBlank()) dims.add(Integer.parseInt(part.trim()));
        }
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        long n = 1;
        for (int dim : shape) n *= dim;
        if (n > Integer.MAX_VALUE) throw new IOException(name + ": array too large (" + n + " values)");
        byte[] raw = new byte[Math.toIntExact(n * width)];
        try {
            din.readFully(raw);
        } catch (EOFException e) {
            throw new IOException(name + ": truncated, header promises " + n + " values of shape " + dims);
        }
        ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        float[] data = new float[(int) n];
        if (width == 4) {
            bb.asFloatBuffer().get(data);
        } else {
            for (int i = 0; i < data.length; i++) data[i] = (float) bb.getDouble();
        }
        return new NpyArray(shape, data);
    }

    /** Writes arrays as an {@code .npz} (zip of {@code name.npy} members), in the map's order. */
    public static void writeNpz(Path file, Map<String, NpyArray> arrays) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (OutputStream out = Files.newOutputStream(file)) {
            writeNpz(out, arrays);
        }
    }

    /** Writes arrays as an {@code .npz} to {@code out} (finished, not closed), in the map's order. */
    public static void writeNpz(OutputStream out, Map<String, NpyArray> arrays) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
            zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
            write(zip, e.getValue());
            zip.closeEntry();
        }
        zip.finish();
    }

    public static Map<String, NpyArray> readNpz(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such file");
        try (InputStream in = Files.newInputStream(file)) {
            return readNpz(in, file.toString());
        }
    }

    /** Reads every {@code *.npy} member of an npz stream; {@code name} is used in error messages. */
    public static Map<String, NpyArray> readNpz(InputStream in, String name) throws IOException {
        return readNpz(in, name, false);
    }

    /**
     * Reads every {@code *.npy} member of an npz stream, arrays named {@code "<name>: array '<member>'"} in errors.
     * {@code strict} (model weights): any other member and any array that is not float32 is an error; otherwise
     * other members are skipped and float64 arrays narrowed.
     */
    public static Map<String, NpyArray> readNpz(InputStream in, String name, boolean strict) throws IOException {
        Map<String, NpyArray> out = new LinkedHashMap<>();
        boolean any = false;
        try (ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                any = true;
                if (e.isDirectory()) continue;
                if (!e.getName().endsWith(".npy")) {
                    if (strict) throw new IOException(name + ": unexpected member '" + e.getName() + "', expected only .npy arrays");
                    continue;
                }
                String key = e.getName().substring(0, e.getName().length() - 4);
                out.put(key, read(new java.io.ByteArrayInputStream(zip.readAllBytes()), name + ": array '" + key + "'", strict));
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(name + ": not a valid .npz (zip) file: " + e.getMessage(), e);
        }
        if (!any) throw new IOException(name + ": not a valid .npz (zip) file or empty archive");
        return out;
    }
}
