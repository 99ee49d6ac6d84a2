package io.qstream.cli;

import io.qstream.flink.LabelJob;
import io.qstream.flink.LocalRun;
import io.qstream.flink.PipelineSpec;
import io.qstream.flink.ResolvedPipeline;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code qstream run <pipeline.yaml>}: validates the pipeline, then runs it on an embedded Flink MiniCluster.
 * Labels go to the pipeline's sink, or to {@code --output} (one JSON Lines file, written exactly-once through
 * Flink's FileSink and joined at the end). Progress and the per-stream summary go to stderr.
 * Exit code 0 when every stream was labelled to its end, 1 when any stream ended with an error.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a pipeline (pipelines/*.yaml) on an embedded Flink MiniCluster.")
public final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PIPELINE", description = "Pipeline YAML, e.g. pipelines/speech-vad.yaml.")
    Path pipeline;

    @Option(names = "--input", paramLabel = "URI",
            description = "Media input (file, glob, directory or URL); repeatable. Replaces the pipeline's inputs.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--output", paramLabel = "FILE", description = "Write labels to this JSON Lines file.")
    Path output;

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

    @Option(names = "--no-progress", description = "Do not print progress.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        quietFlinkStartup();
        PipelineSpec spec = PipelineSpec.parse(pipeline);
        if (!inputs.isEmpty()) {
            PipelineSpec.Decode decode = spec.inputs.isEmpty() ? new PipelineSpec.Decode() : spec.inputs.get(0).decode;
            String inputTrack = track != null ? track : spec.inputs.isEmpty() ? "audio" : spec.inputs.get(0).track;
            spec.inputs = new ArrayList<>();
            for (String uri : inputs) {
                PipelineSpec.Input in = new PipelineSpec.Input();
                in.uri = PipelineSpec.isUrl(uri) ? uri : Path.of(uri).toAbsolutePath().normalize().toString();
                in.decode = decode;
                in.pace = pace;
                in.track = inputTrack;
                spec.inputs.add(in);
            }
        }
        if (frames) spec.labels.frames = true;
        if (parallelism != null) spec.parallelism = parallelism;
        ResolvedPipeline p = ResolvedPipeline.resolve(spec, pipeline.toString());

        Path parts = output == null ? null : output.resolveSibling(output.getFileName() + ".parts");
        if (parts != null) LocalRun.deleteTree(parts);
        LocalRun.Result r = LocalRun.run(p, parts != null ? LabelJob.fileSink(parts.toString()) : LabelJob.sink(spec),
                noProgress ? null : System.err);
        if (parts != null) {
            List<String> lines = LocalRun.committedLines(parts);
            if (output.toAbsolutePath().getParent() != null) Files.createDirectories(output.toAbsolutePath().getParent());
            try (BufferedWriter w = Files.newBufferedWriter(output)) {
                for (String l : lines) {
                    w.write(l);
                    w.newLine();
                }
            }
            LocalRun.deleteTree(parts);
            System.err.printf("qstream run: %d lines written to %s%n", lines.size(), output);
        }
        printSummary(r);
        return r.anyError() ? 1 : 0;
    }

    /** An embedded MiniCluster warns about a missing web log file and delegation tokens: not the user's concern. */
    static void quietFlinkStartup() {
        if (System.getenv("QSTREAM_FLINK_LOG_LEVEL") != null) return;
        for (String logger : List.of("org.apache.flink.runtime.webmonitor.WebMonitorUtils",
                "org.apache.flink.runtime.security.token.DefaultDelegationTokenManager",
                "org.apache.flink.metrics.MetricGroup")) {
            org.apache.logging.log4j.core.config.Configurator.setLevel(logger, org.apache.logging.log4j.Level.ERROR);
        }
    }

    static void printSummary(LocalRun.Result r) {
        System.err.printf("qstream run: %d stream(s), %.1f s of media in %.1f s wall, %.1f s job (%.1fx real time)%n",
                r.streams().size(), r.mediaSeconds(), r.wallSeconds(), r.jobSeconds(),
                r.mediaSeconds() / Math.max(1e-9, r.wallSeconds()));
        for (LocalRun.StreamSummary s : r.streams()) {
            System.err.printf("  %s: %d frames, %.2f s, %d segments%s%n", s.stream(), s.frames(), s.seconds(), s.segments(),
                    s.error() == null ? "" : ", ERROR: " + s.error());
        }
    }
}
