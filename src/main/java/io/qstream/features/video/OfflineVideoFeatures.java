package io.qstream.features.video;

import io.qstream.arrays.FloatMatrix;
import java.util.List;

/** Video features of a whole clip in one pass: the reference that streaming must equal. */
public final class OfflineVideoFeatures {
    private OfflineVideoFeatures() {
    }

    /**
     * @param rgbFrames every frame, packed RGB24 {@code [height, width, 3]} each
     * @return {@code [frames, spec.dim()]}
     */
    public static FloatMatrix compute(VideoFeatureSpec spec, byte[][] rgbFrames, int width, int height) {
        VideoFeatureExtractor x = new VideoFeatureExtractor(spec);
        FloatMatrix head = x.accept(rgbFrames, width, height);
        return FloatMatrix.concatRows(List.of(head, x.finish()), spec.dim());
    }
}
