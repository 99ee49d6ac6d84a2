package io.qstream.media;

import static io.qstream.media.VideoFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import io.qstream.arrays.FloatMatrix;
import io.qstream.features.video.OfflineVideoFeatures;
import io.qstream.labels.ShotLabels;
import io.qstream.labels.ShotMetrics;
import io.qstream.labels.ThresholdShotDetector;
import io.qstream.features.video.VideoFeatureExtractor;
import io.qstream.features.video.VideoFeatureSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replay of the shot fixtures through decoder and features: a stream restored mid-way from a checkpoint (decoder
 * skipTo + feature state) equals one pass, and the baseline finds the fixtures' obvious cuts.
 */
class VideoFeaturesReplayTest {

    private static final VideoFeatureSpec SPEC = VideoFeatureSpec.defaults();

    private static FloatMatrix offline(String file) throws Exception {
        List<VideoFrame> frames = decodeAll(path(file), null);
        byte[][] rgb = frames.stream().map(VideoFrame::rgb).toArray(byte[][]::new);
        return OfflineVideoFeatures.compute(SPEC, rgb, 160, 120);
    }

    @Test
    void restoreFromACheckpointEqualsOnePass() throws Exception {
        FloatMatrix whole = offline("shots-vp9.webm");
        int checkpoint = 61;
        float[] got = new float[whole.data().length];
        VideoFeatureExtractor.State state;
        try (VideoDecoder d = VideoDecoder.open(path("shots-vp9.webm"), null)) {
            VideoFeatureExtractor x = new VideoFeatureExtractor(SPEC);
            for (int i = 0; i < checkpoint; i++) {
                VideoFrame f = d.read();
                long row = x.rows();
                FloatMatrix m = x.accept(f.rgb(), f.width(), f.height());
                System.arraycopy(m.data(), 0, got, (int) row * SPEC.dim(), m.data().length);
            }
            state = x.state();
            assertEquals(checkpoint - SPEC.lookahead(), state.rows, "rows waiting for look-ahead are in the state");
        }
        // "Failure": a new decoder and extractor resume from the checkpointed position and state.
        try (VideoDecoder d = VideoDecoder.open(path("shots-vp9.webm"), null)) {
            d.skipTo(state.frames);
            VideoFeatureExtractor x = VideoFeatureExtractor.restore(SPEC, state);
            VideoFrame f;
            while ((f = d.read()) != null) {
                long row = x.rows();
                FloatMatrix m = x.accept(f.rgb(), f.width(), f.height());
                System.arraycopy(m.data(), 0, got, (int) row * SPEC.dim(), m.data().length);
            }
            long row = x.rows();
            FloatMatrix m = x.finish();
            System.arraycopy(m.data(), 0, got, (int) row * SPEC.dim(), m.data().length);
        }
        assertArrayEquals(whole.data(), got);
    }

    @Test
    void baselineFindsTheHardCutsOfTheH264Fixture() throws Exception {
        FloatMatrix f = offline("shots-speech.mp4");
        int[] ref = ShotLabels.cutFrames(ShotLabels.read(DIR.resolve("shots-speech.labels.csv")));
        assertTrue(ref.length >= 3, "fixture has hard cuts");
        ShotMetrics m = ShotMetrics.match(ref, new ThresholdShotDetector(SPEC, 0.25).cuts(f), 1);
        assertTrue(m.recall() >= 0.5, m.toString());
    }
}
