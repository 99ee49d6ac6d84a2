package io.qstream.flink;

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
import java.util.Locale;
import java.util.Map;

/**
 * Stand-in for {@code io.qstream.qrnn.ModelFiles} (not on the qrnn branch yet): reads and writes a model
 * directory ({@code model.json} + {@code weights.npz}, format qstream-qrnn/1 of ARCHITECTURE.md). No .zip.
 * To be replaced by ModelFiles once it exists.
 */
final class InterimModelFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private InterimModelFiles() {}

    static QrnnModel load(Path dir) throws IOException {
        Path json = dir.resolve("model.json");
        if (!Files.isRegularFile(json)) throw new IOException("model " + dir + ": no model.json (a model directory is expected)");
        JsonNode m = JSON.readTree(json.toFile());
        if (!"qstream-qrnn/1".equals(m.path("format").asText())) {
            throw new IOException("model " + dir + ": format is '" + m.path("format").asText() + "', expected qstream-qrnn/1");
        }
        Map<String, NpyArray> w = Npy.readNpz(dir.resolve("weights.npz"));
        int n = m.path("input_dim").asInt();
        List<QrnnLayer> layers = new ArrayList<>();
        int in = n;
        int i = 0;
        for (JsonNode l : m.path("layers")) {
            int hidden = l.path("hidden").asInt();
            layers.add(new QrnnLayer(in, hidden, l.path("window").asInt(), Pooling.valueOf(l.path("pooling").asText().toUpperCase(Locale.ROOT)),
                    array(w, "layers." + i + ".weight", dir), array(w, "layers." + i + ".bias", dir)));
            in = hidden;
            i++;
        }
        DenseHead head = null;
        JsonNode h = m.path("head");
        if (h.isObject()) {
            List<String> labels = new ArrayList<>();
            h.path("labels").forEach(x -> labels.add(x.asText()));
            head = new DenseHead(labels, h.path("activation").asText(), array(w, "head.weight", dir), array(w, "head.bias", dir));
        }
        float[] mean = null, std = null;
        JsonNode norm = m.path("normalization");
        if (norm.isObject()) {
            mean = floats(norm.path("mean"));
            std = floats(norm.path("std"));
        }
        ObjectNode features = m.path("features").isObject() ? (ObjectNode) m.path("features") : null;
        return new QrnnModel(n, layers, head, mean, std, features);
    }

    static void save(QrnnModel model, Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectNode m = JSON.createObjectNode();
        m.put("format", "qstream-qrnn/1");
        m.put("input_dim", model.inputDim());
        ArrayNode layers = m.putArray("layers");
        Map<String, NpyArray> w = new LinkedHashMap<>();
        for (int i = 0; i < model.layers().size(); i++) {
            QrnnLayer l = model.layers().get(i);
            layers.addObject().put("hidden", l.hidden()).put("window", l.window())
                    .put("pooling", l.pooling().name().toLowerCase(Locale.ROOT));
            w.put("layers." + i + ".weight", new NpyArray(new int[] {l.gateRows(), l.window() * l.inputSize()}, l.weight()));
            w.put("layers." + i + ".bias", NpyArray.vector(l.bias()));
        }
        if (model.head() != null) {
            ObjectNode h = m.putObject("head");
            model.head().labels().forEach(h.putArray("labels")::add);
            h.put("activation", model.head().activation());
            w.put("head.weight", new NpyArray(new int[] {model.head().classes(), model.head().inputSize()}, model.head().weight()));
            w.put("head.bias", NpyArray.vector(model.head().bias()));
        } else {
            m.putNull("head");
        }
        if (model.features() != null) m.set("features", model.features()); else m.putNull("features");
        if (model.mean() != null) {
            ObjectNode norm = m.putObject("normalization");
            ArrayNode mean = norm.putArray("mean");
            for (float v : model.mean()) mean.add(v);
            ArrayNode std = norm.putArray("std");
            for (float v : model.std()) std.add(v);
        } else {
            m.putNull("normalization");
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("model.json").toFile(), m);
        Npy.writeNpz(dir.resolve("weights.npz"), w);
    }

    private static float[] array(Map<String, NpyArray> w, String name, Path dir) throws IOException {
        NpyArray a = w.get(name);
        if (a == null) throw new IOException("model " + dir + ": weights.npz has no array " + name);
        return a.data();
    }

    private static float[] floats(JsonNode arr) {
        float[] out = new float[arr.size()];
        for (int i = 0; i < out.length; i++) out[i] = (float) arr.get(i).asDouble();
        return out;
    }
}
