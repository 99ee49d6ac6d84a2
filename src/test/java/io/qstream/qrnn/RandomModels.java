package io.qstream.qrnn;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded random models and inputs for tests. */
final class RandomModels {
    private RandomModels() {}

    /**
     * @param head "none", "softmax" or "sigmoid"
     */
    static QrnnModel model(Random rnd, int inputDim, int[] hidden, int[] window, Pooling pooling, String head,
                           boolean normalize) {
        List<QrnnLayer> layers = new ArrayList<>();
        int n = inputDim;
        for (int i = 0; i < hidden.length; i++) {
            int g = pooling.gates() * hidden[i];
            float scale = (float) (1.5 / Math.sqrt(window[i] * n));
            layers.add(new QrnnLayer(n, hidden[i], window[i], pooling, uniform(rnd, g * window[i] * n, scale),
                    uniform(rnd, g, 0.5f)));
            n = hidden[i];
        }
        DenseHead h = null;
        if (!head.equals("none")) {
            int c = 3;
            h = new DenseHead(ReferenceQrnn.labels(c), head, uniform(rnd, c * n, 1f), uniform(rnd, c, 0.5f));
        }
        float[] mean = null;
        float[] std = null;
        if (normalize) {
            mean = uniform(rnd, inputDim, 2f);
            std = new float[inputDim];
            for (int j = 0; j < inputDim; j++) std[j] = 0.5f + rnd.nextFloat() * 2f;
        }
        ObjectNode features = JsonNodeFactory.instance.objectNode().put("type", "fbank").put("num-mel-bins", inputDim);
        return new QrnnModel(inputDim, layers, h, mean, std, features);
    }

    static float[] uniform(Random rnd, int len, float scale) {
        float[] a = new float[len];
        for (int i = 0; i < len; i++) a[i] = (rnd.nextFloat() * 2 - 1) * scale;
        return a;
    }

    static float[][] frames(Random rnd, int t, int dim) {
        float[][] x = new float[t][dim];
        for (float[] row : x) for (int j = 0; j < dim; j++) row[j] = (float) (rnd.nextGaussian() * 1.5 + 0.3);
        return x;
    }
}
