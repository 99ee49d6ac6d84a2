package io.qstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.arrays.FloatMatrix;
import io.qstream.qrnn.LstmModel;
import io.qstream.qrnn.LstmState;
import io.qstream.qrnn.LstmWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's two LSTM baselines compute the same function: ND4J's lstmLayer op and {@link LstmModel}
 * (itself checked against a float64 reference) agree on the same weights, over chunks with state carried.
 */
class Nd4jLstmLayerTest {
    @Test
    void agreesWithLstmModelAcrossChunks() {
        LstmWeights w = LstmWeights.random(7, new int[] {6, 5}, 3);
        LstmModel ours = new LstmModel(w);
        Nd4jLstmLayer op = new Nd4jLstmLayer(w);
        Random rnd = new Random(4);
        int streams = 3;
        List<LstmState> oursState = new ArrayList<>();
        List<LstmState> opState = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            oursState.add(ours.newState());
            opState.add(op.newState());
        }
        double maxDiff = 0;
        for (int frames : new int[] {4, 1, 9}) {
            List<FloatMatrix> in = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                float[] x = new float[frames * 7];
                for (int i = 0; i < x.length; i++) x[i] = (float) (2 * rnd.nextGaussian());
                in.add(new FloatMatrix(frames, 7, x));
            }
            List<FloatMatrix> a = ours.forward(in, oursState);
            List<FloatMatrix> b = op.forward(in, opState);
            for (int s = 0; s < streams; s++) {
                assertEquals(frames, b.get(s).rows());
                assertEquals(5, b.get(s).cols());
                for (int i = 0; i < a.get(s).data().length; i++) {
                    maxDiff = Math.max(maxDiff, Math.abs(a.get(s).data()[i] - b.get(s).data()[i]));
                }
            }
        }
        assertTrue(maxDiff <= 1e-4, "lstmLayer op vs LstmModel: max |diff| " + maxDiff);
    }

    @Test
    void unequalLengthsAreRejected() {
        Nd4jLstmLayer op = new Nd4jLstmLayer(LstmWeights.random(2, new int[] {3}, 1));
        var e = assertThrows(IllegalArgumentException.class, () -> op.forward(
                List.of(FloatMatrix.zeros(2, 2), FloatMatrix.zeros(3, 2)), List.of(op.newState(), op.newState())));
        assertTrue(e.getMessage().contains("stream 1"), e.getMessage());
    }
}
