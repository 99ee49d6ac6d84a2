package io.qstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.qstream.flink.LocalRun;
import io.qstream.flink.source.LatencyProbe;
import io.qstream.labels.LabelJson;
import io.qstream.media.DecodeOptions;
import io.qstream.pipeline.PipelineSpec;
import io.qstream.pipeline.ResolvedPipeline;
import io.qstream.replay.OfflineLabels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Measures the whole job on an embedded MiniCluster ({@code qstream bench job}, README "Performance"): decode +
 * fbank + QRNN + labels + a sink that counts lines in memory. Inputs are 16 kHz WAV files tiled from the bundled
 * speech fixture (each stream from another offset), the model is {@link Options#model} (the shipped speech model by
 * default; run from the repository root).
 *
 * <p>Unpaced runs report audio seconds per second of job time (job start included, cluster start not). Paced runs
 * (pace 1 = real time) also write per-frame records and report the latency from the wall time a frame's last sample
 * was due from a live source ({@link LatencyProbe}) to its record reaching the sink: p50, p99 and max, over the
 * frames after the first 2 s of media (the start-up transient: JIT, decoders opening) and over all frames.
 */
public final class JobBench {
    /** Latencies of all frames and of frames at media time &gt;= 2 s, nanoseconds (the sink runs in Flink's objects). */
    private static final ConcurrentLinkedQueue<Long> LATENCIES = new ConcurrentLinkedQueue<>();
    private static final ConcurrentLinkedQueue<Long> STEADY = new ConcurrentLinkedQueue<>();
    private static final AtomicLong LINES = new AtomicLong();

    private JobBench() {}

    /**
     * One benchmark run.
     *
     * @param streams concurrent inputs
     * @param seconds media seconds per input
     * @param pace 0 = unpaced, 1 = real time (latency is measured only when paced)
     * @param chunkSeconds decode chunk, seconds of audio per source record
     * @param parallelism job parallelism
     * @param maxDelay the batch's longest wait ({@code batch.max-delay}), e.g. {@code 20ms}
     * @param model model directory
     */
    public record Options(int streams, double seconds, double pace, double chunkSeconds, int parallelism, String maxDelay,
                          Path model) {
        public Options {
            if (streams < 1 || !(seconds > 0) || pace < 0 || !(chunkSeconds > 0) || parallelism < 1) {
                throw new IllegalArgumentException("bench job: need streams >= 1, seconds > 0, pace >= 0, chunk-seconds > 0,"
                        + " parallelism >= 1");
            }
        }
    }

    /** Latency percentiles, milliseconds, over {@code frames} frames. */
    public record Latency(long frames, double p50, double p99, double max) {
        static Latency of(ConcurrentLinkedQueue<Long> q) {
            long[] l = q.stream().mapToLong(Long::longValue).sorted().toArray();
            if (l.length == 0) return null;
            return new Latency(l.length, l[l.length / 2] / 1e6, l[(int) (l.length * 0.99)] / 1e6, l[l.length - 1] / 1e6);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, max %.1f ms", p50, p99, max);
        }
    }

    /**
     * @param steady latency after the first 2 s of media (null when unpaced)
     * @param all latency over all frames (null when unpaced)
     */
    public record Result(Options options, double mediaSeconds, double jobSeconds, double wallSeconds, long lines,
                         Latency steady, Latency all) {
        public double audioSecondsPerSecond() { return mediaSeconds / jobSeconds; }
    }

    /** Counts lines; for frame records of paced streams, records the latency. */
    static final class MeasuringSink implements Sink<String> {
        private static final long serialVersionUID = 1L;
        private final double frameEndSeconds;

        MeasuringSink(double frameLengthSeconds) {
            this.frameEndSeconds = frameLengthSeconds;
        }

        @Override
        public SinkWriter<String> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(String line, Context ctx) throws IOException {
                    long now = System.nanoTime();
                    LINES.incrementAndGet();
                    if (!line.contains("\"frame\"")) return;
                    JsonNode n = LabelJson.JSON.readTree(line);
                    long due = LatencyProbe.dueNanos(n.get("stream").asText(), n.get("t").asDouble() + frameEndSeconds);
                    if (due > 0) {
                        LATENCIES.add(now - due);
                        if (n.get("t").asDouble() >= 2.0) STEADY.add(now - due);
                    }
                }

                @Override public void flush(boolean endOfInput) {}
                @Override public void close() {}
            };
        }
    }

    /** Runs the job once on a fresh MiniCluster (inputs written to a temporary directory, deleted after). */
    public static Result run(Options o) throws Exception {
        LATENCIES.clear();
        STEADY.clear();
        LINES.set(0);
        LatencyProbe.clear();
        boolean paced = o.pace() > 0;
        int chunkSamples = (int) Math.max(1, Math.round(o.chunkSeconds() * 16000));
        Path dir = Files.createTempDirectory("qstream-bench");
        try {
            StringBuilder y = new StringBuilder("model: '" + o.model().toAbsolutePath() + "'\nparallelism: " + o.parallelism() + "\n");
            y.append("labels: {frames: ").append(paced).append(", segment-labels: [speech]}\n");
            y.append("batch: {max-streams: 64, max-frames: 4096, max-delay: ").append(o.maxDelay()).append("}\n");
            y.append("checkpointing: {interval: 10s}\ninputs:\n");
            for (int i = 0; i < o.streams(); i++) {
                Path f = tiled(dir.resolve(String.format("in%04d.wav", i)), o.seconds(), i);
                y.append("  - {uri: '").append(f).append("', pace: ").append(o.pace())
                        .append(", decode: {chunk-samples: ").append(chunkSamples).append("}}\n");
            }
            ResolvedPipeline p = ResolvedPipeline.resolve(PipelineSpec.parse(y.toString(), "bench"), "bench");
            LocalRun.Result r = LocalRun.run(p, new MeasuringSink(p.features.frameLengthSamples() / 16000.0), null);
            return new Result(o, r.mediaSeconds(), r.jobSeconds(), r.wallSeconds(), LINES.get(),
                    paced ? Latency.of(STEADY) : null, paced ? Latency.of(LATENCIES) : null);
        } finally {
            LocalRun.deleteTree(dir);
        }
    }

    /** The speech fixture repeated to {@code seconds}, starting at a stream-specific offset, as 16 kHz WAV. */
    static Path tiled(Path file, double seconds, int index) throws IOException {
        float[] speech = speech();
        int n = (int) Math.round(seconds * 16000);
        ByteBuffer b = ByteBuffer.allocate(44 + n * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + n * 2).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(16000).putInt(32000)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(n * 2);
        int offset = (index * 7919) % speech.length;
        for (int i = 0; i < n; i++) b.putShort((short) Math.round(speech[(offset + i) % speech.length]));
        Files.write(file, b.array());
        return file;
    }

    private static float[] speechCache;

    private static synchronized float[] speech() throws IOException {
        if (speechCache == null) {
            speechCache = OfflineLabels.decode(Path.of("fixtures/audio/speech-en-16k.wav").toString(), new DecodeOptions());
        }
        return speechCache;
    }
}
