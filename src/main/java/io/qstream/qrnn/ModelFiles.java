package io.qstream.qrnn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qstream.arrays.Npy;
import io.qstream.arrays.NpyArray;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes QRNN model files: a directory or a {@code .zip} holding {@code model.json} and
 * {@code weights.npz} (format {@value #FORMAT}, see ARCHITECTURE.md).
 *
 * <p>Loading validates everything before building the model: format version, JSON fields and types,
 * array names (none missing, none unexpected), dtype (float32 only), shapes, finite values, that the layers
 * chain (layer i's input size is layer i−1's hidden size), that the head matches the labels and the last
 * layer, and normalization sizes. Every violation is an {@link IOException} naming the file, the field or
 * array, and what was expected.
 */
public final class ModelFiles {
    public static final String FORMAT = "qstream-qrnn/1";
    public static final String MODEL_JSON = "model.json";
    public static final String WEIGHTS_NPZ = "weights.npz";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<String> TOP_KEYS = Set.of("format", "input_dim", "layers", "head", "features", "normalization");
    private static final Set<String> LAYER_KEYS = Set.of("hidden", "window", "pooling");
    private static final Set<String> HEAD_KEYS = Set.of("labels", "activation");
    private static final Set<String> NORM_KEYS = Set.of("mean", "std");

    private ModelFiles() {}

    /** Loads a model from a directory or a {@code .zip} file. */
    public static QrnnModel load(Path dirOrZip) throws IOException {
        if (Files.isDirectory(dirOrZip)) {
            Path json = dirOrZip.resolve(MODEL_JSON);
            Path npz = dirOrZip.resolve(WEIGHTS_NPZ);
            if (!Files.isRegularFile(json)) throw new IOException(json + ": missing (a model directory needs " + MODEL_JSON + " and " + WEIGHTS_NPZ
                    + ")");
            if (!Files.isRegularFile(npz)) throw new IOException(npz + ": missing (a model directory needs " + MODEL_JSON + " and " + WEIGHTS_NPZ
                    + ")");
            return parse(json.toString(), Files.readAllBytes(json), npz.toString(), Files.readAllBytes(npz));
        }
        if (!Files.isRegularFile(dirOrZip)) throw new IOException(dirOrZip + ": no such model directory or .zip file");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(dirOrZip))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (!e.isDirectory()) entries.put(e.getName(), zip.readAllBytes());
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(dirOrZip + ": not a model directory or a valid .zip file: " + e.getMessage(), e);
        }
        if (entries.isEmpty()) throw new IOException(dirOrZip + ": not a model directory or a valid .zip file (no zip entries)");
        // model.json at the root, or inside one top-level folder (what `zip -r model.zip model/` makes)
        String prefix = null;
        for (String name : entries.keySet()) {
            if (name.equals(MODEL_JSON) || (name.endsWith("/" + MODEL_JSON) && name.indexOf('/') == name.length() - MODEL_JSON.length() - 1)) {
                if (prefix != null) throw new IOException(dirOrZip + ": more than one " + MODEL_JSON + " in the zip");
                prefix = name.substring(0, name.length() - MODEL_JSON.length());
            }
        }
        if (prefix == null) throw new IOException(dirOrZip + "!/" + MODEL_JSON + ": missing (the zip holds " + entries.keySet() + ")");
        byte[] npz = entries.get(prefix + WEIGHTS_NPZ);
        if (npz == null) throw new IOException(dirOrZip + "!/" + prefix + WEIGHTS_NPZ + ": missing (the zip holds " + entries.keySet() + ")");
        return parse(dirOrZip + "!/" + prefix + MODEL_JSON, entries.get(prefix + MODEL_JSON), dirOrZip + "!/" + prefix + WEIGHTS_NPZ, npz);
    }

    /**
     * Writes {@code model} to {@code dirOrZip}: a {@code .zip} file when the name ends with ".zip", else a
     * directory (created if needed; existing model files in it are replaced).
     */
    public static void save(QrnnModel model, Path dirOrZip) throws IOException {
        byte[] json = JSON.writeValueAsBytes(toJson(model));
        byte[] npz = npzBytes(weights(model));
        if (dirOrZip.getFileName() != null && dirOrZip.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            Path parent = dirOrZip.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(dirOrZip))) {
                zip.putNextEntry(new ZipEntry(MODEL_JSON));
                zip.write(json);
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(WEIGHTS_NPZ));
                zip.write(npz);
                zip.closeEntry();
            }
        } else {
            Files.createDirectories(dirOrZip);
            Files.write(dirOrZip.resolve(MODEL_JSON), json);
            Files.write(dirOrZip.resolve(WEIGHTS_NPZ), npz);
        }
    }

    /** The model.json tree of {@code model}. */
    public static ObjectNode toJson(QrnnModel model) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("input_dim", model.inputDim());
        ArrayNode layers = root.putArray("layers");
        for (QrnnLayer l : model.layers()) {
            layers.addObject().put("hidden", l.hidden()).put("window", l.window()).put("pooling", l.pooling().jsonName());
        }
        if (model.head() == null) {
            root.putNull("head");
        } else {
            ObjectNode head = root.putObject("head");
            ArrayNode labels = head.putArray("labels");
            model.head().labels().forEach(labels::add);
            head.put("activation", model.head().activation());
        }
        if (model.features() == null) root.putNull("features");
        else root.set("features", model.features().deepCopy());
        if (model.mean() == null) {
            root.putNull("normalization");
        } else {
            ObjectNode norm = root.putObject("normalization");
            ArrayNode mean = norm.putArray("mean");
            for (float v : model.mean()) mean.add(v);
            ArrayNode std = norm.putArray("std");
            for (float v : model.std()) std.add(v);
        }
        return root;
    }

    /** The weights.npz arrays of {@code model}, by name. */
    public static Map<String, NpyArray> weights(QrnnModel model) {
        Map<String, NpyArray> w = new LinkedHashMap<>();
        for (int i = 0; i < model.layers().size(); i++) {
            QrnnLayer l = model.layers().get(i);
            w.put("layers." + i + ".weight", new NpyArray(new int[] {l.gateRows(), l.window() * l.inputSize()}, l.weight()));
            w.put("layers." + i + ".bias", new NpyArray(new int[] {l.gateRows()}, l.bias()));
        }
        if (model.head() != null) {
            DenseHead h = model.head();
            w.put("head.weight", new NpyArray(new int[] {h.classes(), h.inputSize()}, h.weight()));
            w.put("head.bias", new NpyArray(new int[] {h.classes()}, h.bias()));
        }
        return w;
    }

    private static byte[] npzBytes(Map<String, NpyArray> arrays) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Npy.writeNpz(buf, arrays);
        return buf.toByteArray();
    }

    // ---------------------------------------------------------------- loading

    private static QrnnModel parse(String jsonName, byte[] jsonBytes, String npzName, byte[] npzBytes) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(new String(jsonBytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IOException(jsonName + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) throw new IOException(jsonName + ": expected a JSON object at the top level");
        unknownKeys(jsonName, "", root, TOP_KEYS);
        JsonNode format = root.get("format");
        if (format == null || !format.isTextual()) {
            throw new IOException(jsonName + ": \"format\" is missing or not a string, expected \"" + FORMAT + "\"");
        }
        if (!FORMAT.equals(format.asText())) {
            throw new IOException(jsonName + ": \"format\" is \"" + format.asText() + "\", expected \"" + FORMAT
                    + "\" (unsupported model format version)");
        }
        int inputDim = positiveInt(jsonName, "input_dim", root.get("input_dim"));
        JsonNode layersNode = root.get("layers");
        if (layersNode == null || !layersNode.isArray() || layersNode.isEmpty()) {
            throw new IOException(jsonName + ": \"layers\" must be a non-empty array of {\"hidden\", \"window\", \"pooling\"}");
        }
        int layerCount = layersNode.size();
        int[] hidden = new int[layerCount];
        int[] window = new int[layerCount];
        Pooling[] pooling = new Pooling[layerCount];
        for (int i = 0; i < layerCount; i++) {
            String where = "layers[" + i + "]";
            JsonNode l = layersNode.get(i);
            if (!l.isObject()) throw new IOException(jsonName + ": " + where + " must be an object {\"hidden\", \"window\", \"pooling\"}");
            unknownKeys(jsonName, where + ".", l, LAYER_KEYS);
            hidden[i] = positiveInt(jsonName, where + ".hidden", l.get("hidden"));
            window[i] = positiveInt(jsonName, where + ".window", l.get("window"));
            JsonNode p = l.get("pooling");
            if (p == null || !p.isTextual()) throw new IOException(jsonName + ": " + where
                    + ".pooling is missing or not a string, expected \"f\", \"fo\" or \"ifo\"");
            try {
                pooling[i] = Pooling.parse(p.asText());
            } catch (IllegalArgumentException e) {
                throw new IOException(jsonName + ": " + where + ".pooling is \"" + p.asText() + "\", expected \"f\", \"fo\" or \"ifo\"");
            }
        }
        List<String> labels = null;
        String activation = null;
        JsonNode head = root.get("head");
        if (head != null && !head.isNull()) {
            if (!head.isObject()) throw new IOException(jsonName
                    + ": \"head\" must be null or {\"labels\": [...], \"activation\": \"softmax\"|\"sigmoid\"}");
            unknownKeys(jsonName, "head.", head, HEAD_KEYS);
            JsonNode ln = head.get("labels");
            if (ln == null || !ln.isArray() || ln.isEmpty()) throw new IOException(jsonName + ": head.labels must be a non-empty array of strings");
            labels = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < ln.size(); i++) {
                JsonNode x = ln.get(i);
                if (!x.isTextual() || x.asText().isEmpty()) throw new IOException(jsonName + ": head.labels[" + i
                        + "] must be a non-empty string, got " + x);
                if (!seen.add(x.asText())) throw new IOException(jsonName + ": head.labels[" + i + "] \"" + x.asText() + "\" is a duplicate");
                labels.add(x.asText());
            }
            JsonNode an = head.get("activation");
            if (an == null || !an.isTextual() || !(an.asText().equals("softmax") || an.asText().equals("sigmoid"))) {
                throw new IOException(jsonName + ": head.activation is " + an + ", expected \"softmax\" or \"sigmoid\"");
            }
            activation = an.asText();
        }
        ObjectNode features = null;
        JsonNode fn = root.get("features");
        if (fn != null && !fn.isNull()) {
            if (!fn.isObject()) throw new IOException(jsonName + ": \"features\" must be null or an object (the feature spec), got "
                    + fn.getNodeType());
            features = (ObjectNode) fn;
        }
        float[] mean = null;
        float[] std = null;
        JsonNode norm = root.get("normalization");
        if (norm != null && !norm.isNull()) {
            if (!norm.isObject()) throw new IOException(jsonName + ": \"normalization\" must be null or {\"mean\": [...], \"std\": [...]}");
            unknownKeys(jsonName, "normalization.", norm, NORM_KEYS);
            mean = floats(jsonName, "normalization.mean", norm.get("mean"), inputDim, false);
            std = floats(jsonName, "normalization.std", norm.get("std"), inputDim, true);
        }

        Map<String, NpyArray> arrays = Npy.readNpz(new ByteArrayInputStream(npzBytes), npzName, true);
        Map<String, int[]> expected = new LinkedHashMap<>();
        Map<String, String> why = new LinkedHashMap<>();
        int n = inputDim;
        for (int i = 0; i < layerCount; i++) {
            int g = pooling[i].gates();
            String nFrom = i == 0 ? "input_dim" : "layers[" + (i - 1) + "].hidden";
            expected.put("layers." + i + ".weight", new int[] {g * hidden[i], window[i] * n});
            why.put("layers." + i + ".weight", "[G*m, k*n] with G=" + g + " (" + pooling[i].jsonName() + "-pooling), m=" + hidden[i]
                    + ", k=" + window[i] + ", n=" + n + " (" + nFrom + ")");
            expected.put("layers." + i + ".bias", new int[] {g * hidden[i]});
            why.put("layers." + i + ".bias", "[G*m] with G=" + g + " (" + pooling[i].jsonName() + "-pooling), m=" + hidden[i]);
            n = hidden[i];
        }
        if (labels != null) {
            expected.put("head.weight", new int[] {labels.size(), n});
            why.put("head.weight", "[C, m] with C=" + labels.size() + " (head.labels) and m=" + n + " (layers[" + (layerCount - 1) + "].hidden)");
            expected.put("head.bias", new int[] {labels.size()});
            why.put("head.bias", "[C] with C=" + labels.size() + " (head.labels)");
        }
        for (String name : arrays.keySet()) {
            if (!expected.containsKey(name)) {
                String hint = name.startsWith("head.") && labels == null ? " (" + jsonName + " has \"head\": null)" : "";
                throw new IOException(npzName + ": unexpected array '" + name + "'" + hint + "; expected exactly " + expected.keySet());
            }
        }
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            NpyArray a = arrays.get(e.getKey());
            String shape = Arrays.toString(e.getValue());
            if (a == null) throw new IOException(npzName + ": array '" + e.getKey() + "' is missing, expected shape " + shape + " = "
                    + why.get(e.getKey()));
            if (!Arrays.equals(a.shape(), e.getValue())) {
                throw new IOException(npzName + ": array '" + e.getKey() + "' has shape " + a.shapeString() + ", expected " + shape
                        + " = " + why.get(e.getKey()));
            }
            float[] d = a.data();
            for (int i = 0; i < d.length; i++) {
                if (!Float.isFinite(d[i])) {
                    throw new IOException(npzName + ": array '" + e.getKey() + "' has a non-finite value " + d[i] + " at " + index(a.shape(), i)
                            + ", expected finite values");
                }
            }
        }
        List<QrnnLayer> layers = new ArrayList<>();
        n = inputDim;
        for (int i = 0; i < layerCount; i++) {
            layers.add(new QrnnLayer(n, hidden[i], window[i], pooling[i], arrays.get("layers." + i + ".weight").data(),
                    arrays.get("layers." + i + ".bias").data()));
            n = hidden[i];
        }
        DenseHead dense = labels == null ? null
                : new DenseHead(labels, activation, arrays.get("head.weight").data(), arrays.get("head.bias").data());
        return new QrnnModel(inputDim, layers, dense, mean, std, features);
    }

    private static void unknownKeys(String file, String where, JsonNode node, Set<String> allowed) throws IOException {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new IOException(file + ": unknown field \"" + where + k + "\", expected only " + new java.util.TreeSet<>(allowed));
            }
        }
    }

    private static int positiveInt(String file, String field, JsonNode v) throws IOException {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
            throw new IOException(file + ": \"" + field + "\" is " + v + ", expected a positive integer");
        }
        return v.asInt();
    }

    private static float[] floats(String file, String field, JsonNode v, int len, boolean positive) throws IOException {
        if (v == null || !v.isArray()) throw new IOException(file + ": \"" + field + "\" is " + v + ", expected an array of " + len
                + " numbers (input_dim)");
        if (v.size() != len) throw new IOException(file + ": \"" + field + "\" has " + v.size() + " values, expected " + len + " (input_dim)");
        float[] out = new float[len];
        for (int i = 0; i < len; i++) {
            JsonNode x = v.get(i);
            float f = x.isNumber() ? x.floatValue() : Float.NaN;
            if (!Float.isFinite(f) || (positive && !(f > 0))) {
                throw new IOException(file + ": \"" + field + "\"[" + i + "] is " + x + ", expected a finite number" + (positive ? " > 0" : ""));
            }
            out[i] = f;
        }
        return out;
    }

    private static String index(int[] shape, int flat) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % Math.max(1, shape[d]);
            flat /= Math.max(1, shape[d]);
        }
        return Arrays.toString(idx);
    }

}
