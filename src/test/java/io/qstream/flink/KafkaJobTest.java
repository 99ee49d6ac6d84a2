package io.qstream.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.features.FeatureSpec;
import io.qstream.flink.record.FrameRows;
import io.qstream.flink.record.Kind;
import io.qstream.flink.source.KafkaBroker;
import io.qstream.flink.source.KafkaPcm;
import io.qstream.flink.source.KafkaPublisher;
import io.qstream.labels.LabelDiff;
import io.qstream.media.DecodeOptions;
import io.qstream.media.RawPcm;
import io.qstream.pipeline.ModelLoader;
import io.qstream.pipeline.PipelineSpec;
import io.qstream.pipeline.ResolvedPipeline;
import io.qstream.replay.OfflineLabels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka in, Kafka out, on a MiniCluster against a real broker ({@link KafkaBroker}: {@code bin/kafka-local}): every
 * stream's labels, read back by a {@code read_committed} consumer, equal {@link OfflineLabels} of its samples, once
 * each, across an injected failure; 50 streams interleaved in one topic; bad records; the idle timeout.
 */
class KafkaJobTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final double TOLERANCE = 2e-4;
    private static final ModelLoader MODEL = () -> EnergyVadModel.build(FeatureSpec.defaults("fbank"));
    private static final int RATE = 16000;

    @TempDir
    static Path dir;
    static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.get();
    }

    /** A pipeline reading topic {@code in} and writing labels to {@code out}. */
    private static ResolvedPipeline pipeline(String in, String out, String kafkaExtra, String delivery) {
        String y = "model: energy-vad\nfeatures: {type: fbank}\nparallelism: 2\ncheckpointing: {interval: 100ms}\n"
                + "labels: {frames: true, segment-labels: [speech], smoothing: {on-threshold: 0.6, off-threshold: 0.4,"
                + " min-segment: 0.1, min-gap: 0.2}}\n"
                + "inputs:\n  - type: kafka\n    kafka: {bootstrap-servers: '" + broker.bootstrapServers() + "', topic: " + in
                + ", starting-offsets: earliest, " + kafkaExtra + "}\n"
                + "sink: {type: kafka, bootstrap-servers: '" + broker.bootstrapServers() + "', topic: " + out
                + ", delivery: " + delivery + ", transactional-id-prefix: " + out + "}\n";
        return ResolvedPipeline.resolve(PipelineSpec.parse(y, "test"), "test", MODEL);
    }

    private static JobClient start(ResolvedPipeline p, UnaryOperator<DataStream<FrameRows>> tap) throws Exception {
        return start(p, tap, new Configuration());
    }

    private static JobClient start(ResolvedPipeline p, UnaryOperator<DataStream<FrameRows>> tap, Configuration extra) throws Exception {
        Configuration conf = LabelJob.configuration(p.spec);
        conf.addAll(extra);
        conf.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(50));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        LabelJob.build(env, p, tap).sinkTo(LabelJob.sink(p.spec)).name("sink").uid("sink");
        return env.executeAsync("kafka test");
    }

    /** A new topic of 4 partitions. */
    private static String topic(String what) throws Exception {
        return broker.createTopic(what + "-" + UUID.randomUUID().toString().substring(0, 8), 4);
    }

    private static void assertNoDiff(List<String> expected, List<String> actual) {
        List<String> d = LabelDiff.diff(expected, actual, TOLERANCE);
        assertTrue(d.isEmpty(), d.size() + " differences, first: " + d.subList(0, Math.min(10, d.size())));
    }

    /** Samples [from, to) seconds of the speech fixture (whole int16 values). */
    private static float[] cut(double from, double to) throws Exception {
        float[] s = TestAudio.speech();
        return Arrays.copyOfRange(s, (int) Math.round(from * RATE), (int) Math.min(s.length, Math.round(to * RATE)));
    }

    /**
     * Slows data rows (40 ms each) until a checkpoint has completed, so that one completes while the streams are still
     * being labelled (a Kafka source delivers everything at once); barriers pass between rows.
     */
    private static final class SlowRows implements MapFunction<FrameRows, FrameRows> {
        @Override
        public FrameRows map(FrameRows r) throws Exception {
            if (r.kind == Kind.DATA) Thread.sleep(FailOnceAfterCheckpoint.checkpointed() ? 2 : 40);
            return r;
        }
    }

    @Test
    void failureAfterACheckpointGivesTheOfflineLabelsExactlyOnceToReadCommitted() throws Exception {
        String in = topic("eo-in");
        String out = topic("eo-out");
        ResolvedPipeline p = pipeline(in, out, "stopping-offsets: latest", "exactly-once");
        DecodeOptions decode = new DecodeOptions();
        decode.chunkSamples = 800;
        List<String> expected = new ArrayList<>();
        try (KafkaPublisher pub = new KafkaPublisher(broker.bootstrapServers(), Map.of())) {
            String[] names = {"a.wav", "b.wav", "c.wav"};
            double[][] cuts = {{0, 3.2}, {2.5, 5.0}, {6.0, 7.3}};
            for (int i = 0; i < names.length; i++) {
                Path f = TestAudio.cut(dir, names[i], cuts[i][0], cuts[i][1], 1f);
                String stream = "file-" + names[i];
                pub.publish(f.toString(), decode, in, stream, i == 1 ? RawPcm.S16LE : RawPcm.F32LE, 0, true);
                expected.addAll(OfflineLabels.label(p, stream, OfflineLabels.decode(f.toString(), new DecodeOptions())));
            }
        }
        assertTrue(expected.stream().anyMatch(l -> l.contains("\"start\"")), "the inputs have speech segments");
        FailOnceAfterCheckpoint.arm();
        // The source hands over all records at once, so an aligned barrier would queue behind all of them in the network
        // buffers and the first checkpoint would come only at the end: unaligned barriers overtake them (and the
        // in-flight records are restored from the checkpoint, one more thing a restore must get right)
        Configuration unaligned = new Configuration();
        unaligned.set(CheckpointingOptions.ENABLE_UNALIGNED, true);
        var result = start(p, s -> s.map(new SlowRows()).name("slow").map(new FailOnceAfterCheckpoint(250)).name("fail-once"), unaligned)
                .getJobExecutionResult().get();
        assertTrue(FailOnceAfterCheckpoint.failed(), "the failure was injected");
        List<String> actual = broker.readCommitted(out);
        assertEquals(expected.size(), actual.size(), "line count");
        assertNoDiff(expected, actual);
        assertEquals(3, SummaryCollector.summaries(result).size());
    }

    @Test
    void fiftyInterleavedStreamsEachGetTheirOfflineLabelsAndBadRecordsEndOnlyTheirStream() throws Exception {
        String in = topic("many-in");
        String out = topic("many-out");
        ResolvedPipeline p = pipeline(in, out, "stopping-offsets: latest", "at-least-once");
        Random rnd = new Random(13);
        Map<String, float[]> streams = new LinkedHashMap<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            double from = rnd.nextDouble() * 5;
            float[] x = cut(from, from + 0.6 + rnd.nextDouble() * 0.8);
            String id = String.format("s%02d", i);
            streams.put(id, x);
            expected.addAll(OfflineLabels.label(p, id, x));
        }
        byte[] odd = new byte[801];
        try (KafkaPublisher pub = new KafkaPublisher(broker.bootstrapServers(), Map.of())) {
            Map<String, Integer> pos = new LinkedHashMap<>();
            streams.keySet().forEach(k -> pos.put(k, 0));
            List<String> open = new ArrayList<>(pos.keySet());
            int sent = 0;
            while (!open.isEmpty()) {
                String k = open.get(rnd.nextInt(open.size()));
                float[] x = streams.get(k);
                int from = pos.get(k);
                int n = Math.min(x.length - from, 400 + rnd.nextInt(800));
                RawPcm format = k.hashCode() % 2 == 0 ? RawPcm.S16LE : RawPcm.F32LE;
                byte[] key = k.getBytes(StandardCharsets.UTF_8);
                pub.send(in, key, format.fromMono(x, from, n), format, RATE, from + n == x.length);
                if (from + n == x.length) open.remove(k);
                pos.put(k, from + n);
                // two bad streams among the good ones: an odd byte count after some good audio, and an unknown format
                if (++sent == 40) {
                    pub.send(in, "bad-length".getBytes(StandardCharsets.UTF_8), RawPcm.S16LE.fromMono(x, 0, 800), RawPcm.S16LE, RATE, false);
                    pub.send(in, "bad-length".getBytes(StandardCharsets.UTF_8), odd, RawPcm.S16LE, RATE, false);
                    pub.send(in, "bad-length".getBytes(StandardCharsets.UTF_8), RawPcm.S16LE.fromMono(x, 0, 800), RawPcm.S16LE, RATE, true);
                    ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(in, "bad-format".getBytes(StandardCharsets.UTF_8), new byte[64]);
                    r.headers().add(KafkaPcm.FORMAT, "mulaw".getBytes(StandardCharsets.UTF_8));
                    pub.producer().send(r);
                }
            }
            pub.flush();
        }
        start(p, UnaryOperator.identity()).getJobExecutionResult().get();
        List<String> actual = broker.readCommitted(out);
        List<String> bad = actual.stream().filter(l -> l.startsWith("{\"stream\":\"bad-")).toList();
        List<String> good = actual.stream().filter(l -> !l.startsWith("{\"stream\":\"bad-")).toList();
        assertNoDiff(expected, good);
        List<String> errors = bad.stream().filter(l -> l.contains("\"error\"")).toList();
        assertEquals(2, errors.size(), String.valueOf(errors));
        assertTrue(errors.stream().anyMatch(l -> l.startsWith("{\"stream\":\"bad-length\"") && l.contains("801 bytes is not a whole number")
                && l.contains("\"t\":0.030")), String.valueOf(errors));
        assertTrue(errors.stream().anyMatch(l -> l.startsWith("{\"stream\":\"bad-format\"") && l.contains("unknown PCM format 'mulaw'")),
                String.valueOf(errors));
        // 800 samples are 3 frames of 400 samples every 160 (snip-edges)
        assertEquals(3, bad.stream().filter(l -> l.startsWith("{\"stream\":\"bad-length\",\"frame\"")).count(),
                "bad-length: the frames of its first 800 samples, nothing after the bad record");
    }

    @Test
    void aStreamWithoutAnEndMarkerIsClosedByTheIdleTimeoutWithItsLastSegmentFlushed() throws Exception {
        String in = topic("idle-in");
        String out = topic("idle-out");
        ResolvedPipeline p = pipeline(in, out, "idle-timeout: 1s", "exactly-once");
        // cut the speech in the middle of a segment, so the last one is still open when the records stop
        float[] whole = cut(0, 3.2);
        double mid = 0;
        double longest = 0;
        for (String l : OfflineLabels.label(p, "x", whole)) {
            if (!l.contains("\"start\"")) continue;
            var n = io.qstream.labels.LabelJson.JSON.readTree(l);
            double len = n.get("end").asDouble() - n.get("start").asDouble();
            if (len > longest) {
                longest = len;
                mid = (n.get("start").asDouble() + n.get("end").asDouble()) / 2;
            }
        }
        float[] x = Arrays.copyOf(whole, (int) Math.round(mid * RATE));
        List<String> expected = OfflineLabels.label(p, "idle", x);
        String last = expected.get(expected.size() - 1);
        long frames = (x.length - 400) / 160 + 1;
        assertTrue(last.contains("\"start\"") && Math.abs(io.qstream.labels.LabelJson.JSON.readTree(last).get("end").asDouble()
                - frames * 0.01) < 1e-9, "the last segment lasts to the end of the audio (" + frames + " frames): " + last);
        JobClient job = start(p, UnaryOperator.identity());
        try {
            try (KafkaPublisher pub = new KafkaPublisher(broker.bootstrapServers(), Map.of())) {
                byte[] key = "idle".getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < x.length; i += 1600) {
                    pub.send(in, key, RawPcm.F32LE.fromMono(x, i, Math.min(1600, x.length - i)), RawPcm.F32LE, RATE, false);
                }
                pub.flush();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            List<String> actual = List.of();
            while (System.nanoTime() < deadline) {
                actual = broker.readCommitted(out);
                if (actual.size() >= expected.size()) break;
                Thread.sleep(300);
            }
            assertEquals(expected.size(), actual.size(), "line count (the last segment comes only when the stream is closed)");
            assertNoDiff(expected, actual);
        } finally {
            job.cancel().get();
        }
    }
}
