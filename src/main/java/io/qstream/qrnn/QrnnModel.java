package io.qstream.qrnn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qstream.arrays.FloatMatrix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A stack of {@link QrnnLayer}s with optional input normalization and an optional {@link DenseHead},
 * run as a batched streaming forward over many streams at once.
 *
 * <p>One call takes B streams, each with its own T_b new frames ({@code [T_b, inputDim]}, T_b may be 0)
 * and its own {@link QrnnState}. Frames of all streams are packed into one matrix of R = ΣT_b rows (no
 * padding, so streams of different lengths cost only their own frames and a stream with T_b = 0 is left
 * untouched: this is masking without padded steps). Per layer, the convolution over all streams and frames
 * is ONE matrix product: each row is the im2col window [history; new frames] of its stream, times the
 * {@code [k*n+1, G*m]} weight (bias folded in). Then the gate activations and the pooling recurrence run in
 * one plain-Java pass over time only, elementwise over the gate rows; the activations use a rational tanh
 * (|error| &lt; 5e-7) that the JIT vectorizes, several times faster than ND4J's native sigmoid op here.
 *
 * <p>Feeding a stream in chunks of any size gives the same outputs as feeding it whole (to float rounding):
 * the state carries c (h for f-pooling) and the last k−1 inputs of each layer.
 *
 * <p>Thread-safe: weights are read-only, scratch buffers are per thread. Calls whose products are small
 * (see {@link #smallCallMacs(long)}) run entirely in plain Java, larger ones use {@code Nd4j.gemm}.
 */
public final class QrnnModel {
    /**
     * Default switch-over: products up to this many multiply-adds run in plain Java. Measured at n=80, m=256:
     * one frame of one stream is as fast in Java as in ND4J (both ~0.3 ms, bound by reading the weights),
     * two rows are already 1.5x faster in ND4J; 400k covers one row of a 256-hidden, k=2 fo layer.
     */
    public static final long DEFAULT_SMALL_CALL_MACS = 400_000;

    private final int inputDim;
    private final List<QrnnLayer> layers;
    private final DenseHead head;
    private final float[] mean;
    private final float[] std;
    private final float[] invStd;
    private final ObjectNode features;
    private final Affine[] convs;
    private final Affine headAffine;
    private volatile long smallCallMacs = DEFAULT_SMALL_CALL_MACS;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    public QrnnModel(int inputDim, List<QrnnLayer> layers, DenseHead headOrNull, float[] meanOrNull,
                     float[] stdOrNull, ObjectNode featuresOrNull) {
        if (inputDim < 1) throw new IllegalArgumentException("input_dim must be >= 1, got " + inputDim);
        if (layers == null || layers.isEmpty()) throw new IllegalArgumentException("a QRNN model needs at least one layer");
        int n = inputDim;
        for (int i = 0; i < layers.size(); i++) {
            QrnnLayer l = layers.get(i);
            if (l.inputSize() != n) {
                throw new IllegalArgumentException("layer " + i + " has input size " + l.inputSize() + ", expected " + n
                        + (i == 0 ? " (input_dim)" : " (hidden size of layer " + (i - 1) + ")"));
            }
            n = l.hidden();
        }
        if (headOrNull != null && headOrNull.inputSize() != n) {
            throw new IllegalArgumentException("head input size " + headOrNull.inputSize()
                    + " does not match the last layer's hidden size " + n);
        }
        if ((meanOrNull == null) != (stdOrNull == null)) {
            throw new IllegalArgumentException("normalization needs both mean and std, or neither");
        }
        if (meanOrNull != null) {
            if (meanOrNull.length != inputDim || stdOrNull.length != inputDim) {
                throw new IllegalArgumentException("normalization mean/std have " + meanOrNull.length + "/" + stdOrNull.length
                        + " values, expected input_dim = " + inputDim);
            }
            for (int j = 0; j < inputDim; j++) {
                if (!(stdOrNull[j] > 0) || !Float.isFinite(stdOrNull[j]) || !Float.isFinite(meanOrNull[j])) {
                    throw new IllegalArgumentException("normalization std[" + j + "] = " + stdOrNull[j] + ", mean[" + j
                            + "] = " + meanOrNull[j] + ": std must be finite and > 0, mean finite");
                }
            }
        }
        this.inputDim = inputDim;
        this.layers = List.copyOf(layers);
        this.head = headOrNull;
        this.mean = meanOrNull;
        this.std = stdOrNull;
        if (stdOrNull != null) {
            invStd = new float[inputDim];
            for (int j = 0; j < inputDim; j++) invStd[j] = 1f / stdOrNull[j];
        } else {
            invStd = null;
        }
        this.features = featuresOrNull;
        this.convs = new Affine[layers.size()];
        for (int i = 0; i < convs.length; i++) {
            QrnnLayer l = layers.get(i);
            float[] scale = new float[l.gateRows()];
            // Sigmoid gates halved: sigmoid(a) = (1 + tanh(a/2)) / 2, so every gate is one tanh.
            java.util.Arrays.fill(scale, 0.5f);
            java.util.Arrays.fill(scale, 0, l.hidden(), 1f);
            convs[i] = new Affine(l.window() * l.inputSize(), l.gateRows(), l.weight(), l.bias(), scale);
        }
        this.headAffine = head == null ? null : new Affine(n, head.classes(), head.weight(), head.bias(), null);
    }

    public int inputDim() { return inputDim; }
    /** Head classes when there is a head, else the last layer's hidden size. */
    public int outputDim() { return head != null ? head.classes() : layers.get(layers.size() - 1).hidden(); }
    /** The head's labels, empty if there is no head. */
    public List<String> labels() { return head != null ? head.labels() : Collections.emptyList(); }
    /** The opaque feature spec the model was trained on (qrnn does not interpret it), or null. */
    public ObjectNode features() { return features; }
    public List<QrnnLayer> layers() { return layers; }
    /** The head, or null. */
    public DenseHead head() { return head; }
    /** Normalization mean {@code [inputDim]} or null. */
    public float[] mean() { return mean; }
    /** Normalization std {@code [inputDim]} or null. */
    public float[] std() { return std; }

    /**
     * Sets the size (multiply-adds of one product) up to which a product runs in plain Java instead of ND4J;
     * 0 forces ND4J for every product, {@link Long#MAX_VALUE} forces plain Java.
     */
    public QrnnModel smallCallMacs(long macs) {
        this.smallCallMacs = macs;
        return this;
    }

    /** A zero state: stream start. */
    public QrnnState newState() {
        float[][] cell = new float[layers.size()][];
        float[][] hist = new float[layers.size()][];
        for (int i = 0; i < cell.length; i++) {
            QrnnLayer l = layers.get(i);
            cell[i] = new float[l.hidden()];
            hist[i] = new float[(l.window() - 1) * l.inputSize()];
        }
        return new QrnnState(cell, hist);
    }

    /** One stream: {@code [T, inputDim]} in, {@code [T, outputDim]} out; {@code state} updated in place. */
    public FloatMatrix forward(FloatMatrix input, QrnnState state) {
        return forward(List.of(input), List.of(state)).get(0);
    }

    /**
     * Batched streaming forward. Stream b gets {@code inputs.get(b)} = {@code [T_b, inputDim]} (T_b may be 0);
     * {@code states.get(b)} is updated in place. Returns {@code [T_b, outputDim]} per stream: the head's
     * probabilities when there is a head, else the last layer's h.
     */
    public List<FloatMatrix> forward(List<FloatMatrix> inputs, List<QrnnState> states) {
        if (inputs.size() != states.size()) {
            throw new IllegalArgumentException(inputs.size() + " inputs but " + states.size() + " states");
        }
        final int streams = inputs.size();
        final int[] off = new int[streams + 1];
        for (int b = 0; b < streams; b++) {
            FloatMatrix x = inputs.get(b);
            if (x.cols() != inputDim) {
                throw new IllegalArgumentException("stream " + b + ": input has " + x.cols() + " columns, expected input_dim = " + inputDim);
            }
            checkState(b, states.get(b));
            off[b + 1] = off[b] + x.rows();
        }
        final int rows = off[streams];
        List<FloatMatrix> outs = new ArrayList<>(streams);
        if (rows == 0) {
            for (int b = 0; b < streams; b++) outs.add(FloatMatrix.zeros(0, outputDim()));
            return outs;
        }
        Scratch s = scratch.get();
        float[] layerIn = null;
        for (int l = 0; l < layers.size(); l++) {
            QrnnLayer layer = layers.get(l);
            final int n = layer.inputSize();
            final int k = layer.window();
            final int kn = k * n;
            final int hist = (k - 1) * n;
            float[] x = s.x = grow(s.x, rows * (kn + 1));
            for (int b = 0; b < streams; b++) {
                final int t = off[b + 1] - off[b];
                if (t == 0) continue;
                float[] history = states.get(b).history[l];
                float[] seq = s.seq = grow(s.seq, hist + t * n);
                System.arraycopy(history, 0, seq, 0, hist);
                if (l == 0) {
                    normalizeInto(inputs.get(b).data(), t, seq, hist);
                } else {
                    System.arraycopy(layerIn, off[b] * n, seq, hist, t * n);
                }
                // im2col: row t is the contiguous window seq[t*n, (t+k)*n), then the constant 1 for the bias.
                int xo = off[b] * (kn + 1);
                for (int i = 0; i < t; i++, xo += kn + 1) {
                    System.arraycopy(seq, i * n, x, xo, kn);
                    x[xo + kn] = 1f;
                }
                System.arraycopy(seq, t * n, history, 0, hist);
            }
            Affine conv = convs[l];
            float[] gates = s.gates = grow(s.gates, rows * conv.out);
            conv.apply(x, rows, gates, conv.macs(rows) <= smallCallMacs, s.nat);
            float[] h = (l % 2 == 0) ? (s.h0 = grow(s.h0, rows * layer.hidden())) : (s.h1 = grow(s.h1, rows * layer.hidden()));
            for (int b = 0; b < streams; b++) {
                pool(layer, gates, off[b], off[b + 1], states.get(b).cell[l], h, s);
            }
            layerIn = h;
        }
        int m = layers.get(layers.size() - 1).hidden();
        float[] result = layerIn;
        int outDim = m;
        if (head != null) {
            float[] x = s.x = grow(s.x, rows * (m + 1));
            for (int r = 0; r < rows; r++) {
                System.arraycopy(layerIn, r * m, x, r * (m + 1), m);
                x[r * (m + 1) + m] = 1f;
            }
            outDim = head.classes();
            float[] logits = s.gates = grow(s.gates, rows * outDim);
            headAffine.apply(x, rows, logits, headAffine.macs(rows) <= smallCallMacs, s.nat);
            if (head.softmax()) {
                DenseHead.softmaxRows(logits, rows, outDim);
            } else {
                for (int i = 0; i < rows * outDim; i++) logits[i] = (float) (1.0 / (1.0 + Math.exp(-logits[i])));
            }
            result = logits;
        }
        for (int b = 0; b < streams; b++) {
            int t = off[b + 1] - off[b];
            float[] o = new float[t * outDim];
            System.arraycopy(result, off[b] * outDim, o, 0, o.length);
            outs.add(new FloatMatrix(t, outDim, o));
        }
        return outs;
    }

    private void normalizeInto(float[] in, int t, float[] seq, int at) {
        int len = t * inputDim;
        if (mean == null) {
            System.arraycopy(in, 0, seq, at, len);
            return;
        }
        for (int r = 0; r < t; r++) {
            int o = r * inputDim;
            for (int j = 0; j < inputDim; j++) seq[at + o + j] = (in[o + j] - mean[j]) * invStd[j];
        }
    }

    /**
     * Gate activations and the pooling recurrence for one stream's rows [from, to) of the gate matrix.
     * The gemm produced a for Z and a/2 for the sigmoid gates, so z = tanh(g) and f, o, i = (1 + tanh(g)) / 2.
     * Updates {@code c} in place and writes h rows.
     *
     * <p>Shaped for the JIT's auto-vectorizer (measured, JDK 17): tanh runs as its own loop over the row's
     * contiguous G*m gates, and the recurrence loop reads per-gate scratch arrays indexed by j alone; with
     * several offset indexes into one array (g[go + m + j], g[go + 2m + j]) it stays scalar and is 2.5x slower.
     */
    private static void pool(QrnnLayer layer, float[] g, int from, int to, float[] c, float[] h, Scratch s) {
        final int m = layer.hidden();
        final int gm = layer.gateRows();
        final Pooling pooling = layer.pooling();
        final float[] z = s.z = grow(s.z, m);
        final float[] f = s.f = grow(s.f, m);
        final float[] o = s.o = grow(s.o, m);
        final float[] in = s.i = grow(s.i, m);
        final float[] hr = s.hr = grow(s.hr, m);
        for (int r = from; r < to; r++) {
            final int go = r * gm;
            FastMath.tanhInPlace(g, go, gm);
            System.arraycopy(g, go, z, 0, m);
            System.arraycopy(g, go + m, f, 0, m);
            switch (pooling) {
                case F -> {
                    for (int j = 0; j < m; j++) {
                        float fj = 0.5f + 0.5f * f[j];
                        float v = fj * c[j] + (1f - fj) * z[j];
                        c[j] = v;
                        hr[j] = v;
                    }
                }
                case FO -> {
                    System.arraycopy(g, go + 2 * m, o, 0, m);
                    for (int j = 0; j < m; j++) {
                        float fj = 0.5f + 0.5f * f[j];
                        float v = fj * c[j] + (1f - fj) * z[j];
                        c[j] = v;
                        hr[j] = (0.5f + 0.5f * o[j]) * v;
                    }
                }
                case IFO -> {
                    System.arraycopy(g, go + 2 * m, o, 0, m);
                    System.arraycopy(g, go + 3 * m, in, 0, m);
                    for (int j = 0; j < m; j++) {
                        float fj = 0.5f + 0.5f * f[j];
                        float v = fj * c[j] + (0.5f + 0.5f * in[j]) * z[j];
                        c[j] = v;
                        hr[j] = (0.5f + 0.5f * o[j]) * v;
                    }
                }
            }
            System.arraycopy(hr, 0, h, r * m, m);
        }
    }

    private void checkState(int b, QrnnState st) {
        if (st == null || st.cell == null || st.history == null
                || st.cell.length != layers.size() || st.history.length != layers.size()) {
            throw new IllegalArgumentException("stream " + b + ": state does not belong to this model (expected "
                    + layers.size() + " layers of cell and history; use newState())");
        }
        for (int l = 0; l < layers.size(); l++) {
            QrnnLayer layer = layers.get(l);
            int hist = (layer.window() - 1) * layer.inputSize();
            if (st.cell[l] == null || st.cell[l].length != layer.hidden() || st.history[l] == null || st.history[l].length != hist) {
                throw new IllegalArgumentException("stream " + b + ": state layer " + l + " has cell/history of "
                        + (st.cell[l] == null ? "null" : st.cell[l].length) + "/" + (st.history[l] == null ? "null" : st.history[l].length)
                        + " values, expected " + layer.hidden() + "/" + hist);
            }
        }
    }

    static float[] grow(float[] a, int need) {
        return (a != null && a.length >= need) ? a : new float[Math.max(need, a == null ? 0 : a.length + a.length / 2)];
    }

    /** Per-thread buffers reused across calls (grow-only). */
    private static final class Scratch {
        float[] x;
        float[] seq;
        float[] gates;
        float[] h0;
        float[] h1;
        float[] z;
        float[] f;
        float[] o;
        float[] i;
        float[] hr;
        final Affine.NativeScratch nat = new Affine.NativeScratch();
    }
}
