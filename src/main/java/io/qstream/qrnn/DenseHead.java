package io.qstream.qrnn;

import java.util.List;

/**
 * The optional output head: logits = W·h + b over the last layer's h, then softmax (one label per frame)
 * or sigmoid (independent labels). {@code weight} is {@code [C, m]} row-major, {@code bias} {@code [C]},
 * C = number of labels.
 */
public final class DenseHead {
    private final List<String> labels;
    private final String activation;
    private final float[] weight;
    private final float[] bias;

    public DenseHead(List<String> labels, String activation, float[] weight, float[] bias) {
        if (labels == null || labels.isEmpty()) throw new IllegalArgumentException("head needs at least one label");
        if (!"softmax".equals(activation) && !"sigmoid".equals(activation)) {
            throw new IllegalArgumentException("head activation '" + activation + "' is not softmax or sigmoid");
        }
        int c = labels.size();
        if (bias == null || bias.length != c) {
            throw new IllegalArgumentException("head bias must have shape [" + c + "] (one per label), got "
                    + (bias == null ? "null" : bias.length + " values"));
        }
        if (weight == null || weight.length == 0 || weight.length % c != 0) {
            throw new IllegalArgumentException("head weight must have shape [" + c + ", m], got "
                    + (weight == null ? "null" : weight.length + " values"));
        }
        this.labels = List.copyOf(labels);
        this.activation = activation;
        this.weight = weight;
        this.bias = bias;
    }

    public List<String> labels() { return labels; }
    /** "softmax" or "sigmoid". */
    public String activation() { return activation; }
    public boolean softmax() { return "softmax".equals(activation); }
    /** C: number of labels. */
    public int classes() { return labels.size(); }
    /** m: the input size (last layer's hidden size). */
    public int inputSize() { return weight.length / labels.size(); }
    /** The {@code [C, m]} row-major weight (not a copy). */
    public float[] weight() { return weight; }
    /** The {@code [C]} bias (not a copy). */
    public float[] bias() { return bias; }

    /** Softmax of each row of a row-major {@code [rows, cols]} array, in place (max-shifted for stability). */
    public static void softmaxRows(float[] v, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) max = Math.max(max, v[o + j]);
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                float e = (float) Math.exp(v[o + j] - max);
                v[o + j] = e;
                sum += e;
            }
            float inv = (float) (1.0 / sum);
            for (int j = 0; j < cols; j++) v[o + j] *= inv;
        }
    }
}
