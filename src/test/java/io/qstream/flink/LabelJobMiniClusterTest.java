package io.qstream.flink;

import io.qstream.replay.OfflineReference;
import io.qstream.flink.record.FrameRows;
import io.qstream.flink.source.MediaSource;
import io.qstream.labels.LabelDiff;
import io.qstream.pipeline.ModelLoader;
import io.qstream.pipeline.PipelineSpec;
import io.qstream.pipeline.ResolvedPipeline;
import io.qstream.replay.OfflineLabels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.features.FeatureSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The whole job on a MiniCluster, compared with {@link OfflineLabels} (no Flink, no streaming). */
class LabelJobMiniClusterTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    /** Scores are written with 4 decimals; batched and whole-stream model runs differ in float rounding only. */
    private static final double TOLERANCE = 2e-4;
    private static final ModelLoader MODEL = () -> EnergyVadModel.build(FeatureSpec.defaults("fbank"));

    @TempDir
    static Path dir;
    static Path inputs;

    @BeforeAll
    static void makeInputs() throws Exception {
        inputs = dir.resolve("in");
        TestAudio.cut(inputs, "a.wav", 0, 3.2, 1f);
        TestAudio.cut(inputs, "b.wav", 2.5, 5.0, 0.5f);
        TestAudio.cut(inputs, "c.wav", 6.0, 7.3, 2f);
    }

    private static ResolvedPipeline pipeline(String extraYaml, List<String> uris, double pace) {
        StringBuilder y = new StringBuilder("model: energy-vad\nfeatures: {type: fbank}\n");
        y.append("labels: {frames: true, segment-labels: [speech], smoothing: {on-threshold: 0.6, off-threshold: 0.4,"
                + " min-segment: 0.1, min-gap: 0.2}}\n");
        if (!extraYaml.contains("checkpointing")) y.append("checkpointing: {interval: 100ms}\n");
        y.append(extraYaml).append("\ninputs:\n");
        for (String u : uris) y.append("  - {uri: '").append(u).append("', pace: ").append(pace).append("}\n");
        return ResolvedPipeline.resolve(PipelineSpec.parse(y.toString(), "test"), "test", MODEL);
    }

    private static List<String> expected(ResolvedPipeline p) throws Exception {
        return OfflineReference.labels(p);
    }

    private static StreamExecutionEnvironment env(ResolvedPipeline p, Configuration extra) {
        Configuration conf = LabelJob.configuration(p.spec);
        conf.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(50));
        conf.addAll(extra);
        return StreamExecutionEnvironment.getExecutionEnvironment(conf);
    }

    private static JobClient start(ResolvedPipeline p, Path out, Configuration extra,
                                   UnaryOperator<DataStream<FrameRows>> tap) throws Exception {
        StreamExecutionEnvironment env = env(p, extra);
        LabelJob.build(env, new MediaSource(p.inputs), p, tap).sinkTo(LabelJob.fileSink(out.toString())).uid("sink");
        return env.executeAsync("test");
    }

    private static List<String> run(ResolvedPipeline p, Path out) throws Exception {
        start(p, out, new Configuration(), UnaryOperator.identity()).getJobExecutionResult().get();
        return committedLines(out);
    }

    /** Lines of committed part files (in-progress and pending files are hidden, their names start with '.'). */
    static List<String> committedLines(Path out) throws Exception {
        return LocalRun.committedLines(out);
    }

    private static void assertNoDiff(List<String> expected, List<String> actual) {
        List<String> d = LabelDiff.diff(expected, actual, TOLERANCE);
        assertTrue(d.isEmpty(), d.size() + " differences, first: " + d.subList(0, Math.min(10, d.size())));
    }

    @Test
    void labelsAreTheSameForParallelism124AndBatchLimitsAndEqualOffline() throws Exception {
        List<String> expected = null;
        String[][] configs = {
            {"parallelism: 1", "batch: {max-streams: 64, max-frames: 4096, max-delay: 20ms}"},
            {"parallelism: 2", "batch: {max-streams: 1, max-frames: 1, max-delay: 1ms}"},
            {"parallelism: 4", "batch: {max-streams: 2, max-frames: 37, max-delay: 5ms}"},
        };
        List<String> first = null;
        for (String[] c : configs) {
            ResolvedPipeline p = pipeline(c[0] + "\n" + c[1], List.of(inputs.toString()), 0);
            if (expected == null) {
                expected = expected(p);
                assertTrue(expected.stream().anyMatch(l -> l.contains("\"start\"")), "the inputs have speech segments");
            }
            List<String> actual = run(p, dir.resolve("out-" + c[0].replace(": ", "")));
            assertEquals(expected.size(), actual.size(), c[0] + " line count");
            assertNoDiff(expected, actual);
            if (first == null) first = actual;
            else assertNoDiff(first, actual);
        }
    }

    @Test
    void failureAfterACheckpointGivesExactlyTheFailureFreeOutput() throws Exception {
        ResolvedPipeline p = pipeline("parallelism: 2", List.of(inputs.toString()), 4);
        Path out = dir.resolve("out-failure");
        FailOnceAfterCheckpoint.arm();
        // late in a.wav (320 frames), after c.wav (130) and b.wav (250) have ended: their summaries come from state
        var result = start(p, out, new Configuration(), s -> s.map(new FailOnceAfterCheckpoint(280)).name("fail-once"))
                .getJobExecutionResult().get();
        assertTrue(FailOnceAfterCheckpoint.failed(), "the failure was injected");
        List<String> expected = expected(p);
        assertNoDiff(expected, committedLines(out));
        // one summary per stream, exactly once, with every frame counted
        List<LocalRun.StreamSummary> summaries = SummaryCollector.summaries(result);
        assertEquals(3, summaries.size(), String.valueOf(summaries));
        for (LocalRun.StreamSummary s : summaries) {
            long frames = expected.stream().filter(l -> l.startsWith("{\"stream\":\"" + s.stream() + "\",\"frame\"")).count();
            assertEquals(frames, s.frames(), String.valueOf(s));
        }
    }

    @Test
    void failureAfterACheckpointPrintsEachStdoutLineOnce() throws Exception {
        ResolvedPipeline p = pipeline("parallelism: 2", List.of(inputs.toString()), 4);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        FailOnceAfterCheckpoint.arm();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            StreamExecutionEnvironment env = env(p, new Configuration());
            LabelJob.build(env, new MediaSource(p.inputs), p, s -> s.map(new FailOnceAfterCheckpoint(0)).name("fail-once"))
                    .sinkTo(new StdoutSink()).uid("sink");
            env.execute("stdout");
        } finally {
            System.setOut(original);
        }
        assertTrue(FailOnceAfterCheckpoint.failed(), "the failure was injected");
        List<String> printed = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{\"stream\"")).toList();
        List<String> expected = expected(p);
        assertEquals(expected.size(), printed.size(), "lines printed");
        assertNoDiff(expected, printed);
    }

    @Test
    void stopWithSavepointAndResumeOnRocksDbGivesTheSameLabels() throws Exception {
        Path ckpt = dir.resolve("ckpt");
        ResolvedPipeline p = pipeline("parallelism: 2\ncheckpointing: {interval: 100ms, backend: rocksdb, dir: '" + ckpt + "'}",
                List.of(inputs.toString()), 1.5);
        Path out = dir.resolve("out-savepoint");
        JobClient job = start(p, out, new Configuration(), UnaryOperator.identity());
        // stop once a checkpoint has committed output, i.e. mid-stream with state in RocksDB
        for (int i = 0; i < 400 && committedLines(out).isEmpty(); i++) Thread.sleep(25);
        String savepoint = job.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL).get();
        List<String> before = committedLines(out);
        List<String> expected = expected(p);
        assertTrue(!before.isEmpty() && before.size() < expected.size(),
                "stopped mid-stream: " + before.size() + " of " + expected.size() + " lines");
        Configuration resume = new Configuration();
        resume.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        start(p, out, resume, UnaryOperator.identity()).getJobExecutionResult().get();
        assertNoDiff(expected, committedLines(out));
    }

    @Test
    void resumingASavepointAtAnotherParallelismGivesTheSameLabels() throws Exception {
        Path out = dir.resolve("out-rescale");
        ResolvedPipeline before = pipeline("parallelism: 2\nbatch: {max-streams: 64, max-frames: 4096, max-delay: 1s}",
                List.of(inputs.toString()), 1.5);
        JobClient job = start(before, out, new Configuration(), UnaryOperator.identity());
        for (int i = 0; i < 400 && committedLines(out).isEmpty(); i++) Thread.sleep(25);
        String savepoint = job.stopWithSavepoint(false, dir.resolve("savepoints-rescale").toUri().toString(),
                SavepointFormatType.CANONICAL).get();
        assertTrue(committedLines(out).size() < expected(before).size(), "stopped mid-stream");
        // rows buffered in the model operator (max-delay 1 s) move with their key groups to the new subtasks
        ResolvedPipeline after = pipeline("parallelism: 3", List.of(inputs.toString()), 0);
        Configuration resume = new Configuration();
        resume.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        start(after, out, resume, UnaryOperator.identity()).getJobExecutionResult().get();
        assertNoDiff(expected(after), committedLines(out));
    }

    @Test
    void onlineCmvnInTheJobEqualsOfflineCmvn() throws Exception {
        ResolvedPipeline p = pipeline("parallelism: 2\ncmvn: {enabled: true, cmn-window: 100}", List.of(inputs.toString()), 0);
        assertNoDiff(expected(p), run(p, dir.resolve("out-cmvn")));
    }

    @Test
    void aHundredConcurrentInputsAreEachLabelledAsIfAlone() throws Exception {
        Path many = dir.resolve("many");
        for (int i = 0; i < 100; i++) {
            double from = (i * 0.37) % 10.0;
            TestAudio.cut(many, String.format("s%03d.wav", i), from, from + 0.4 + (i % 7) * 0.1, 0.5f + (i % 5) * 0.4f);
        }
        ResolvedPipeline p = pipeline("parallelism: 2\nbatch: {max-streams: 32, max-frames: 2048, max-delay: 10ms}",
                List.of(many.resolve("*.wav").toString()), 0);
        List<String> expected = expected(p);
        List<String> actual = run(p, dir.resolve("out-many"));
        assertEquals(100, actual.stream().map(l -> l.substring(0, l.indexOf(','))).distinct().count());
        assertNoDiff(expected, actual);
    }

    @Test
    void aBadInputIsReportedAndTheOthersAreLabelled() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.wav"), "this is not audio\n".repeat(100));
        ResolvedPipeline p = pipeline("", List.of(inputs.resolve("a.wav").toString(), dir.resolve("missing.wav").toString(),
                text.toString()), 0);
        List<String> actual = run(p, dir.resolve("out-bad"));
        List<String> errors = actual.stream().filter(l -> l.contains("\"error\"")).toList();
        assertEquals(2, errors.size(), String.valueOf(errors));
        assertTrue(errors.stream().anyMatch(l -> l.contains("missing.wav")), String.valueOf(errors));
        assertTrue(errors.stream().anyMatch(l -> l.contains("notes.wav")), String.valueOf(errors));
        List<String> good = actual.stream().filter(l -> l.contains("a.wav")).toList();
        String stream = inputs.resolve("a.wav").toString();
        assertNoDiff(OfflineLabels.label(p, stream, OfflineLabels.decode(stream, p.inputs.get(0).audio())), good);
    }
}
