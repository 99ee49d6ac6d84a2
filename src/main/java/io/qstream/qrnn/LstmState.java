package io.qstream.qrnn;

import java.io.Serializable;

/** Streaming state of one stream through an {@link LstmModel}: per layer h {@code [m]} and c {@code [m]}. */
public final class LstmState implements Serializable {
    private static final long serialVersionUID = 1L;
    public float[][] h;
    public float[][] c;

    public LstmState() {}

    public LstmState(float[][] h, float[][] c) {
        this.h = h;
        this.c = c;
    }

    /** A zero state (stream start) for layers of the given hidden sizes. */
    public static LstmState zeros(int[] hidden) {
        float[][] h = new float[hidden.length][];
        float[][] c = new float[hidden.length][];
        for (int l = 0; l < hidden.length; l++) {
            h[l] = new float[hidden[l]];
            c[l] = new float[hidden[l]];
        }
        return new LstmState(h, c);
    }
}
