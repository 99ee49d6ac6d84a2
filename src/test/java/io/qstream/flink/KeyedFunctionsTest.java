package io.qstream.flink;

import io.qstream.labels.LabelOptions;

import io.qstream.flink.record.FrameRows;
import io.qstream.flink.record.Kind;
import io.qstream.flink.record.MediaChunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.arrays.FloatMatrix;
import io.qstream.features.CmvnOptions;
import io.qstream.features.FeatureSpec;
import io.qstream.features.OnlineCmvn;
import io.qstream.features.OfflineFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** FeatureFunction and LabelFunction in Flink's keyed operator harness: chunking, snapshot/restore, cleanup. */
class KeyedFunctionsTest {
    private static final FeatureSpec FBANK = FeatureSpec.defaults("fbank");

    private static <O> List<O> records(KeyedOneInputStreamOperatorTestHarness<String, ?, O> h) {
        List<O> out = new ArrayList<>();
        for (Object o : h.getOutput()) if (o instanceof StreamRecord<?> r) out.add((O) r.getValue());
        h.getOutput().clear();
        return out;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, MediaChunk, FrameRows> featureHarness(CmvnOptions cmvn)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new FeatureFunction(FBANK, cmvn)),
                c -> c.stream, Types.STRING);
    }

    @Test
    void featuresInRandomChunksAcrossARestoreEqualOfflineFeaturesAndNoStateRemains() throws Exception {
        checkFeatures(null);
    }

    @Test
    void withOnlineCmvnToo() throws Exception {
        CmvnOptions cmvn = new CmvnOptions();
        cmvn.cmnWindow = 50;
        cmvn.normalizeVariance = true;
        checkFeatures(cmvn);
    }

    private void checkFeatures(CmvnOptions cmvn) throws Exception {
        float[] samples = Arrays.copyOf(TestAudio.speech(), 16000 * 2);
        FloatMatrix expected = OfflineFeatures.compute(FBANK, samples);
        if (cmvn != null) expected = new OnlineCmvn(FBANK.dim(), cmvn, null).apply(expected);
        Random rnd = new Random(3);
        List<MediaChunk> input = new ArrayList<>();
        for (int pos = 0; pos < samples.length; ) {
            int n = Math.min(samples.length - pos, 1 + rnd.nextInt(900));
            input.add(MediaChunk.data("s", pos, 16000, Arrays.copyOfRange(samples, pos, pos + n)));
            pos += n;
        }
        input.add(MediaChunk.end("s", samples.length, 16000));
        int cut = input.size() / 2;
        List<FrameRows> out = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var h = featureHarness(cmvn)) {
            h.open();
            for (MediaChunk c : input.subList(0, cut)) h.processElement(c, 0);
            out.addAll(records(h));
            snapshot = h.snapshot(1, 1);
        }
        try (var h = featureHarness(cmvn)) {
            h.initializeState(snapshot);
            h.open();
            for (MediaChunk c : input.subList(cut, input.size())) h.processElement(c, 0);
            out.addAll(records(h));
            assertEquals(0, h.numKeyedStateEntries(), "state left after END");
        }
        float[] rows = new float[0];
        for (FrameRows r : out.subList(0, out.size() - 1)) {
            assertEquals(Kind.DATA, r.kind);
            assertEquals(rows.length / FBANK.dim(), r.firstFrame);
            rows = Arrays.copyOf(rows, rows.length + r.data.length);
            System.arraycopy(r.data, 0, rows, rows.length - r.data.length, r.data.length);
        }
        FrameRows end = out.get(out.size() - 1);
        assertEquals(Kind.END, end.kind);
        assertEquals(expected.rows(), end.firstFrame);
        assertTrue(Arrays.equals(expected.data(), rows), "streamed rows are bit-identical to offline features");
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, FrameRows, String> labelHarness() throws Exception {
        LabelFunction f = new LabelFunction(new LabelOptions(List.of("silence", "speech"), List.of("speech"), 0.01, true, 2,
                0.6, 0.4, 0.01, 0.02));
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(f), r -> r.stream, Types.STRING);
    }

    private static FrameRows scores(String stream, long first, float... speech) {
        float[] d = new float[speech.length * 2];
        for (int i = 0; i < speech.length; i++) {
            d[2 * i] = 1 - speech[i];
            d[2 * i + 1] = speech[i];
        }
        return FrameRows.data(stream, first, new FloatMatrix(speech.length, 2, d));
    }

    @Test
    void labelsSegmentsAcrossARestoreAndReportErrors() throws Exception {
        OperatorSubtaskState snapshot;
        List<String> out = new ArrayList<>();
        try (var h = labelHarness()) {
            h.open();
            h.processElement(scores("a", 0, 0.1f, 0.7f, 0.5f), 0);
            h.processElement(scores("b", 0, 0.9f), 0);
            out.addAll(records(h));
            snapshot = h.snapshot(1, 1);
        }
        try (var h = labelHarness()) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(scores("a", 3, 0.3f, 0.2f, 0.2f, 0.9f), 0);
            h.processElement(FrameRows.last("a", Kind.END, 7, null), 0);
            h.processElement(FrameRows.last("b", Kind.ERROR, 1, "input b: corrupt"), 0);
            out.addAll(records(h));
            assertEquals(0, h.numKeyedStateEntries(), "state left after END/ERROR");
        }
        List<String> a = out.stream().filter(l -> l.contains("\"a\"") && !l.contains("frame")).toList();
        assertEquals(List.of(
                "{\"stream\":\"a\",\"label\":\"speech\",\"start\":0.010,\"end\":0.030,\"score\":0.60}",
                "{\"stream\":\"a\",\"label\":\"speech\",\"start\":0.060,\"end\":0.070,\"score\":0.90}"), a);
        assertEquals(7, out.stream().filter(l -> l.startsWith("{\"stream\":\"a\",\"frame\"")).count());
        assertTrue(out.contains("{\"stream\":\"a\",\"frame\":1,\"t\":0.010,\"label\":\"speech\",\"scores\":{\"silence\":0.30,\"speech\":0.70}}"),
                String.valueOf(out));
        assertTrue(out.contains("{\"stream\":\"b\",\"label\":\"speech\",\"start\":0.000,\"end\":0.010,\"score\":0.90}"), String.valueOf(out));
        assertTrue(out.contains("{\"stream\":\"b\",\"error\":\"input b: corrupt\",\"t\":0.010}"), String.valueOf(out));
    }
}
