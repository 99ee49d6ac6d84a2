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
}
