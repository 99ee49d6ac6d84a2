package io.qstream.arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir Path dir;

    @Test
    void matrixRoundTripsWithNumpyHeader() throws IOException {
        FloatMatrix m = new FloatMatrix(2, 3, new float[] {1, 2, 3, 4, 5, Float.MIN_VALUE});
        Path f = dir.resolve("m.npy");
        Npy.write(f, m);
        byte[] bytes = Files.readAllBytes(f);
        String header = new String(bytes, 10, bytes.length - 10 - 24, java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(header.contains("'descr': '<f4'") && header.contains("'shape': (2, 3)"), header);
        assertEquals(0, (10 + header.length()) % 64, "header must pad the data offset to 64 bytes");
        FloatMatrix back = Npy.readMatrix(f);
        assertEquals(2, back.rows());
        assertArrayEquals(m.data(), back.data());
    }

    @Test
    void vectorsAndNpzArchivesRoundTrip() throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("layers.0.bias", NpyArray.vector(new float[] {0.5f, -1f}));
        arrays.put("head.weight", new NpyArray(new int[] {1, 2}, new float[] {3f, 4f}));
        Path f = dir.resolve("w.npz");
        Npy.writeNpz(f, arrays);
        Map<String, NpyArray> back = Npy.readNpz(f);
        assertEquals(arrays.keySet(), back.keySet());
        assertArrayEquals(new int[] {2}, back.get("layers.0.bias").shape());
        assertArrayEquals(new float[] {3f, 4f}, back.get("head.weight").data());
    }

    @Test
    void rejectsNonNpyAndTruncatedFilesNamingThem() throws IOException {
        Path text = dir.resolve("notes.npy");
        Files.writeString(text, "hello");
        IOException e = assertThrows(IOException.class, () -> Npy.read(text));
        assertTrue(e.getMessage().contains("notes.npy") && e.getMessage().contains("not a .npy"), e.getMessage());

        Path full = dir.resolve("full.npy");
        Npy.write(full, FloatMatrix.zeros(4, 4));
        byte[] bytes = Files.readAllBytes(full);
        Path cut = dir.resolve("cut.npy");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 8));
        e = assertThrows(IOException.class, () -> Npy.read(cut));
        assertTrue(e.getMessage().contains("cut.npy") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void rejectsIntegerArraysNamingTheDtype() throws IOException {
        Path f = dir.resolve("ints.npy");
        String dict = "{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }";
        String header = dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n";
        byte[] head = new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0};
        Files.write(f, concat(head, header.getBytes(), new byte[4]));
        IOException e = assertThrows(IOException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("<i4") && e.getMessage().contains("float32"), e.getMessage());
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
