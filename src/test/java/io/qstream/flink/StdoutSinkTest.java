package io.qstream.flink;

import io.qstream.flink.source.MediaSource;
import io.qstream.pipeline.PipelineSpec;
import io.qstream.pipeline.ResolvedPipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import io.qstream.features.FeatureSpec;
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
