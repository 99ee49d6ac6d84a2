package io.qstream.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qstream.arrays.Npy;
import io.qstream.arrays.NpyArray;
import io.qstream.qrnn.DenseHead;
import io.qstream.qrnn.Pooling;
import io.qstream.qrnn.QrnnLayer;
import io.qstream.qrnn.QrnnModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model directory I/O in the qstream-qrnn/1 format of ARCHITECTURE.md (model.json + weights.npz), directories only.
 * A stand-in with the signatures of qrnn's {@code ModelFiles}, which had not landed when training needed it:
 * replace the calls with {@code io.qstream.qrnn.ModelFiles} once it has, and delete this class.
 */
public final class ModelFilesCompat {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelFilesCompat() {}

    public static void save(QrnnModel m, Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "qstream-qrnn/1");
        root.put("input_dim", m.inputDim());
        ArrayNode layers = root.putArray("layers");
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        for (int i = 0; i < m.layers().size(); i++) {
            QrnnLayer l = m.layers().get(i);
            ObjectNode o = layers.addObject();
            o.put("hidden", l.hidden());
            o.put("window", l.window());
            o.put("pooling", l.pooling().jsonName());
            arrays.put("layers." + i + ".weight",
                    new NpyArray(new int[] {l.gateRows(), l.window() * l.inputSize()}, l.weight()));
            arrays.put("layers." + i + ".bias", NpyArray.vector(l.bias()));
        }
        if (m.head() != null) {
            ObjectNode h = root.putObject("head");
            ArrayNode labels = h.putArray("labels");
            m.head().labels().forEach(labels::add);
            h.put("activation", m.head().activation());
            arrays.put("head.weight", new NpyArray(new int[] {m.head().classes(), m.head().inputSize()},
                    m.head().weight()));
            arrays.put("head.bias", NpyArray.vector(m.head().bias()));
        } else {
            root.putNull("head");
        }
        if (m.features() != null) root.set("features", m.features());
        else root.putNull("features");
        if (m.mean() != null) {
            ObjectNode n = root.putObject("normalization");
            ArrayNode mean = n.putArray("mean"), std = n.putArray("std");
            for (float v : m.mean()) mean.add(v);
            for (float v : m.std()) std.add(v);
        } else {
            root.putNull("normalization");
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("model.json").toFile(), root);
        Npy.writeNpz(dir.resolve("weights.npz"), arrays);
    }

    public static QrnnModel load(Path dir) throws IOException {
        Path json = dir.resolve("model.json");
        if (!Files.isRegularFile(json)) throw new IOException(dir + ": no model.json (not a model directory)");
        JsonNode root = JSON.readTree(json.toFile());
        if (!"qstream-qrnn/1".equals(root.path("format").asText())) {
            throw new IOException(json + ": format is '" + root.path("format").asText() + "', expected qstream-qrnn/1");
        }
        Map<String, NpyArray> w = Npy.readNpz(dir.resolve("weights.npz"));
        int n = root.path("input_dim").asInt();
        List<QrnnLayer> layers = new ArrayList<>();
        int in = n;
        for (int i = 0; i < root.path("layers").size(); i++) {
            JsonNode l = root.path("layers").get(i);
            int m = l.path("hidden").asInt();
            layers.add(new QrnnLayer(in, m, l.path("window").asInt(), Pooling.parse(l.path("pooling").asText()),
                    need(w, "layers." + i + ".weight", dir), need(w, "layers." + i + ".bias", dir)));
            in = m;
        }
        DenseHead head = null;
        JsonNode h = root.path("head");
        if (h.isObject()) {
            List<String> labels = new ArrayList<>();
            h.path("labels").forEach(x -> labels.add(x.asText()));
            head = new DenseHead(labels, h.path("activation").asText(), need(w, "head.weight", dir),
                    need(w, "head.bias", dir));
        }
        float[] mean = null, std = null;
        JsonNode norm = root.path("normalization");
        if (norm.isObject()) {
            mean = floats(norm.path("mean"));
            std = floats(norm.path("std"));
        }
        JsonNode features = root.path("features");
        return new QrnnModel(n, layers, head, mean, std, features.isObject() ? (ObjectNode) features : null);
    }

    private static float[] need(Map<String, NpyArray> w, String name, Path dir) throws IOException {
        NpyArray a = w.get(name);
        if (a == null) throw new IOException(dir.resolve("weights.npz") + ": missing array " + name);
        return a.data();
    }

    private static float[] floats(JsonNode arr) {
        float[] out = new float[arr.size()];
        for (int i = 0; i < out.length; i++) out[i] = (float) arr.get(i).asDouble();
        return out;
    }
}
