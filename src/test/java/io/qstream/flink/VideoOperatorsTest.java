package io.qstream.flink;

import io.qstream.labels.ShotLabelOptions;
import io.qstream.media.VideoDecodeOptions;

import io.qstream.flink.record.FrameRows;
import io.qstream.flink.record.Kind;
import io.qstream.flink.record.MediaChunk;
import io.qstream.replay.OfflineShotLabels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.arrays.FloatMatrix;
import io.qstream.features.video.OfflineVideoFeatures;
import io.qstream.labels.ShotLabels;
import io.qstream.features.video.VideoFeatureSpec;
import io.qstream.media.VideoFrame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * VideoFeatureFunction and ShotLabelFunction in Flink's keyed operator harness: two interleaved streams, a
 * snapshot/restore at every few frames, rows and times equal to one offline pass, no state left after END.
 */
class VideoOperatorsTest {
    private static final VideoFeatureSpec SPEC = VideoFeatureSpec.defaults();
    private static final String CLIP = Path.of("fixtures", "video", "shots-mjpeg.avi").toString();
    private static OfflineShotLabels.Frames clip;

    @BeforeAll
    static void decode() throws Exception {
        VideoDecodeOptions d = new VideoDecodeOptions();
        d.width = SPEC.width();
        d.height = SPEC.height();
        clip = OfflineShotLabels.decode(CLIP, d);
    }

    @SuppressWarnings("unchecked")
    private static <O> List<O> records(KeyedOneInputStreamOperatorTestHarness<String, ?, O> h) {
        List<O> out = new ArrayList<>();
        for (Object o : h.getOutput()) if (o instanceof StreamRecord<?> r) out.add((O) r.getValue());
        h.getOutput().clear();
        return out;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, MediaChunk, FrameRows> featureHarness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new VideoFeatureFunction(SPEC)),
                c -> c.stream, Types.STRING);
    }

    /** Both streams' records, interleaved frame by frame ("b" starts 5 frames later), each ending with END. */
    private static List<MediaChunk> input() {
        List<MediaChunk> in = new ArrayList<>();
        List<VideoFrame> f = clip.frames();
        for (int i = 0; i < f.size() + 5; i++) {
            if (i < f.size()) in.add(chunk("a", f.get(i)));
            if (i == f.size()) in.add(MediaChunk.videoLast("a", Kind.END, f.size(), clip.endSeconds(), null));
            if (i >= 5) in.add(chunk("b", f.get(i - 5)));
        }
        in.add(MediaChunk.videoLast("b", Kind.END, f.size(), clip.endSeconds(), null));
        return in;
    }

    private static MediaChunk chunk(String stream, VideoFrame f) {
        return MediaChunk.frame(stream, f.index(), f.seconds(), f.rgb().clone(), f.width(), f.height());
    }

    @Test
    void rowsAcrossRestoresEqualOfflineFeaturesWithTimesAndNoStateRemains() throws Exception {
        List<MediaChunk> in = input();
        List<FrameRows> out = new ArrayList<>();
        OperatorSubtaskState snapshot = null;
        int step = 7; // restore every 7 records: inside the look-ahead, between streams, before END
        for (int from = 0; from < in.size(); from += step) {
            try (var h = featureHarness()) {
                if (snapshot != null) h.initializeState(snapshot);
                h.open();
                for (MediaChunk c : in.subList(from, Math.min(in.size(), from + step))) h.processElement(c, 0);
                out.addAll(records(h));
                snapshot = h.snapshot(from, from);
                if (from + step >= in.size()) assertEquals(0, h.numKeyedStateEntries(), "state left after END");
            }
        }
        byte[][] rgb = clip.frames().stream().map(VideoFrame::rgb).toArray(byte[][]::new);
        FloatMatrix expected = OfflineVideoFeatures.compute(SPEC, rgb, SPEC.width(), SPEC.height());
        for (String stream : List.of("a", "b")) {
            List<FloatMatrix> parts = new ArrayList<>();
            List<Double> times = new ArrayList<>();
            long next = 0;
            FrameRows last = null;
            for (FrameRows r : out) {
                if (!r.stream.equals(stream)) continue;
                if (r.kind != Kind.DATA) {
                    last = r;
                    continue;
                }
                assertEquals(next, r.firstFrame, "rows in order");
                assertEquals(r.frames(), r.times.length);
                next += r.frames();
                parts.add(r.matrix());
                for (double t : r.times) times.add(t);
            }
            assertArrayEquals(expected.data(), FloatMatrix.concatRows(parts, SPEC.dim()).data(), stream);
            for (int i = 0; i < times.size(); i++) assertEquals(clip.frames().get(i).seconds(), times.get(i));
            assertEquals(Kind.END, last.kind);
            assertEquals(clip.frames().size(), last.firstFrame);
            assertArrayEquals(new double[] {clip.endSeconds()}, last.times);
        }
    }

    @Test
    void aFrameOfTheWrongSizeOrOutOfOrderIsAnError() throws Exception {
        VideoFrame f = clip.frames().get(0);
        try (var h = featureHarness()) {
            h.open();
            var e = assertThrows(IllegalStateException.class,
                    () -> h.processElement(MediaChunk.frame("s", 0, 0, new byte[32 * 24 * 3], 32, 24), 0));
            assertTrue(e.getMessage().contains("32x24") && e.getMessage().contains("160x120"), e.getMessage());
            var gap = assertThrows(IllegalStateException.class, () -> h.processElement(chunk("s", clip.frames().get(3)), 0));
            assertTrue(gap.getMessage().contains("frame 3 arrived after 0 frames"), gap.getMessage());
            h.processElement(chunk("s", f), 0);
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, FrameRows, String> labelHarness(double minShot)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ShotLabelFunction(new ShotLabelOptions(ShotLabels.LABELS, true, 4, minShot))), r -> r.stream,
                Types.STRING);
    }

    private static FrameRows scores(long first, float[][] rows, double[] times) {
        float[] data = new float[rows.length * 3];
        for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, data, i * 3, 3);
        return FrameRows.data("v", first, new FloatMatrix(rows.length, 3, data), times);
    }

    @Test
    void shotSegmentsFromFrameLabelsAcrossARestore() throws Exception {
        assertEquals(List.of(
                "{\"stream\":\"v\",\"label\":\"shot\",\"start\":0.000,\"end\":0.200,\"score\":0.9000}",
                "{\"stream\":\"v\",\"label\":\"shot\",\"start\":0.200,\"end\":0.400,\"score\":0.8000}",
                "{\"stream\":\"v\",\"label\":\"gradual\",\"start\":0.400,\"end\":0.600,\"score\":0.8000}",
                "{\"stream\":\"v\",\"label\":\"shot\",\"start\":0.600,\"end\":0.800,\"score\":0.9000}"),
                shotSegmentsAcrossARestore(0));
        // shots under 0.25 s join the segment before them: the one after the cut, and the last one
        assertEquals(List.of(
                "{\"stream\":\"v\",\"label\":\"shot\",\"start\":0.000,\"end\":0.400,\"score\":0.8500}",
                "{\"stream\":\"v\",\"label\":\"gradual\",\"start\":0.400,\"end\":0.800,\"score\":0.8500}"),
                shotSegmentsAcrossARestore(0.25));
    }

    private static List<String> shotSegmentsAcrossARestore(double minShot) throws Exception {
        float[] none = {0.9f, 0.05f, 0.05f};
        float[] cut = {0.2f, 0.7f, 0.1f};
        float[] grad = {0.1f, 0.1f, 0.8f};
        // frames: none none | cut none | grad grad | none none, at 0.1 s each; end 0.8 s
        List<FrameRows> in = List.of(
                scores(0, new float[][] {none, none, cut}, new double[] {0, 0.1, 0.2}),
                scores(3, new float[][] {none, grad, grad}, new double[] {0.3, 0.4, 0.5}),
                scores(6, new float[][] {none, none}, new double[] {0.6, 0.7}));
        FrameRows end = FrameRows.last("v", Kind.ERROR, 8, "input x: broken");
        end.times = new double[] {0.8};
        List<String> out = new ArrayList<>();
        OperatorSubtaskState snap;
        try (var h = labelHarness(minShot)) {
            h.open();
            h.processElement(in.get(0), 0);
            h.processElement(in.get(1), 0);
            out.addAll(records(h));
            snap = h.snapshot(1, 1);
        }
        try (var h = labelHarness(minShot)) {
            h.initializeState(snap);
            h.open();
            h.processElement(in.get(2), 0);
            h.processElement(end, 0);
            out.addAll(records(h));
            assertEquals(0, h.numKeyedStateEntries(), "state left after ERROR");
        }
        assertEquals(8, out.stream().filter(l -> l.contains("\"frame\"")).count());
        assertTrue(out.contains("{\"stream\":\"v\",\"frame\":2,\"t\":0.200,\"label\":\"cut\",\"scores\":"
                + "{\"none\":0.2000,\"cut\":0.7000,\"gradual\":0.1000}}"), String.valueOf(out));
        assertTrue(out.contains("{\"stream\":\"v\",\"error\":\"input x: broken\",\"t\":0.800}"), String.valueOf(out));
        return out.stream().filter(l -> l.contains("\"start\"")).toList();
    }

    @Test
    void aModelWithoutTheShotLabelsIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new ShotLabelFunction(new ShotLabelOptions(List.of("nonspeech", "speech"), false, 4, 0)));
        assertTrue(e.getMessage().contains("[none, cut, gradual]"), e.getMessage());
    }
}
