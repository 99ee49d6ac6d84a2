package io.qstream.media;

import static io.qstream.media.VideoFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.qstream.arrays.FloatMatrix;
import io.qstream.labels.ShotLabels;
import io.qstream.labels.ShotMetrics;
import io.qstream.features.video.VideoFeatureExtractor;
import io.qstream.features.video.VideoFeatureSpec;
import io.qstream.qrnn.QrnnModel;
import io.qstream.qrnn.QrnnState;
import io.qstream.qrnn.ModelFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replay of the bundled shot fixtures through decoder, video features and the shipped shot model
 * (fixtures/models/video-shots): hard cuts found within +-1 frame, and chunked streaming equals one pass.
 */
class VideoShotModelTest {

    private static final Path MODEL = Path.of("fixtures", "models", "video-shots");
    private static QrnnModel model;
    private static VideoFeatureSpec spec;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws Exception {
        model = ModelFiles.load(MODEL);
        spec = VideoFeatureSpec.fromMap(new ObjectMapper().convertValue(model.features(), Map.class));
    }

    private static FloatMatrix features(String file) throws Exception {
        VideoDecodeOptions o = options(spec.width(), spec.height(), spec.fps());
        VideoFeatureExtractor x = new VideoFeatureExtractor(spec);
        List<FloatMatrix> parts = new ArrayList<>();
        try (VideoDecoder d = VideoDecoder.open(path(file), o)) {
            VideoFrame f;
            while ((f = d.read()) != null) {
                parts.add(x.accept(f.rgb(), f.width(), f.height()));
            }
        }
        parts.add(x.finish());
        return FloatMatrix.concatRows(parts, spec.dim());
    }

    private static int[] cuts(FloatMatrix probs) {
        int cut = model.labels().indexOf("cut");
        List<Integer> out = new ArrayList<>();
        for (int t = 0; t < probs.rows(); t++) {
            int best = 0;
            for (int k = 1; k < probs.cols(); k++) {
                if (probs.get(t, k) > probs.get(t, best)) {
                    best = k;
                }
            }
            if (best == cut) {
                out.add(t);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void modelDeclaresItsVideoFeatures() {
        assertEquals(List.of("none", "cut", "gradual"), model.labels());
        assertEquals(spec.dim(), model.inputDim());
        // the shipped model: default features plus 6 frames of look-ahead and the return distances (flashes)
        assertEquals(VideoFeatureSpec.fromMap(Map.of("lookahead", 6, "return-diffs", 1)), spec);
    }

    @Test
    void findsTheHardCutsOfTheShotFixtures() throws Exception {
        ShotMetrics sum = new ShotMetrics(0, 0, 0);
        StringBuilder report = new StringBuilder();
        for (String name : new String[] {"shots-h264", "shots-vp9", "shots-speech", "shots-mjpeg"}) {
            String file = name + (name.equals("shots-vp9") ? ".webm" : name.equals("shots-mjpeg") ? ".avi" : ".mp4");
            FloatMatrix f = features(file);
            int[] ref = ShotLabels.cutFrames(ShotLabels.read(DIR.resolve(name + ".labels.csv")));
            assertEquals(labelCount(name + ".labels.csv"), f.rows());
            FloatMatrix p = model.forward(List.of(f), List.of(model.newState())).get(0);
            ShotMetrics m = ShotMetrics.match(ref, cuts(p), 1);
            report.append(file).append(": ").append(m).append('\n');
            if (name.equals("shots-h264") || name.equals("shots-speech")) { // the "easy" mix: plain cuts + gradual
                assertEquals(1.0, m.f1(), file + ": " + m);
            }
            sum = sum.plus(m);
        }
        System.out.print(report);
        assertTrue(sum.f1() >= 0.9, "hard-cut F1 on the fixtures:\n" + report);
    }

    @Test
    void chunkedStreamingEqualsOnePass() throws Exception {
        FloatMatrix f = features("shots-vp9.webm");
        FloatMatrix whole = model.forward(List.of(f), List.of(model.newState())).get(0);
        QrnnState state = model.newState();
        List<FloatMatrix> parts = new ArrayList<>();
        for (int at = 0, n = 1; at < f.rows(); at += n, n = n % 9 + 1) {
            FloatMatrix chunk = f.rowRange(at, Math.min(f.rows(), at + n));
            parts.add(model.forward(List.of(chunk), List.of(state)).get(0));
        }
        FloatMatrix streamed = FloatMatrix.concatRows(parts, whole.cols());
        assertArrayEquals(whole.data(), streamed.data(), 1e-5f);
        assertArrayEquals(cuts(whole), cuts(streamed));
    }
}
