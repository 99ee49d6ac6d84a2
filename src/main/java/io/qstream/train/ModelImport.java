package io.qstream.train;

import io.qstream.qrnn.DenseHead;
import io.qstream.qrnn.QrnnLayer;
import io.qstream.qrnn.QrnnModel;

import java.util.List;

/**
 * Turns an inference {@link QrnnModel} (a saved model directory) back into a trainable {@link QrnnNet}, so training
 * can start from it (fine-tuning, {@code qstream train --init}). The inverse of {@link ModelExport}: same weight
 * layout, copied; the model's fixed input normalization is kept.
 */
public final class ModelImport {
    private ModelImport() {}

    /**
     * @param model  a QRNN stack with a dense head and an input normalization
     * @param labels the head labels training expects (must equal the model's, in order)
     * @return a net with the model's shape, parameters and normalization
     * @throws IllegalArgumentException naming what does not fit (no head, other labels, no normalization)
     */
    public static QrnnNet toNet(QrnnModel model, List<String> labels) {
        DenseHead head = model.head();
        if (head == null) throw new IllegalArgumentException("initial model has no dense head");
        if (!head.labels().equals(labels)) {
            throw new IllegalArgumentException("initial model's labels " + head.labels() + " differ from " + labels);
        }
        if (model.mean() == null || model.std() == null) {
            throw new IllegalArgumentException("initial model has no input normalization");
        }
        List<QrnnLayer> layers = model.layers();
        int[] hidden = new int[layers.size()], windows = new int[layers.size()];
        String[] poolings = new String[layers.size()];
        for (int l = 0; l < layers.size(); l++) {
            hidden[l] = layers.get(l).hidden();
            windows[l] = layers.get(l).window();
            poolings[l] = layers.get(l).pooling().jsonName();
        }
        NetShape shape = new NetShape(model.inputDim(), hidden, windows, poolings, labels, head.activation());
        QrnnNet net = new QrnnNet(shape, 0L);
        for (int l = 0; l < layers.size(); l++) {
            copy(layers.get(l).weight(), net.weight[l], "layer " + l + " weight");
            copy(layers.get(l).bias(), net.bias[l], "layer " + l + " bias");
        }
        copy(head.weight(), net.headWeight, "head weight");
        copy(head.bias(), net.headBias, "head bias");
        net.setNormalization(model.mean(), model.std());
        return net;
    }

    private static void copy(float[] from, float[] to, String what) {
        if (from.length != to.length) {
            throw new IllegalArgumentException("initial model's " + what + " has " + from.length + " values, expected "
                    + to.length);
        }
        System.arraycopy(from, 0, to, 0, to.length);
    }
}
