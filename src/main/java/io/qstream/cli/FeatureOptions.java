package io.qstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.qstream.features.FeatureSpec;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where train/eval take the feature spec from: the {@code features:} map of a pipeline YAML ({@code --pipeline}),
 * Kaldi options on the command line ({@code --features num-mel-bins=40}, which override the YAML's), or the default
 * 40-bin fbank. Only the {@code features:} section of the YAML is read here, so these commands do not depend on the
 * Flink job's pipeline classes.
 */
final class FeatureOptions {
    @Option(names = "--pipeline", paramLabel = "YAML",
            description = "Pipeline YAML whose 'features:' map (Kaldi option names) gives the feature spec.")
    Path pipeline;

    @Option(names = "--features", paramLabel = "KEY=VALUE", split = ",",
            description = "Kaldi feature options, e.g. type=fbank,num-mel-bins=40 (override the pipeline's).")
    Map<String, String> features = new LinkedHashMap<>();

    /** The spec from the YAML and/or options; null when neither was given (callers pick their default). */
    FeatureSpec specOrNull() throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        if (pipeline != null) {
            if (!Files.isRegularFile(pipeline)) throw new IOException(pipeline + ": pipeline file not found");
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(pipeline.toFile());
            JsonNode f = root == null ? null : root.get("features");
            if (f != null && !f.isNull()) {
                if (!f.isObject()) throw new IOException(pipeline + ": 'features' must be a map of Kaldi options");
                f.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().isNumber()
                        ? e.getValue().numberValue() : e.getValue().isBoolean() ? e.getValue().booleanValue()
                        : e.getValue().asText()));
            }
        }
        map.putAll(features);
        if (map.isEmpty()) return null;
        try {
            return FeatureSpec.fromMap(map);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((pipeline != null ? pipeline + ": " : "") + e.getMessage(), e);
        }
    }

    static FeatureSpec defaultVadSpec() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "fbank");
        m.put("num-mel-bins", 40);
        return FeatureSpec.fromMap(m);
    }
}
