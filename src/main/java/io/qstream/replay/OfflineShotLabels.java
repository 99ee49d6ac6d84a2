package io.qstream.replay;

import io.qstream.labels.LabelJson;
import io.qstream.pipeline.ResolvedPipeline;

import io.qstream.arrays.FloatMatrix;
import io.qstream.features.video.OfflineVideoFeatures;
import io.qstream.media.MediaException;
import io.qstream.media.VideoDecodeOptions;
import io.qstream.media.VideoDecoder;
import io.qstream.media.VideoFrame;
import io.qstream.qrnn.QrnnModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The job's output for one video stream computed without Flink and without streaming: decode every frame
 * ({@link VideoDecoder}), {@link OfflineVideoFeatures} over all of them, one {@link QrnnModel#forward} over all
 * rows, then frame records and shot/gradual segments over the arg-max labels. The reference the video branch of
 * the job must match (labels and times exactly, scores to float rounding). Segments are computed here directly
 * (not with {@code ShotSegmenter}), so the streaming code is checked against an independent reading of the rules.
 */
public final class OfflineShotLabels {
    private OfflineShotLabels() {}

    /** Every frame of a video input and the end time of the last one, seconds. */
    public record Frames(List<VideoFrame> frames, double endSeconds) {}

    /** Decodes with a pipeline input's video options. */
    public static Frames decode(String uri, VideoDecodeOptions options) throws MediaException {
        List<VideoFrame> frames = new ArrayList<>();
        try (VideoDecoder d = VideoDecoder.open(uri, options)) {
            for (VideoFrame f; (f = d.read()) != null; ) frames.add(f);
            double step = d.frameRate() > 0 ? 1 / d.frameRate() : 0;
            return new Frames(frames, frames.isEmpty() ? 0 : frames.get(frames.size() - 1).seconds() + step);
        }
    }

    /** The JSON Lines the job writes for video stream {@code stream} (no error, no summary). */
    public static List<String> label(ResolvedPipeline p, String stream, Frames in) throws IOException {
        QrnnModel model = p.videoModel.load();
        List<VideoFrame> frames = in.frames();
        byte[][] rgb = new byte[frames.size()][];
        for (int i = 0; i < rgb.length; i++) rgb[i] = frames.get(i).rgb();
        int w = frames.isEmpty() ? p.videoFeatures.width() : frames.get(0).width();
        int h = frames.isEmpty() ? p.videoFeatures.height() : frames.get(0).height();
        FloatMatrix features = OfflineVideoFeatures.compute(p.videoFeatures, rgb, w, h);
        FloatMatrix scores = model.forward(List.of(features), List.of(model.newState())).get(0);
        int decimals = p.spec.labels.scoreDecimals;
        List<String> out = new ArrayList<>();
        int[] label = new int[scores.rows()];
        for (int f = 0; f < scores.rows(); f++) {
            double t = frames.get(f).seconds();
            if (p.spec.labels.frames) {
                out.add(LabelJson.frame(stream, f, t, p.videoLabels, scores.data(), f * scores.cols(), decimals));
            }
            for (int j = 1; j < scores.cols(); j++) if (scores.get(f, j) > scores.get(f, label[f])) label[f] = j;
        }
        // a segment starts at frame 0, at a cut, and where a run of gradual frames starts or ends
        List<RawSegment> raw = new ArrayList<>();
        int start = 0;
        for (int f = 1; f <= label.length; f++) {
            boolean boundary = f == label.length || label[f] == 1 || (label[f] == 2) != (label[f - 1] == 2);
            if (!boundary) continue;
            double sum = 0;
            for (int g = start; g < f; g++) sum += scores.get(g, label[g]);
            double end = f == label.length ? in.endSeconds() : frames.get(f).seconds();
            raw.add(new RawSegment(label[start] == 2, frames.get(start).seconds(), end, sum, f - start));
            start = f;
        }
        for (RawSegment seg : withMinimumShot(raw, p.spec.minShotSeconds())) {
            out.add(LabelJson.segment(stream, seg.gradual() ? "gradual" : "shot", seg.start(), seg.end(),
                    seg.scoreSum() / seg.frames(), decimals));
        }
        return out;
    }

    private record RawSegment(boolean gradual, double start, double end, double scoreSum, int frames) {
        RawSegment then(RawSegment next) {
            return new RawSegment(gradual, start, next.end, scoreSum + next.scoreSum, frames + next.frames);
        }
    }

    /**
     * The minimum shot length over the whole list at once: a shot shorter than {@code min} seconds joins the
     * segment before it, and a gradual segment right after a gradual one that took in a short shot joins too.
     */
    private static List<RawSegment> withMinimumShot(List<RawSegment> raw, double min) {
        List<RawSegment> out = new ArrayList<>();
        boolean lastGradualTookShot = false;
        for (RawSegment seg : raw) {
            int last = out.size() - 1;
            if (last >= 0 && !seg.gradual() && seg.end() - seg.start() < min) {
                out.set(last, out.get(last).then(seg));
                lastGradualTookShot = out.get(last).gradual();
            } else if (last >= 0 && lastGradualTookShot && seg.gradual()) {
                out.set(last, out.get(last).then(seg));
                lastGradualTookShot = false;
            } else {
                out.add(seg);
                lastGradualTookShot = false;
            }
        }
        return out;
    }
}
