package io.qstream.flink;

import io.qstream.replay.OfflineReference;
import io.qstream.flink.record.FrameRows;
import io.qstream.flink.source.MediaSource;
import io.qstream.labels.LabelDiff;
import io.qstream.pipeline.PipelineSpec;
import io.qstream.pipeline.ResolvedPipeline;
import io.qstream.replay.OfflineShotLabels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Video tracks in the whole job on a MiniCluster, compared with {@link OfflineShotLabels} (VideoDecoder →
 * OfflineVideoFeatures → one QrnnModel.forward, no Flink): the shipped shot model over the bundled clips.
 */
class VideoJobMiniClusterTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    private static final double TOLERANCE = 2e-4;
    private static final Path VIDEO = Path.of("fixtures", "video").toAbsolutePath();
    private static final Path MODELS = Path.of("fixtures", "models").toAbsolutePath();
    private static final String H264 = VIDEO.resolve("shots-h264.mp4").toString();
    private static final String MJPEG = VIDEO.resolve("shots-mjpeg.avi").toString();
    private static final String AV = VIDEO.resolve("shots-speech.mp4").toString();

    @TempDir
    static Path dir;

    /** @param inputs YAML flow mappings of the inputs */
    private static ResolvedPipeline pipeline(String extraYaml, List<String> inputs) {
        StringBuilder y = new StringBuilder("video-model: '" + MODELS.resolve("video-shots") + "'\n");
        y.append("model: '").append(MODELS.resolve("speech-vad")).append("'\n");
        if (!extraYaml.contains("labels:")) y.append("labels: {frames: true, segment-labels: [speech]}\n");
        if (!extraYaml.contains("checkpointing")) y.append("checkpointing: {interval: 100ms}\n");
        y.append(extraYaml).append("\ninputs:\n");
        for (String in : inputs) y.append("  - ").append(in).append("\n");
        return ResolvedPipeline.resolve(PipelineSpec.parse(y.toString(), "test"), "test");
    }

    private static String video(String uri, double pace) {
        return "{uri: '" + uri + "', track: video, pace: " + pace + "}";
    }

    /** The offline reference of every stream of the pipeline. */
    private static List<String> expected(ResolvedPipeline p) throws Exception {
        return OfflineReference.labels(p);
    }

    /** The committed label lines of a job and its per-stream summaries. */
    private record Ran(List<String> labels, List<LocalRun.StreamSummary> summaries) {}

    private static Ran runJob(ResolvedPipeline p, Path out, UnaryOperator<DataStream<FrameRows>> tap) throws Exception {
        Configuration conf = LabelJob.configuration(p.spec);
        conf.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
                Duration.ofMillis(50));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        LabelJob.build(env, new MediaSource(p.inputs), p, tap).sinkTo(LabelJob.fileSink(out.toString())).uid("sink");
        var result = env.executeAsync("test").getJobExecutionResult().get();
        return new Ran(LabelJobMiniClusterTest.committedLines(out), SummaryCollector.summaries(result));
    }

    private static List<String> run(ResolvedPipeline p, Path out, UnaryOperator<DataStream<FrameRows>> tap)
            throws Exception {
        return runJob(p, out, tap).labels();
    }

    private static void assertNoDiff(List<String> expected, List<String> actual) {
        List<String> d = LabelDiff.diff(expected, actual, TOLERANCE);
        assertTrue(d.isEmpty(), d.size() + " differences, first: " + d.subList(0, Math.min(10, d.size())));
    }

    private static long count(List<String> lines, String stream, String what) {
        return lines.stream().filter(l -> l.startsWith("{\"stream\":\"" + stream + "\"") && l.contains(what)).count();
    }

    @Test
    void videoLabelsEqualOfflineAtParallelism1And2() throws Exception {
        List<String> inputs = List.of(video(H264, 0), video(MJPEG, 0));
        ResolvedPipeline p1 = pipeline("parallelism: 1", inputs);
        List<String> expected = expected(p1);
        assertEquals(150, count(expected, H264, "\"frame\""));
        assertTrue(count(expected, H264, "\"label\":\"cut\"") > 0, "the clip has cuts");
        assertTrue(count(expected, H264, "\"label\":\"gradual\",\"start\"") > 0, "the clip has gradual segments");
        List<String> a1 = run(p1, dir.resolve("out-p1"), UnaryOperator.identity());
        assertEquals(expected.size(), a1.size());
        assertNoDiff(expected, a1);
        ResolvedPipeline p2 = pipeline("parallelism: 2\nbatch: {max-streams: 1, max-frames: 3, max-delay: 1ms}", inputs);
        assertNoDiff(expected, run(p2, dir.resolve("out-p2"), UnaryOperator.identity()));
    }

    @Test
    void aMinimumShotLengthInTheJobEqualsOfflineAcrossAFailure() throws Exception {
        List<String> inputs = List.of(video(H264, 10), video(MJPEG, 10));
        // 0.2 s merges the clips' shortest shots (3-5 frames) into the transitions around them
        ResolvedPipeline p = pipeline("parallelism: 2\nlabels: {frames: false, segment-labels: [speech], min-shot: 0.2s}",
                inputs);
        List<String> expected = expected(p);
        long without = count(expected(pipeline("parallelism: 2\nlabels: {frames: false, segment-labels: [speech]}",
                inputs)), H264, "\"start\"");
        assertTrue(count(expected, H264, "\"start\"") < without, "short shots were merged: " + expected);
        FailOnceAfterCheckpoint.arm();
        List<String> actual = run(p, dir.resolve("out-min-shot"), s -> s.map(new FailOnceAfterCheckpoint(10)).name("fail-once"));
        assertTrue(FailOnceAfterCheckpoint.failed(), "the failure was injected");
        assertEquals(expected.size(), actual.size());
        assertNoDiff(expected, actual);
    }

    @Test
    void failureAfterACheckpointGivesTheFailureFreeOutput() throws Exception {
        // paced at 10x real time (150 frames in 0.6 s) so checkpoints complete mid-stream
        ResolvedPipeline p = pipeline("parallelism: 2", List.of(video(H264, 10), video(MJPEG, 10)));
        Path out = dir.resolve("out-failure");
        FailOnceAfterCheckpoint.arm();
        Ran ran = runJob(p, out, s -> s.map(new FailOnceAfterCheckpoint(10)).name("fail-once"));
        assertTrue(FailOnceAfterCheckpoint.failed(), "the failure was injected");
        assertNoDiff(expected(p), ran.labels());
        List<LocalRun.StreamSummary> summaries = ran.summaries();
        assertEquals(2, summaries.size(), String.valueOf(summaries));
        assertTrue(summaries.stream().anyMatch(s -> s.frames() == 150), String.valueOf(summaries));
        assertTrue(summaries.stream().anyMatch(s -> s.frames() == 80), String.valueOf(summaries));
    }

    @Test
    void aVideoStreamedOverHttpAndPacedIsLabelledLikeTheFile() throws Exception {
        byte[] body = java.nio.file.Files.readAllBytes(Path.of(H264));
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/clip.mp4", ex -> {
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/clip.mp4";
            // live input (network, paced at 10x real time: 150 frames in >= 0.6 s) vs the same file read offline
            ResolvedPipeline live = pipeline("parallelism: 2", List.of("{uri: '" + url + "', name: clip, track: video, pace: 10}"));
            ResolvedPipeline file = pipeline("parallelism: 2", List.of("{uri: '" + H264 + "', name: clip, track: video}"));
            long start = System.nanoTime();
            Ran ran = runJob(live, dir.resolve("out-http"), UnaryOperator.identity());
            assertTrue(System.nanoTime() - start >= 600_000_000L, "paced: 6 s of video at 10x takes at least 0.6 s");
            List<String> expected = expected(file);
            assertEquals(150, count(expected, "clip", "\"frame\""));
            assertEquals(expected.size(), ran.labels().size());
            assertNoDiff(expected, ran.labels());
            long segments = count(expected, "clip", "\"start\"");
            assertTrue(segments > 1, "shot segments");
            assertEquals(List.of(new LocalRun.StreamSummary("clip", 150, 6.0, segments, null)), ran.summaries());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aFileWithAudioAndVideoGivesTwoStreamsEachWithItsModel() throws Exception {
        ResolvedPipeline p = pipeline("parallelism: 2", List.of("{uri: '" + AV + "', name: clip, track: both}"));
        List<String> actual = run(p, dir.resolve("out-av"), UnaryOperator.identity());
        assertEquals(200, count(actual, "clip#video", "\"frame\""));
        assertTrue(count(actual, "clip#video", "\"label\":\"shot\"") > 1, "shot segments on the video track");
        assertTrue(count(actual, "clip#audio", "\"label\":\"speech\",\"start\"") > 0, "speech segments on the audio track");
        assertTrue(count(actual, "clip#audio", "\"frame\"") > 700, "audio frames every 10 ms");
        assertNoDiff(expected(p), actual);
    }

    @Test
    void badVideoInputsGiveErrorRecordsWhileOthersFinish() throws Exception {
        List<String> bad = List.of("corrupt.mp4", "audio-only.m4a", "zero-frames.avi", "not-media.txt", "missing.mp4");
        List<String> inputs = new ArrayList<>(List.of(video(MJPEG, 0)));
        for (String b : bad) inputs.add(video(VIDEO.resolve(b).toString(), 0));
        ResolvedPipeline p = pipeline("parallelism: 2", inputs);
        List<String> actual = run(p, dir.resolve("out-bad"), UnaryOperator.identity());
        for (String b : bad) {
            String stream = VIDEO.resolve(b).toString();
            List<String> errors = actual.stream()
                    .filter(l -> l.startsWith("{\"stream\":\"" + stream + "\",\"error\"")).toList();
            assertEquals(1, errors.size(), b + ": " + actual.stream().filter(l -> l.contains(b)).toList());
            assertTrue(errors.get(0).contains(b), errors.get(0));
        }
        assertTrue(actual.stream().anyMatch(l -> l.contains("no video")), "audio-only names the missing video stream");
        List<String> good = actual.stream().filter(l -> l.startsWith("{\"stream\":\"" + MJPEG + "\"")).toList();
        assertNoDiff(OfflineShotLabels.label(p, MJPEG, OfflineShotLabels.decode(MJPEG, p.inputs.get(0).video())), good);
    }
}
