package io.qstream.qrnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qstream.arrays.FloatMatrix;
import io.qstream.arrays.Npy;
import io.qstream.arrays.NpyArray;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model file round trips (directory, zip) and rejection of every kind of bad model file. */
class ModelFilesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;
    QrnnModel model;
    Path good;

    @BeforeEach
    void setUp() throws IOException {
        model = RandomModels.model(new Random(11), 6, new int[] {5, 4}, new int[] {3, 2}, Pooling.IFO, "softmax", true);
        good = tmp.resolve("good");
        ModelFiles.save(model, good);
    }

    @Test
    void roundTripsDirectoryAndZip() throws IOException {
        Path zip = tmp.resolve("m.zip");
        ModelFiles.save(model, zip);
        assertTrue(Files.isRegularFile(zip));
        float[][] x = RandomModels.frames(new Random(2), 17, 6);
        FloatMatrix ref = model.forward(FloatMatrix.fromRows(x, 6), model.newState());
        for (Path p : new Path[] {good, zip}) {
            QrnnModel back = ModelFiles.load(p);
            assertEquals(ModelFiles.toJson(model), ModelFiles.toJson(back), p + ": model.json");
            Map<String, NpyArray> w0 = ModelFiles.weights(model);
            Map<String, NpyArray> w1 = ModelFiles.weights(back);
            assertEquals(w0.keySet(), w1.keySet());
            for (String k : w0.keySet()) {
                assertArrayEquals(w0.get(k).shape(), w1.get(k).shape(), k);
                assertArrayEquals(w0.get(k).data(), w1.get(k).data(), k);
            }
            assertEquals(model.labels(), back.labels());
            assertEquals("fbank", back.features().get("type").asText());
            assertArrayEquals(ref.data(), back.forward(FloatMatrix.fromRows(x, 6), back.newState()).data(), p.toString());
        }
    }

    @Test
    void roundTripsModelWithoutHeadOrNormalization() throws IOException {
        QrnnModel bare = new QrnnModel(3, model.layers().subList(0, 1).stream()
                .map(l -> new QrnnLayer(3, 2, 1, Pooling.F, new float[2 * 2 * 3], new float[4])).toList(), null, null, null, null);
        Path dir = tmp.resolve("bare");
        ModelFiles.save(bare, dir);
        QrnnModel back = ModelFiles.load(dir);
        assertEquals(null, back.head());
        assertEquals(null, back.mean());
        assertEquals(null, back.features());
        assertEquals(2, back.outputDim());
        assertTrue(back.labels().isEmpty());
    }

    @Test
    void loadsZipWithModelInsideOneFolder() throws IOException {
        Path zip = tmp.resolve("folder.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("mymodel/"));
            z.closeEntry();
            for (String f : new String[] {"model.json", "weights.npz"}) {
                z.putNextEntry(new ZipEntry("mymodel/" + f));
                z.write(Files.readAllBytes(good.resolve(f)));
                z.closeEntry();
            }
        }
        assertEquals(ModelFiles.toJson(model), ModelFiles.toJson(ModelFiles.load(zip)));
    }

    // ------------------------------------------------------------ bad files

    @Test
    void rejectsMissingFilesAndPaths() throws IOException {
        expect(tmp.resolve("nope"), "nope", "no such model directory or .zip file");
        Path noJson = copy("nojson");
        Files.delete(noJson.resolve("model.json"));
        expect(noJson, "model.json", "missing");
        Path noWeights = copy("noweights");
        Files.delete(noWeights.resolve("weights.npz"));
        expect(noWeights, "weights.npz", "missing");
        Path notZip = tmp.resolve("notzip.zip");
        Files.writeString(notZip, "hello");
        expect(notZip, "notzip.zip", "not a model directory or a valid .zip file");
        Path zipNoJson = tmp.resolve("nojson.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zipNoJson))) {
            z.putNextEntry(new ZipEntry("weights.npz"));
            z.write(Files.readAllBytes(good.resolve("weights.npz")));
            z.closeEntry();
        }
        expect(zipNoJson, "nojson.zip!/model.json", "missing");
        Path zipNoWeights = tmp.resolve("noweights.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zipNoWeights))) {
            z.putNextEntry(new ZipEntry("model.json"));
            z.write(Files.readAllBytes(good.resolve("model.json")));
            z.closeEntry();
        }
        expect(zipNoWeights, "noweights.zip!/weights.npz", "missing");
    }

    @Test
    void rejectsBadJson() throws IOException {
        Path p = copy("badjson");
        Files.writeString(p.resolve("model.json"), "{\"format\": \"qstream-qrnn/1\", ");
        expect(p, "model.json", "not valid JSON");
        badJson("version", j -> j.put("format", "qstream-qrnn/2"), "\"format\" is \"qstream-qrnn/2\", expected \"qstream-qrnn/1\"");
        badJson("noformat", j -> j.remove("format"), "\"format\" is missing");
        badJson("dim", j -> j.put("input_dim", 0), "\"input_dim\" is 0, expected a positive integer");
        badJson("dimtype", j -> j.put("input_dim", "six"), "\"input_dim\" is \"six\", expected a positive integer");
        badJson("nolayers", j -> j.putArray("layers"), "\"layers\" must be a non-empty array");
        badJson("pool", j -> ((ObjectNode) j.get("layers").get(1)).put("pooling", "max"),
                "layers[1].pooling is \"max\", expected \"f\", \"fo\" or \"ifo\"");
        badJson("window", j -> ((ObjectNode) j.get("layers").get(0)).put("window", -1), "\"layers[0].window\" is -1, expected a positive integer");
        badJson("unknown", j -> j.put("hiden", 3), "unknown field \"hiden\"");
        badJson("unknownlayer", j -> ((ObjectNode) j.get("layers").get(0)).put("dropout", 0.1), "unknown field \"layers[0].dropout\"");
        badJson("act", j -> ((ObjectNode) j.get("head")).put("activation", "relu"),
                "head.activation is \"relu\", expected \"softmax\" or \"sigmoid\"");
        badJson("dup", j -> ((ArrayNode) j.get("head").get("labels")).set(1, "label0"), "head.labels[1] \"label0\" is a duplicate");
        badJson("nolabels", j -> ((ObjectNode) j.get("head")).putArray("labels"), "head.labels must be a non-empty array");
        badJson("features", j -> j.put("features", "fbank"), "\"features\" must be null or an object");
        badJson("normsize", j -> ((ArrayNode) j.get("normalization").get("mean")).remove(0),
                "\"normalization.mean\" has 5 values, expected 6 (input_dim)");
        badJson("normstd", j -> ((ArrayNode) j.get("normalization").get("std")).set(2, 0.0),
                "\"normalization.std\"[2] is 0.0, expected a finite number > 0");
        badJson("notobject", j -> { }, null); // sanity: an unmodified copy loads
    }

    @Test
    void rejectsBadWeights() throws IOException {
        badWeights("missing", w -> w.remove("layers.1.bias"), "array 'layers.1.bias' is missing, expected shape [16]");
        badWeights("extra", w -> w.put("layers.2.weight", NpyArray.vector(new float[3])), "unexpected array 'layers.2.weight'");
        badWeights("shape", w -> w.put("layers.0.bias", NpyArray.vector(new float[19])),
                "array 'layers.0.bias' has shape [19], expected [20] = [G*m] with G=4 (ifo-pooling), m=5");
        // layer 1 built for the wrong input size: the layers do not chain
        badWeights("chain", w -> w.put("layers.1.weight", new NpyArray(new int[] {16, 12}, new float[16 * 12])),
                "array 'layers.1.weight' has shape [16, 12], expected [16, 10] = [G*m, k*n] with G=4 (ifo-pooling), m=4,"
                        + " k=2, n=5 (layers[0].hidden)");
        badWeights("head", w -> w.put("head.weight", new NpyArray(new int[] {2, 4}, new float[8])),
                "array 'head.weight' has shape [2, 4], expected [3, 4] = [C, m] with C=3 (head.labels)");
        badWeights("nan", w -> {
            float[] d = w.get("layers.0.weight").data().clone();
            d[7] = Float.NaN;
            w.put("layers.0.weight", new NpyArray(w.get("layers.0.weight").shape(), d));
        }, "array 'layers.0.weight' has a non-finite value NaN at [0, 7], expected finite values");
        badWeights("inf", w -> {
            float[] d = w.get("head.bias").data().clone();
            d[1] = Float.NEGATIVE_INFINITY;
            w.put("head.bias", new NpyArray(new int[] {3}, d));
        }, "array 'head.bias' has a non-finite value -Infinity at [1]");

        // head arrays while model.json says "head": null
        Path p = copy("nohead");
        ObjectNode j = (ObjectNode) JSON.readTree(p.resolve("model.json").toFile());
        j.putNull("head");
        JSON.writeValue(p.resolve("model.json").toFile(), j);
        expect(p, "weights.npz", "unexpected array 'head.weight' (" + p.resolve("model.json") + " has \"head\": null)");

        // float64 arrays are refused, not silently rounded
        Path f64 = copy("float64");
        Map<String, NpyArray> w = Npy.readNpz(good.resolve("weights.npz"));
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f64.resolve("weights.npz")))) {
            for (Map.Entry<String, NpyArray> e : w.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                if (e.getKey().equals("layers.0.bias")) writeFloat64(z, e.getValue());
                else Npy.write((OutputStream) z, e.getValue());
                z.closeEntry();
            }
        }
        expect(f64, "weights.npz", "array 'layers.0.bias' has dtype <f8, expected float32 ('<f4')");

        Path notNpz = copy("notnpz");
        Files.writeString(notNpz.resolve("weights.npz"), "not a zip at all");
        expect(notNpz, "weights.npz", "not a valid .npz");
    }

    private void badJson(String name, Consumer<ObjectNode> edit, String message) throws IOException {
        Path p = copy(name);
        ObjectNode j = (ObjectNode) JSON.readTree(p.resolve("model.json").toFile());
        edit.accept(j);
        JSON.writeValue(p.resolve("model.json").toFile(), j);
        if (message == null) {
            ModelFiles.load(p);
        } else {
            expect(p, "model.json", message);
        }
    }

    private void badWeights(String name, Consumer<Map<String, NpyArray>> edit, String message) throws IOException {
        Path p = copy(name);
        Map<String, NpyArray> w = new LinkedHashMap<>(Npy.readNpz(good.resolve("weights.npz")));
        edit.accept(w);
        Npy.writeNpz(p.resolve("weights.npz"), w);
        expect(p, "weights.npz", message);
    }

    private Path copy(String name) throws IOException {
        Path p = tmp.resolve(name);
        Files.createDirectories(p);
        for (String f : new String[] {"model.json", "weights.npz"}) Files.copy(good.resolve(f), p.resolve(f));
        return p;
    }

    /** The message must name the file and say what is wrong. */
    private static void expect(Path model, String fileInMessage, String what) {
        IOException e = assertThrows(IOException.class, () -> ModelFiles.load(model), model.toString());
        assertTrue(e.getMessage().contains(fileInMessage), "message should name " + fileInMessage + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(what), "message should say '" + what + "': " + e.getMessage());
    }

    private static void writeFloat64(OutputStream out, NpyArray a) throws IOException {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + a.shape()[0] + ",), }";
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer head = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        head.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(head.array());
        b.write(header.getBytes(StandardCharsets.US_ASCII));
        ByteBuffer body = ByteBuffer.allocate(a.data().length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : a.data()) body.putDouble(v);
        b.write(body.array());
        out.write(b.toByteArray());
    }
}
