package io.qstream.bench;

import io.qstream.flink.LocalRun;
import io.qstream.flink.source.LatencyProbe;
import io.qstream.labels.LabelJson;
import io.qstream.media.DecodeOptions;
import io.qstream.pipeline.PipelineSpec;
import io.qstream.pipeline.ResolvedPipeline;
import io.qstream.replay.OfflineLabels;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Measures the whole job on an embedded MiniCluster (README, "Benchmarks"). Inputs are WAV files tiled from the
 * bundled speech fixture, the model is the shipped {@code fixtures/models/speech-vad} (run from the repository root), the sink counts lines in
 * memory.
 * <ul>
 *   <li>{@code throughput STREAMS SECONDS [PARALLELISM [MAX_DELAY [CHUNK_SAMPLES]]]}: unpaced; media seconds per second of job run time.
 *   <li>{@code latency STREAMS SECONDS [PARALLELISM [MAX_DELAY [CHUNK_SAMPLES]]]}: paced at real time, per-frame records; latency from the
 *       wall time a frame's last sample was due (live-source model, see {@link LatencyProbe}) to its record
 *       reaching the sink: median and p99.
 * </ul>
 * Run: {@code java -cp target/qstream.jar:target/lib/* io.qstream.bench.JobBench throughput 100 30 2}.
 */
public final class JobBench {
    private static final ConcurrentLinkedQueue<Long> LATENCIES = new ConcurrentLinkedQueue<>();
    /** Latencies of frames at media time >= 2 s: without the start-up transient (JIT, 100 decoders opening). */
    private static final ConcurrentLinkedQueue<Long> STEADY = new ConcurrentLinkedQueue<>();
    private static final AtomicLong LINES = new AtomicLong();

    private JobBench() {}

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

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: JobBench throughput|latency STREAMS SECONDS [PARALLELISM] [MAX_DELAY] [CHUNK_SAMPLES]");
            System.exit(2);
        }
        boolean latency = args[0].equals("latency");
        int streams = Integer.parseInt(args[1]);
        double seconds = Double.parseDouble(args[2]);
        int parallelism = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        String maxDelay = args.length > 4 ? args[4] : "20ms";
        int chunkSamples = args.length > 5 ? Integer.parseInt(args[5]) : 4000;
        Path dir = Files.createTempDirectory("qstream-bench");
        try {
            Path model = Path.of("fixtures/models/speech-vad").toAbsolutePath();
            StringBuilder y = new StringBuilder("model: '" + model + "'\nparallelism: " + parallelism + "\n");
            y.append("labels: {frames: ").append(latency).append(", segment-labels: [speech]}\n");
            y.append("batch: {max-streams: 64, max-frames: 4096, max-delay: ").append(maxDelay).append("}\n");
            y.append("checkpointing: {interval: 10s}\ninputs:\n");
            for (int i = 0; i < streams; i++) {
                Path f = tiled(dir.resolve(String.format("in%04d.wav", i)), seconds, i);
                y.append("  - {uri: '").append(f).append("', pace: ").append(latency ? 1 : 0)
                        .append(", decode: {chunk-samples: ").append(chunkSamples).append("}}\n");
            }
            ResolvedPipeline p = ResolvedPipeline.resolve(PipelineSpec.parse(y.toString(), "bench"), "bench");
            LocalRun.Result r = LocalRun.run(p, new MeasuringSink(p.features.frameLengthSamples() / 16000.0), null);
            System.out.printf("%s: %d streams x %.0f s, parallelism %d, max-delay %s, chunk %d samples: %.0f s of media, "
                            + "job %.2f s (wall %.2f s incl. cluster start), %.1f media-s/s, %d lines%n",
                    args[0], streams, seconds, parallelism, maxDelay, chunkSamples, r.mediaSeconds(), r.jobSeconds(), r.wallSeconds(),
                    r.mediaSeconds() / r.jobSeconds(), LINES.get());
            if (latency) {
                report("all frames", LATENCIES);
                report("frames after the first 2 s", STEADY);
            }
        } finally {
            LocalRun.deleteTree(dir);
        }
    }

    private static void report(String what, ConcurrentLinkedQueue<Long> q) {
        long[] l = q.stream().mapToLong(Long::longValue).sorted().toArray();
        if (l.length == 0) return;
        System.out.printf("latency, %s (%d): median %.1f ms, p99 %.1f ms, max %.1f ms%n", what, l.length,
                l[l.length / 2] / 1e6, l[(int) (l.length * 0.99)] / 1e6, l[l.length - 1] / 1e6);
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
