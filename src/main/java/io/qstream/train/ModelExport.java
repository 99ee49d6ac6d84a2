package io.qstream.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qstream.qrnn.DenseHead;
import io.qstream.qrnn.Pooling;
import io.qstream.qrnn.QrnnLayer;
import io.qstream.qrnn.QrnnModel;

import java.util.ArrayList;
import java.util.List;

/** Turns a trained {@link QrnnNet} into qrnn's inference {@link QrnnModel} (same weight layout, copied). */
public final class ModelExport {
    private ModelExport() {}

    /** @param features the feature spec map the model was trained on (model.json "features"), or null */
    public static QrnnModel toModel(QrnnNet net, ObjectNode features) {
        NetShape s = net.shape();
        List<QrnnLayer> layers = new ArrayList<>();
        for (int l = 0; l < s.layers(); l++) {
            layers.add(new QrnnLayer(s.layerInput(l), s.hidden()[l], s.windows()[l], Pooling.parse(s.poolings()[l]),
                    net.weight(l).clone(), net.bias(l).clone()));
        }
        DenseHead head = new DenseHead(s.labels(), s.activation(), net.headWeight().clone(), net.headBias().clone());
        return new QrnnModel(s.inputDim(), layers, head, net.mean().clone(), net.std().clone(), features);
    }
}
