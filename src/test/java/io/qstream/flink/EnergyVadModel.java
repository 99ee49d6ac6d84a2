package io.qstream.flink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qstream.features.FeatureSpec;
import io.qstream.qrnn.DenseHead;
import io.qstream.qrnn.Pooling;
import io.qstream.qrnn.QrnnLayer;
import io.qstream.qrnn.QrnnModel;
import java.util.List;

/**
 * A hand-set (untrained) QRNN speech/silence detector, deterministic and built in microseconds, for the job's
 * tests: one f-pooling layer whose Z gates compare the
 * mean log-mel energy of the current frame with a threshold (at several slopes), smoothed over time by a
 * constant forget gate f = sigmoid(0.5), and a softmax head over {@code [silence, speech]}.
 * It is a loud-vs-quiet detector, not a speech model; it exercises every part of the job with meaningful output.
 */
public final class EnergyVadModel {
    /** Mean log-mel energy (fbank at int16 scale) above which a frame counts as speech. */
    public static final float THRESHOLD = 8f;
    private static final int HIDDEN = 4;
    private static final int WINDOW = 2;

    private EnergyVadModel() {}

    /** The model for fbank features of {@code spec} (input size = {@code spec.dim()}); the spec is stored in it. */
    public static QrnnModel build(FeatureSpec spec) {
        int n = spec.dim();
        int g = Pooling.F.gates();
        float[] w = new float[g * HIDDEN * WINDOW * n];
        float[] b = new float[g * HIDDEN];
        for (int r = 0; r < HIDDEN; r++) {
            float slope = 0.25f * (r + 1);
            // Z row r: slope * (mean over bins of the current frame - THRESHOLD); current frame = last column block
            for (int j = 0; j < n; j++) w[r * WINDOW * n + (WINDOW - 1) * n + j] = slope / n;
            b[r] = -slope * THRESHOLD;
            // F row r: no input, bias 0.5 -> f = 0.62: a short memory that bridges single quiet frames
            b[HIDDEN + r] = 0.5f;
        }
        QrnnLayer layer = new QrnnLayer(n, HIDDEN, WINDOW, Pooling.F, w, b);
        float[] hw = new float[2 * HIDDEN];
        for (int r = 0; r < HIDDEN; r++) {
            hw[r] = -1.5f;            // silence
            hw[HIDDEN + r] = 1.5f;    // speech
        }
        DenseHead head = new DenseHead(List.of("silence", "speech"), "softmax", hw, new float[2]);
        ObjectNode features = new ObjectMapper().valueToTree(spec.toMap());
        return new QrnnModel(n, List.of(layer), head, null, null, features);
    }
}
