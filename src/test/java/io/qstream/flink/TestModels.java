package io.qstream.flink;

import io.qstream.qrnn.DenseHead;
import io.qstream.qrnn.Pooling;
import io.qstream.qrnn.QrnnLayer;
import io.qstream.qrnn.QrnnModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic random QRNN models for operator tests. */
final class TestModels {
    private TestModels() {}

    /** Two layers (fo, window 3; ifo, window 2), softmax head over 3 labels, with normalization. */
    static QrnnModel random(int inputDim, long seed) {
        Random rnd = new Random(seed);
        List<QrnnLayer> layers = new ArrayList<>();
        int n = inputDim;
        int[] hidden = {8, 6};
        int[] window = {3, 2};
        Pooling[] pooling = {Pooling.FO, Pooling.IFO};
        for (int i = 0; i < 2; i++) {
            int rows = pooling[i].gates() * hidden[i];
            layers.add(new QrnnLayer(n, hidden[i], window[i], pooling[i], gaussian(rnd, rows * window[i] * n, 0.3f),
                    gaussian(rnd, rows, 0.1f)));
            n = hidden[i];
        }
        DenseHead head = new DenseHead(List.of("a", "b", "c"), "softmax", gaussian(rnd, 3 * n, 1f), gaussian(rnd, 3, 0.1f));
        float[] mean = gaussian(rnd, inputDim, 1f);
        float[] std = new float[inputDim];
        for (int j = 0; j < inputDim; j++) std[j] = 0.5f + rnd.nextFloat();
        return new QrnnModel(inputDim, layers, head, mean, std, null);
    }

    static float[] gaussian(Random rnd, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rnd.nextGaussian() * scale;
        return a;
    }
}
