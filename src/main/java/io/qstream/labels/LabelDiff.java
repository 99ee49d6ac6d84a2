package io.qstream.labels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares two label outputs (JSON Lines as the job writes them) stream by stream: per stream, frame records
 * (by frame index) and segment records (in order, per label) must match in every field exactly except scores,
 * which may differ by {@code scoreTolerance}; error records must match exactly. Lines of different streams may
 * interleave freely (streams run in parallel). Returns every difference, named by stream and record.
 */
public final class LabelDiff {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LabelDiff() {}

    public static List<String> diff(List<String> expected, List<String> actual, double scoreTolerance) {
        Map<String, List<JsonNode>> e = byStream(expected);
        Map<String, List<JsonNode>> a = byStream(actual);
        List<String> out = new ArrayList<>();
        for (String stream : new TreeSet<>(union(e.keySet(), a.keySet()))) {
            List<JsonNode> x = e.getOrDefault(stream, List.of());
            List<JsonNode> y = a.getOrDefault(stream, List.of());
            if (x.isEmpty()) { out.add("stream " + stream + ": not expected, but " + y.size() + " records"); continue; }
            if (y.isEmpty()) { out.add("stream " + stream + ": missing (" + x.size() + " records expected)"); continue; }
            if (x.size() != y.size()) out.add("stream " + stream + ": " + y.size() + " records, expected " + x.size());
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                String d = compare(x.get(i), y.get(i), scoreTolerance);
                if (d != null) out.add("stream " + stream + " record " + i + " (" + key(x.get(i)) + "): " + d);
            }
            for (int i = y.size(); i < x.size(); i++) out.add("stream " + stream + ": missing " + x.get(i));
            for (int i = x.size(); i < y.size(); i++) out.add("stream " + stream + ": unexpected " + y.get(i));
        }
        return out;
    }

    /** Records of each stream: frames by index, then segments by label and start, then errors. */
    private static Map<String, List<JsonNode>> byStream(List<String> lines) {
        Map<String, TreeMap<String, JsonNode>> m = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.isBlank()) continue;
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException ex) {
                throw new UncheckedIOException("not a JSON line: " + line, ex);
            }
            String stream = n.path("stream").asText();
            TreeMap<String, JsonNode> recs = m.computeIfAbsent(stream, k -> new TreeMap<>());
            String k = sortKey(n);
            // duplicates are errors in exactly-once output: keep them visible with a distinct key
            while (recs.containsKey(k)) k = k + "+dup";
            recs.put(k, n);
        }
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, new ArrayList<>(v.values())));
        return out;
    }

    private static String sortKey(JsonNode n) {
        if (n.has("frame")) return String.format("0 %012d", n.get("frame").asLong());
        if (n.has("start")) return String.format("1 %s %015.3f", n.get("label").asText(), n.get("start").asDouble());
        return "2 " + n.toString();
    }

    private static String key(JsonNode n) {
        if (n.has("frame")) return "frame " + n.get("frame").asLong();
        if (n.has("start")) return n.get("label").asText() + " segment at " + n.get("start").asText();
        return "error";
    }

    private static String compare(JsonNode x, JsonNode y, double tol) {
        List<String> fields = new ArrayList<>();
        x.fieldNames().forEachRemaining(fields::add);
        y.fieldNames().forEachRemaining(f -> { if (!fields.contains(f)) fields.add(f); });
        for (String f : fields) {
            JsonNode a = x.get(f), b = y.get(f);
            if (a == null || b == null) return "field " + f + (a == null ? " not expected" : " missing");
            if (f.equals("score")) {
                if (Math.abs(a.asDouble() - b.asDouble()) > tol) return "score " + b + ", expected " + a + " ± " + tol;
            } else if (f.equals("scores")) {
                for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                    String label = it.next();
                    if (!b.has(label)) return "scores lack " + label;
                    if (Math.abs(a.get(label).asDouble() - b.get(label).asDouble()) > tol) {
                        return "score of " + label + " " + b.get(label) + ", expected " + a.get(label) + " ± " + tol;
                    }
                }
                if (a.size() != b.size()) return "scores " + b + ", expected " + a;
            } else if (!a.equals(b)) {
                return f + " " + b + ", expected " + a;
            }
        }
        return null;
    }

    private static <T> java.util.Set<T> union(java.util.Set<T> a, java.util.Set<T> b) {
        java.util.Set<T> s = new java.util.LinkedHashSet<>(a);
        s.addAll(b);
        return s;
    }
}
