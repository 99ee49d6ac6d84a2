package io.qstream.flink;

import io.qstream.pipeline.ResolvedPipeline;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs a resolved pipeline on an embedded Flink MiniCluster in this JVM and waits for it to end: the
 * {@code qstream run} and {@code qstream replay} engine. While it runs, progress (media seconds labelled,
 * frames/s) goes to {@code progress} once a second; at the end the per-stream summaries are returned.
 */
public final class LocalRun {
    /** One finished stream: frames labelled, media seconds, segments written, error if it ended early. */
    public record StreamSummary(String stream, long frames, double seconds, long segments, String error) {}

    /**
     * Summaries sorted by stream id, the job's wall time and totals. {@code wallSeconds}: from submission to end;
     * {@code jobSeconds}: the job's own run time (no cluster start).
     */
    public record Result(List<StreamSummary> streams, double wallSeconds, double jobSeconds) {
        public double mediaSeconds() { return streams.stream().mapToDouble(StreamSummary::seconds).sum(); }
        public boolean anyError() { return streams.stream().anyMatch(s -> s.error() != null); }
    }

    private LocalRun() {}

    /**
     * @param sink where the JSON Lines go
     * @param progress where progress lines go, or null for none
     */
    public static Result run(ResolvedPipeline p, Sink<String> sink, PrintStream progress) throws Exception {
        return run(p, sink, progress, new Configuration());
    }

    /** {@link #run(ResolvedPipeline, Sink, PrintStream)} with {@code extra} Flink settings (e.g. {@link #prometheus}). */
    public static Result run(ResolvedPipeline p, Sink<String> sink, PrintStream progress, Configuration extra) throws Exception {
        Configuration conf = LabelJob.configuration(p.spec);
        conf.addAll(extra);
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, p.spec.parallelism);
        // accumulators (the progress counter) reach the JobManager with heartbeats: every second, not every 10
        conf.set(org.apache.flink.configuration.HeartbeatManagerOptions.HEARTBEAT_INTERVAL, java.time.Duration.ofSeconds(1));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(p.spec.parallelism, conf);
        LabelJob.build(env, p).sinkTo(sink).name("sink").uid("sink");
        long start = System.nanoTime();
        JobClient job = env.executeAsync(jobName(p));
        var result = job.getJobExecutionResult();
        long lastFrames = 0;
        long lastTime = start;
        boolean printed = false;
        while (!result.isDone()) {
            try {
                result.get(1, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                if (progress != null) {
                    long frames = frames(job);
                    long now = System.nanoTime();
                    double rate = (frames - lastFrames) / ((now - lastTime) / 1e9);
                    if (p.hasVideo()) {
                        progress.printf("\rqstream: %d frames labelled, %.0f frames/s   ", frames, rate);
                    } else {
                        progress.printf("\rqstream: %.1f s of media labelled, %.0f frames/s   ",
                                frames * p.frameShiftSeconds(), rate);
                    }
                    progress.flush();
                    lastFrames = frames;
                    lastTime = now;
                    printed = true;
                }
            }
        }
        JobExecutionResult done = result.get();
        double wall = (System.nanoTime() - start) / 1e9;
        if (printed) progress.print("\r" + " ".repeat(70) + "\r");
        List<StreamSummary> streams = SummaryCollector.summaries(done);
        return new Result(streams, wall, done.getNetRuntime() / 1000.0);
    }

    /**
     * Settings for a Prometheus reporter ({@link LoopbackPrometheusReporter}: Flink's, bound to one address) serving
     * every metric, the job's own ({@code MetricNames}) among them, at {@code http://host:port/metrics}; {@code ports}
     * is a port or a range ({@code 9249-9259}: the first free one), {@code host} the address (127.0.0.1 = loopback).
     */
    public static Configuration prometheus(String host, String ports) {
        Configuration c = new Configuration();
        c.setString("metrics.reporter.prom.factory.class", LoopbackPrometheusReporter.Factory.class.getName());
        c.setString("metrics.reporter.prom.host", host);
        c.setString("metrics.reporter.prom.port", ports);
        return c;
    }

    /** {@code qstream <input> <input> ...}: URIs of media inputs, {@code kafka://servers/topic} of Kafka inputs. */
    public static String jobName(ResolvedPipeline p) {
        List<String> names = new ArrayList<>();
        for (var i : p.spec.inputs) names.add(i.uri);
        names.removeIf(java.util.Objects::isNull);
        for (var k : p.kafkaInputs) names.add(k.describe());
        return "qstream " + String.join(" ", names);
    }

    private static long frames(JobClient job) {
        try {
            Map<String, Object> acc = job.getAccumulators().get(1, TimeUnit.SECONDS);
            Object v = acc.get(LabelFunction.FRAMES);
            return v instanceof Number n ? n.longValue() : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    /** Lines of the committed part files a {@link LabelJob#fileSink} wrote under {@code dir}, file by file. */
    public static List<String> committedLines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.exists(dir)) return lines;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().startsWith(LabelJob.PART_PREFIX)).sorted(PART_ORDER).toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        return lines;
    }

    /**
     * Part files in write order: FileSink names them {@code <prefix>-<writer uuid>-<counter><suffix>}; the counter
     * must compare as a number ({@code -10} after {@code -9}), not as text.
     */
    static final Comparator<Path> PART_ORDER = Comparator
            .comparing((Path f) -> f.getParent().toString())
            .thenComparing(f -> partStem(f.getFileName().toString()))
            .thenComparingLong(f -> partCounter(f.getFileName().toString()));

    private static final java.util.regex.Pattern PART = java.util.regex.Pattern.compile("(.*)-(\\d+)(\\.[^.-]*)?$");

    static String partStem(String name) {
        java.util.regex.Matcher m = PART.matcher(name);
        return m.matches() ? m.group(1) : name;
    }

    static long partCounter(String name) {
        java.util.regex.Matcher m = PART.matcher(name);
        return m.matches() ? Long.parseLong(m.group(2)) : -1;
    }

    /** Deletes a directory tree (the file sink's scratch directory). */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
