package io.qstream.qrnn;

/**
 * One QRNN layer: a causal convolution of window {@code k} over {@code n}-dimensional input frames producing
 * G gate blocks of {@code m} values (Z, F, O, I in that order), followed by {@link Pooling} over time.
 *
 * <p>{@code weight} is {@code [G*m, k*n]} row-major: row block g is gate g, column block j multiplies
 * input frame {@code x[t-(k-1)+j]} (oldest first). {@code bias} is {@code [G*m]}. Arrays are not copied;
 * treat them as immutable once given to a layer.
 */
public final class QrnnLayer {
    private final int inputSize;
    private final int hidden;
    private final int window;
    private final Pooling pooling;
    private final float[] weight;
    private final float[] bias;

    public QrnnLayer(int inputSize, int hidden, int window, Pooling pooling, float[] weight, float[] bias) {
        if (inputSize < 1) throw new IllegalArgumentException("QRNN layer input size must be >= 1, got " + inputSize);
        if (hidden < 1) throw new IllegalArgumentException("QRNN layer hidden size must be >= 1, got " + hidden);
        if (window < 1) throw new IllegalArgumentException("QRNN layer window must be >= 1, got " + window);
        if (pooling == null) throw new IllegalArgumentException("QRNN layer pooling is null");
        long rows = (long) pooling.gates() * hidden;
        long cols = (long) window * inputSize;
        if (weight == null || weight.length != rows * cols) {
            throw new IllegalArgumentException("QRNN layer weight must have shape [" + rows + ", " + cols + "] = "
                    + rows * cols + " values (G*m x k*n), got " + (weight == null ? "null" : weight.length + " values"));
        }
        if (bias == null || bias.length != rows) {
            throw new IllegalArgumentException("QRNN layer bias must have shape [" + rows + "], got "
                    + (bias == null ? "null" : bias.length + " values"));
        }
        this.inputSize = inputSize;
        this.hidden = hidden;
        this.window = window;
        this.pooling = pooling;
        this.weight = weight;
        this.bias = bias;
    }

    /** n: size of one input frame. */
    public int inputSize() { return inputSize; }
    /** m: size of the pooled state and of one output frame. */
    public int hidden() { return hidden; }
    /** k: convolution window in frames (k-1 past frames plus the current one). */
    public int window() { return window; }
    public Pooling pooling() { return pooling; }
    /** G*m: rows of the weight. */
    public int gateRows() { return pooling.gates() * hidden; }
    /** The {@code [G*m, k*n]} row-major weight (not a copy). */
    public float[] weight() { return weight; }
    /** The {@code [G*m]} bias (not a copy). */
    public float[] bias() { return bias; }
}
