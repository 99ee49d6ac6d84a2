package io.qstream.replay;

import io.qstream.flink.FeatureFunction;
import io.qstream.labels.LabelJson;
import io.qstream.labels.SegmentMerger;
import io.qstream.pipeline.PipelineSpec;
import io.qstream.pipeline.ResolvedPipeline;

import io.qstream.arrays.FloatMatrix;
import io.qstream.features.CmvnOptions;
import io.qstream.features.OfflineFeatures;
import io.qstream.features.OnlineCmvn;
import io.qstream.media.AudioChunk;
import io.qstream.media.AudioDecoder;
import io.qstream.media.DecodeOptions;
import io.qstream.media.MediaException;
import io.qstream.qrnn.QrnnModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The job's output for one stream computed without Flink and without streaming: decode the whole input,
 * {@link OfflineFeatures} over all samples, one {@link QrnnModel#forward} over all frames, segments over all
 * scores. The reference the streaming job must match (labels exactly, scores to float rounding).
 * CMVN, when on, is causal, so running it over all rows at once is the reference too.
 */
public final class OfflineLabels {
    private OfflineLabels() {}

    /** All samples of {@code uri}, decoded with a pipeline input's audio options. */
    public static float[] decode(String uri, DecodeOptions options) throws MediaException {
        try (AudioDecoder d = AudioDecoder.open(uri, options)) {
            float[] all = new float[1 << 16];
            int n = 0;
            for (AudioChunk c; (c = d.read()) != null; ) {
                if (n + c.samples().length > all.length) all = Arrays.copyOf(all, Math.max(all.length * 2, n + c.samples().length));
                System.arraycopy(c.samples(), 0, all, n, c.samples().length);
                n += c.samples().length;
            }
            return Arrays.copyOf(all, n);
        }
    }

    /** The JSON Lines the job writes for a stream {@code stream} with these samples. */
    public static List<String> label(ResolvedPipeline p, String stream, float[] samples) throws IOException {
        QrnnModel model = p.model.load();
        FloatMatrix features = OfflineFeatures.compute(p.features, samples);
        CmvnOptions cmvn = FeatureFunction.cmvnOptions(p.spec.cmvn);
        if (cmvn != null && features.rows() > 0) features = new OnlineCmvn(features.cols(), cmvn, null).apply(features);
        FloatMatrix scores = model.forward(features, model.newState());
        double shift = p.frameShiftSeconds();
        PipelineSpec.Labels l = p.spec.labels;
        SegmentMerger merger = p.labelOptions().merger();
        List<String> out = new ArrayList<>();
        if (l.frames) {
            for (int f = 0; f < scores.rows(); f++) {
                out.add(LabelJson.frame(stream, f, f * shift, p.labels, scores.data(), f * scores.cols(), l.scoreDecimals));
            }
        }
        for (String label : p.segmentLabels) {
            int j = p.labels.indexOf(label);
            float[] col = new float[scores.rows()];
            for (int f = 0; f < col.length; f++) col[f] = scores.get(f, j);
            SegmentMerger.State s = new SegmentMerger.State();
            List<SegmentMerger.Segment> segs = new ArrayList<>(merger.accept(s, col));
            segs.addAll(merger.finish(s));
            for (SegmentMerger.Segment seg : segs) {
                out.add(LabelJson.segment(stream, label, seg.startFrame() * shift, seg.endFrame() * shift, seg.score(),
                        l.scoreDecimals));
            }
        }
        if (scores.rows() == 0) out.add(LabelJson.noFrames(stream));
        if (scores.rows() > 0 && !l.frames && out.isEmpty()) { // without frame records, out holds only segments
            out.add(LabelJson.noSegments(stream, scores.rows(), p.segmentLabels));
        }
        return out;
    }
}
