package io.qstream.train;

import java.util.List;

/**
 * The shape of a trainable QRNN stack: input width n, per-layer hidden size m, window k and pooling, and the head.
 *
 * @param inputDim   feature width n of layer 0
 * @param hidden     hidden size m per layer
 * @param windows    convolution window k per layer (k = 1 is a purely element-wise recurrence)
 * @param poolings   pooling per layer: "f", "fo" or "ifo" (as in model.json)
 * @param labels     head labels (C = labels.size())
 * @param activation "softmax" (one label per frame) or "sigmoid" (independent labels)
 */
public record NetShape(int inputDim, int[] hidden, int[] windows, String[] poolings, List<String> labels,
                       String activation) {
    public NetShape {
        if (inputDim <= 0) throw new IllegalArgumentException("NetShape: input dim must be > 0, got " + inputDim);
        if (hidden.length == 0 || hidden.length != windows.length || hidden.length != poolings.length) {
            throw new IllegalArgumentException("NetShape: hidden, windows and poolings need one entry per layer");
        }
        for (int l = 0; l < hidden.length; l++) {
            if (hidden[l] <= 0 || windows[l] <= 0) {
                throw new IllegalArgumentException("NetShape: layer " + l + " needs hidden > 0 and window > 0");
            }
            gates(poolings[l]);
        }
        if (labels.isEmpty()) throw new IllegalArgumentException("NetShape: the head needs at least one label");
        if (!activation.equals("softmax") && !activation.equals("sigmoid")) {
            throw new IllegalArgumentException("NetShape: activation must be softmax or sigmoid, got " + activation);
        }
    }

    public int layers() { return hidden.length; }

    /** Input width of layer l: n for layer 0, else the previous layer's m. */
    public int layerInput(int l) { return l == 0 ? inputDim : hidden[l - 1]; }

    public int classes() { return labels.size(); }

    /** Gate count G of layer l: 2 (f: Z,F), 3 (fo: Z,F,O) or 4 (ifo: Z,F,O,I). */
    public int gates(int l) { return gates(poolings[l]); }

    static int gates(String pooling) {
        return switch (pooling) {
            case "f" -> 2;
            case "fo" -> 3;
            case "ifo" -> 4;
            default -> throw new IllegalArgumentException("NetShape: pooling must be f, fo or ifo, got " + pooling);
        };
    }
}
