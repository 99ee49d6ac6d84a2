package io.qstream.qrnn;

import java.io.Serializable;

/**
 * The streaming state of one stream through a {@link QrnnModel}: plain float arrays so Flink can
 * checkpoint it as a POJO (never hold an INDArray in Flink state).
 * A fresh state (all zeros) is the stream start: c_0 = 0 and zero left padding for the convolution.
 */
public final class QrnnState implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Per layer {@code [m]}: the pooling state c (h for f-pooling). */
    public float[][] cell;
    /** Per layer {@code [(k-1) * n_i]}: the last k-1 inputs of that layer, oldest first, row-major. */
    public float[][] history;

    /** For Flink's POJO serializer; fields stay null until set. */
    public QrnnState() {}

    public QrnnState(float[][] cell, float[][] history) {
        this.cell = cell;
        this.history = history;
    }

    /** A deep copy. */
    public QrnnState copy() {
        float[][] c = new float[cell.length][];
        float[][] h = new float[history.length][];
        for (int i = 0; i < c.length; i++) c[i] = cell[i].clone();
        for (int i = 0; i < h.length; i++) h[i] = history[i].clone();
        return new QrnnState(c, h);
    }
}
