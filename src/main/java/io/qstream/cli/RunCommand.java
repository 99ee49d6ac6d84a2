package io.qstream.cli;

import io.qstream.flink.LabelJob;
import io.qstream.flink.LocalRun;
import io.qstream.pipeline.PipelineSpec;
import io.qstream.pipeline.ResolvedPipeline;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin PipelineOverrides overrides;

    @Option(names = "--output", paramLabel = "FILE", description = "Write labels to this JSON Lines file.")
    Path output;

    @Option(names = "--no-progress", description = "Do not print progress.")
    boolean noProgress;

    @Option(names = "--metrics-port", paramLabel = "PORT[-PORT]",
            description = "Serve Flink's and the job's metrics for Prometheus at http://127.0.0.1:PORT/metrics (a range takes"
                    + " the first free port). Default: off.")
    String metricsPort;

    @Option(names = "--metrics-host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address the metrics endpoint listens on (default ${DEFAULT-VALUE}: loopback only).")
    String metricsHost;

    @Override
    public Integer call() throws Exception {
        quietFlinkStartup();
        PipelineSpec spec = PipelineSpec.parse(pipeline);
        overrides.applyTo(spec);
        ResolvedPipeline p = ResolvedPipeline.resolve(spec, pipeline.toString());
        if (output != null) OutputFile.check(output);

        Path parts = output == null ? null : output.resolveSibling(output.getFileName() + ".parts");
        if (parts != null) LocalRun.deleteTree(parts);
        LocalRun.Result r;
        try {
            r = LocalRun.run(p, parts != null ? LabelJob.fileSink(parts.toString()) : LabelJob.sink(spec),
                    noProgress ? null : System.err,
                    metricsPort == null ? new org.apache.flink.configuration.Configuration() : LocalRun.prometheus(metricsHost, metricsPort));
        } catch (Exception e) {
            if (parts == null) throw e;
            // the scratch part files are never the output: a failed job leaves no file that looks finished
            LocalRun.deleteTree(parts);
            throw new java.io.IOException("--output " + output + ": the job failed, nothing written", e);
        }
        if (parts != null) {
            List<String> lines = LocalRun.committedLines(parts);
            try {
                OutputFile.write(output, lines);
            } finally {
                LocalRun.deleteTree(parts);
            }
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
        printStreams(r.streams());
    }

    /** One stderr line per stream: frames, media seconds, segments and its error, if any. */
    static void printStreams(List<LocalRun.StreamSummary> streams) {
        for (LocalRun.StreamSummary s : streams) {
            System.err.printf("  %s: %d frames, %.2f s, %d segments%s%n", s.stream(), s.frames(), s.seconds(), s.segments(),
                    s.error() == null ? "" : ", ERROR: " + s.error());
        }
    }
}
