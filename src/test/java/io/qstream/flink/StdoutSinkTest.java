package io.qstream.flink;

import io.qstream.flink.source.MediaSource;
import io.qstream.pipeline.PipelineSpec;
import io.qstream.pipeline.ResolvedPipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import io.qstream.features.FeatureSpec;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The stdout sink's pieces; exactly-once printing across a failover is tested in {@link LabelJobMiniClusterTest}. */
class StdoutSinkTest {
    @Test
    void streamIsReadFromTheFirstField() {
        assertEquals("in/a \"quoted\".wav", StdoutSink.streamOf("{\"stream\":\"in/a \\\"quoted\\\".wav\",\"frame\":3}"));
        assertEquals("x#audio", StdoutSink.streamOf("{\"stream\":\"x#audio\",\"error\":\"boom\",\"t\":1.0}"));
        assertEquals("", StdoutSink.streamOf("{\"label\":\"speech\",\"stream\":\"late\"}"));
        assertEquals("", StdoutSink.streamOf("not json"));
    }

    @Test
    void linesAreCountedPerStreamAndKind() {
        assertEquals("a.wav\nframe", StdoutSink.sequenceOf("{\"stream\":\"a.wav\",\"frame\":3,\"t\":0.03}"));
        assertEquals("a.wav\nlabel", StdoutSink.sequenceOf("{\"stream\":\"a.wav\",\"label\":\"speech\",\"start\":0.1}"));
        assertEquals("\n", StdoutSink.sequenceOf("not json"));
    }

    @Test
    void aReplayThatInterleavesFramesAndSegmentsOtherwisePrintsEveryLineOnce() throws Exception {
        String f0 = frame(0), f1 = frame(1), f2 = frame(2), f3 = frame(3);
        String seg = "{\"stream\":\"s\",\"label\":\"speech\",\"start\":0.000,\"end\":0.020,\"score\":0.9}";
        java.io.PrintStream old = System.out;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            System.setOut(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
            StdoutSink sink = new StdoutSink();
            var first = sink.createWriter(null);
            first.write(f0, null);
            List<Map<String, Long>> checkpoint = first.snapshotState(1);
            for (String l : List.of(seg, f1, f2)) first.write(l, null); // then the task fails
            // the restored task replays from the checkpoint; its rows were batched otherwise, so the segment comes later
            var restored = sink.restoreWriter(null, checkpoint);
            for (String l : List.of(f1, f2, f3, seg)) restored.write(l, null);
            restored.flush(true);
        } finally {
            System.setOut(old);
        }
        assertEquals(List.of(f0, seg, f1, f2, f3), bytes.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList());
    }

    private static String frame(int i) {
        return "{\"stream\":\"s\",\"frame\":" + i + ",\"t\":0.0" + i + "}";
    }

    @Test
    void lineCountsRoundTrip() throws IOException {
        var ser = new StdoutSink.LineCountsSerializer();
        Map<String, Long> counts = Map.of("a.wav", 12L, "b#video", 0L, "ü", Long.MAX_VALUE);
        assertEquals(counts, ser.deserialize(ser.getVersion(), ser.serialize(counts)));
        assertThrows(IOException.class, () -> ser.deserialize(2, ser.serialize(counts)));
    }

    @Test
    void theSinkMustTakeTheLabelOperatorsParallelism() {
        ResolvedPipeline p = ResolvedPipeline.resolve(PipelineSpec.parse(
                "model: energy-vad\nfeatures: {type: fbank}\nparallelism: 2\ninputs: [{uri: a.wav}]\n", "test"), "test",
                () -> EnergyVadModel.build(FeatureSpec.defaults("fbank")));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        LabelJob.build(env, new MediaSource(p.inputs), p).sinkTo(new StdoutSink()).setParallelism(1);
        // round-robin would split a stream's lines over writers and break their per-stream line counts
        assertThrows(UnsupportedOperationException.class, env::getStreamGraph);
    }
}
