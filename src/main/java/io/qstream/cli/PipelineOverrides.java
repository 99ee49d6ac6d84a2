package io.qstream.cli;

import io.qstream.flink.PipelineSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The pipeline options {@code run} and {@code submit} share: they override the YAML before it is validated. */
final class PipelineOverrides {
    @Option(names = "--input", paramLabel = "URI",
            description = "Media input (file, glob, directory or URL); repeatable. Replaces the pipeline's inputs.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--frames", description = "Also write one record per frame.")
    boolean frames;

    @Option(names = "--parallelism", paramLabel = "N", description = "Override the pipeline's parallelism.")
    Integer parallelism;

    @Option(names = "--pace", paramLabel = "X",
            description = "With --input: deliver media at X times real time (1 = like a live source); 0 = as fast as possible.")
    double pace = 0;

    /** Applies the overrides; each --input takes the decode options of the pipeline's first input. */
    void applyTo(PipelineSpec spec) {
        if (!inputs.isEmpty()) {
            PipelineSpec.Decode decode = spec.inputs.isEmpty() ? new PipelineSpec.Decode() : spec.inputs.get(0).decode;
            spec.inputs = new ArrayList<>();
            for (String uri : inputs) {
                PipelineSpec.Input in = new PipelineSpec.Input();
                in.uri = PipelineSpec.isUrl(uri) ? uri : Path.of(uri).toAbsolutePath().normalize().toString();
                in.decode = decode;
                in.pace = pace;
                spec.inputs.add(in);
            }
        }
        if (frames) spec.labels.frames = true;
        if (parallelism != null) spec.parallelism = parallelism;
    }
}
