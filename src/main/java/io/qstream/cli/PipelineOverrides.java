package io.qstream.cli;

import io.qstream.pipeline.PipelineSpec;
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

    @Option(names = "--track", paramLabel = "audio|video|both",
            description = "With --input: which track(s) to label; default the pipeline's first input's track.")
    String track;

    /** Applies the overrides; each --input takes the decode options and track of the pipeline's first input. */
    void applyTo(PipelineSpec spec) {
        if (!inputs.isEmpty()) {
            PipelineSpec.Decode decode = spec.inputs.isEmpty() ? new PipelineSpec.Decode() : spec.inputs.get(0).decode;
            String inputTrack = track != null ? track : spec.inputs.isEmpty() ? "audio" : spec.inputs.get(0).track;
            spec.inputs = new ArrayList<>();
            for (String uri : inputs) {
                PipelineSpec.Input in = new PipelineSpec.Input();
                // "-" is standard input, not a file in the working directory
                in.uri = PipelineSpec.isUrl(uri) || uri.equals("-") ? uri : Path.of(uri).toAbsolutePath().normalize().toString();
                in.decode = decode;
                in.pace = pace;
                in.track = inputTrack;
                spec.inputs.add(in);
            }
        }
        if (frames) spec.labels.frames = true;
        if (parallelism != null) spec.parallelism = parallelism;
    }
}
