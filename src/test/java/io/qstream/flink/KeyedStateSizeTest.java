package io.qstream.flink;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.flink.record.FrameRows;
import io.qstream.flink.record.MediaChunk;
import io.qstream.pipeline.PipelineSpec;
import io.qstream.pipeline.ResolvedPipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateObject;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Bytes of keyed state per live stream with the shipped speech model and pipeline, measured from real checkpoint
 * snapshots of the three audio operators (framer remainder + CMVN, QRNN state + rows waiting for a batched call +
 * the flush timer, segment state) with 1,000 streams each 0.35 s into their audio (0.05 s chunks): the size the
 * state backend writes, key-group metadata included.
 */
class KeyedStateSizeTest {
    private static final int STREAMS = 1000;
    private static final int CHUNK = 800;
    private static final int CHUNKS = 7;
    /** The cost issue's bound: at most 4 KB of keyed state per live stream for the speech model. */
    private static final long BOUND = 4096;

    @Test
    void aLiveStreamHoldsAtMostFourKilobytesOfKeyedState() throws Exception {
        ResolvedPipeline p = ResolvedPipeline.resolve(PipelineSpec.parse(Path.of("pipelines/speech-vad.yaml")),
                "pipelines/speech-vad.yaml");
        float[] speech = TestAudio.speech();
        try (var features = new KeyedOneInputStreamOperatorTestHarness<String, MediaChunk, FrameRows>(
                     new KeyedProcessOperator<>(new FeatureFunction(p.features, FeatureFunction.cmvnOptions(p.spec.cmvn))),
                     c -> c.stream, Types.STRING);
             var model = new KeyedOneInputStreamOperatorTestHarness<String, FrameRows, FrameRows>(
                     QrnnOperator.evenlySpaced(p.model, p.batch, p.frameShiftSeconds()), r -> r.stream, Types.STRING);
             var labels = new KeyedOneInputStreamOperatorTestHarness<String, FrameRows, String>(
                     new KeyedProcessOperator<>(new LabelFunction(p.labelOptions())), r -> r.stream, Types.STRING)) {
            features.open();
            model.open();
            labels.open();
            for (int c = 0; c < CHUNKS; c++) {
                for (int s = 0; s < STREAMS; s++) {
                    int from = (s * 7919 + c * CHUNK) % (speech.length - CHUNK);
                    features.processElement(MediaChunk.data("stream-" + s, (long) c * CHUNK, 16000,
                            Arrays.copyOfRange(speech, from, from + CHUNK)), 0);
                }
                for (FrameRows r : drain(features)) model.processElement(r, 0);
                for (FrameRows r : drain(model)) labels.processElement(r, 0);
                drain(labels);
            }
            long f = keyedBytes(features.snapshot(1, 1));
            long m = keyedBytes(model.snapshot(1, 1));
            long l = keyedBytes(labels.snapshot(1, 1));
            long perStream = (f + m + l) / STREAMS;
            System.out.printf(Locale.ROOT, "keyed state, %d live streams: features %d B, model %d B, labels %d B;"
                            + " %d B per stream; %.2f MB in all%n", STREAMS, f, m, l, perStream, (f + m + l) / 1e6);
            assertTrue(f > 0 && m > 0 && l > 0, "every operator holds state for live streams");
            assertTrue(perStream <= BOUND, perStream + " bytes of keyed state per stream > " + BOUND);
        }
    }

    @SuppressWarnings("unchecked")
    private static <O> List<O> drain(KeyedOneInputStreamOperatorTestHarness<String, ?, O> h) {
        List<O> out = new ArrayList<>();
        for (Object o : h.getOutput()) if (o instanceof StreamRecord<?> r) out.add((O) r.getValue());
        h.getOutput().clear();
        return out;
    }

    private static long keyedBytes(OperatorSubtaskState s) {
        return s.getManagedKeyedState().stream().mapToLong(StateObject::getStateSize).sum()
                + s.getRawKeyedState().stream().mapToLong(StateObject::getStateSize).sum();
    }
}
