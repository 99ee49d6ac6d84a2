package io.qstream.cli;

import io.qstream.features.FeatureSpec;
import io.qstream.pipeline.PipelineSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where train/eval take the feature spec from: the {@code features:} map of a pipeline YAML ({@code --pipeline},
 * parsed and validated as {@code qstream run} does), Kaldi options on the command line ({@code --features
 * num-mel-bins=40}, which override the YAML's), or, when neither is given, the caller's default.
 */
final class FeatureOptions {
    @Option(names = "--pipeline", paramLabel = "YAML",
            description = "Pipeline YAML (pipelines/*.yaml): its 'features:' map gives the feature spec (eval: also its model).")
    Path pipeline;

    @Option(names = "--features", paramLabel = "KEY=VALUE", split = ",",
            description = "Kaldi feature options, e.g. type=fbank,num-mel-bins=40 (override the pipeline's).")
    Map<String, String> features = new LinkedHashMap<>();

    /** The spec from the YAML and/or options; null when neither was given (callers pick their default). */
    FeatureSpec specOrNull() throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        PipelineSpec spec = pipelineOrNull();
        if (spec != null && spec.features != null) map.putAll(spec.features);
        map.putAll(features);
        if (map.isEmpty()) return null;
        try {
            return FeatureSpec.fromMap(map);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((pipeline != null ? pipeline + ": " : "") + e.getMessage(), e);
        }
    }

    /** The parsed, validated pipeline of {@code --pipeline}, or null when none was given. */
    PipelineSpec pipelineOrNull() throws IOException {
        return pipeline == null ? null : PipelineSpec.parse(pipeline);
    }

    static FeatureSpec defaultVadSpec() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "fbank");
        m.put("num-mel-bins", 40);
        return FeatureSpec.fromMap(m);
    }
}
