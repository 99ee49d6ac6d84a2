package io.qstream.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qstream.arrays.FloatMatrix;
import io.qstream.qrnn.QrnnModel;
import io.qstream.qrnn.QrnnState;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The training net and qrnn's inference engine must compute the same function from the same weights. */
class ModelExportTest {
    @ParameterizedTest(name = "{0} k={1}")
    @CsvSource({"f,1", "f,3", "fo,2", "fo,4", "ifo,1", "ifo,3"})
    void trainingForwardEqualsInferenceEngine(String pooling, int k) {
        NetShape shape = new NetShape(5, new int[] {6, 4}, new int[] {k, 2}, new String[] {pooling, "fo"},
                List.of("nonspeech", "speech"), "softmax");
        QrnnNet net = new QrnnNet(shape, 3);
        SplittableRandom rng = new SplittableRandom(5);
        for (float[] p : net.parameters()) for (int i = 0; i < p.length; i++) p[i] = (float) rng.nextGaussian() * 0.5f;
        net.setNormalization(new float[] {1, 2, 3, 4, 5}, new float[] {1, 0.5f, 2, 1, 3});
        int frames = 37;
        float[] x = new float[frames * 5];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian() * 3 + 2;

        QrnnNet.Pass pass = net.forward(new float[][] {x}, new QrnnNet.LaneState[] {new QrnnNet.LaneState(shape)},
                QrnnNet.Regularization.NONE);
        QrnnModel model = ModelExport.toModel(net, null);
        // Streamed through the engine in two uneven chunks, carrying its state.
        QrnnState state = model.newState();
        FloatMatrix a = model.forward(new FloatMatrix(11, 5, java.util.Arrays.copyOfRange(x, 0, 55)), state);
        FloatMatrix b = model.forward(new FloatMatrix(26, 5, java.util.Arrays.copyOfRange(x, 55, x.length)), state);
        for (int t = 0; t < frames; t++) {
            for (int c = 0; c < 2; c++) {
                float engine = t < 11 ? a.get(t, c) : b.get(t - 11, c);
                assertEquals(pass.probs[0][t * 2 + c], engine, 2e-4f, "frame " + t + " class " + c);
            }
        }
    }
}
