package io.qstream.train;

import io.qstream.qrnn.DenseHead;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A trainable QRNN stack + dense head with hand-written forward and backward passes (backpropagation through time
 * within a segment; truncated at segment starts, where the carried state enters as a constant).
 *
 * <p>Parameters follow the model-file layout of docs/ARCHITECTURE.md: layer l has {@code weight [G*m, k*n]} row-major with
 * row blocks Z, F, O, I and column block j multiplying input frame {@code x[t-(k-1)+j]}, and {@code bias [G*m]}; the
 * head has {@code weight [C, m_last]} and {@code bias [C]}. Inputs are normalized with a fixed {@code (x - mean) / std}
 * before layer 0 (taken from the training data, not trained).
 *
 * <p>Plain Java for the element-wise scan over time, ND4J gemm for the big products: see {@link ConvProducts}
 * for the measurement behind the split.
 *
 * <p>Regularization (training only, deterministic for a given step seed): zoneout on the forget gate
 * (QRNN paper: {@code f' = 1 - mask * (1 - f)}, i.e. a unit keeps its previous cell with probability p, no rescaling)
 * and inverted dropout on each layer's output that feeds another layer.
 */
public final class QrnnNet {
    final NetShape shape;
    /** Trainable parameters, model-file layout. */
    final float[][] weight;
    final float[][] bias;
    float[] headWeight;
    float[] headBias;
    /** Fixed input normalization [n]. */
    float[] mean;
    float[] std;

    /** Gradients, same shapes as the parameters. */
    final float[][] gWeight;
    final float[][] gBias;
    final float[] gHeadWeight;
    final float[] gHeadBias;

    public QrnnNet(NetShape shape, long seed) {
        this.shape = shape;
        int layers = shape.layers();
        weight = new float[layers][];
        bias = new float[layers][];
        gWeight = new float[layers][];
        gBias = new float[layers][];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int l = 0; l < layers; l++) {
            int n = shape.layerInput(l), m = shape.hidden()[l], k = shape.windows()[l], g = shape.gates(l);
            weight[l] = new float[g * m * k * n];
            bias[l] = new float[g * m];
            // Glorot-uniform over fan-in k*n and fan-out m per gate.
            double a = Math.sqrt(6.0 / (k * n + m));
            for (int i = 0; i < weight[l].length; i++) weight[l][i] = (float) ((rng.nextDouble() * 2 - 1) * a);
            // Forget-gate bias +1: start by remembering (sigmoid(1) = 0.73), a common recurrent-net initialization.
            Arrays.fill(bias[l], m, 2 * m, 1f);
            gWeight[l] = new float[weight[l].length];
            gBias[l] = new float[bias[l].length];
        }
        int c = shape.classes(), mLast = shape.hidden()[layers - 1];
        headWeight = new float[c * mLast];
        headBias = new float[c];
        double a = Math.sqrt(6.0 / (mLast + c));
        for (int i = 0; i < headWeight.length; i++) headWeight[i] = (float) ((rng.nextDouble() * 2 - 1) * a);
        gHeadWeight = new float[headWeight.length];
        gHeadBias = new float[c];
        mean = new float[shape.inputDim()];
        std = new float[shape.inputDim()];
        Arrays.fill(std, 1f);
    }

    public NetShape shape() { return shape; }

    public float[] weight(int l) { return weight[l]; }
    public float[] bias(int l) { return bias[l]; }
    public float[] headWeight() { return headWeight; }
    public float[] headBias() { return headBias; }
    public float[] mean() { return mean; }
    public float[] std() { return std; }

    /** Sets the fixed input normalization (copied); std entries must be > 0. */
    public void setNormalization(float[] mean, float[] std) {
        if (mean.length != shape.inputDim() || std.length != shape.inputDim()) {
            throw new IllegalArgumentException("normalization needs " + shape.inputDim() + " means and stds");
        }
        for (float s : std) {
            if (!(s > 0)) throw new IllegalArgumentException("normalization std must be > 0, got " + s);
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** All parameter arrays in a fixed order (for the optimizer); {@link #gradients()} matches it. */
    public float[][] parameters() {
        float[][] p = new float[2 * shape.layers() + 2][];
        for (int l = 0; l < shape.layers(); l++) {
            p[2 * l] = weight[l];
            p[2 * l + 1] = bias[l];
        }
        p[p.length - 2] = headWeight;
        p[p.length - 1] = headBias;
        return p;
    }

    public float[][] gradients() {
        float[][] p = new float[2 * shape.layers() + 2][];
        for (int l = 0; l < shape.layers(); l++) {
            p[2 * l] = gWeight[l];
            p[2 * l + 1] = gBias[l];
        }
        p[p.length - 2] = gHeadWeight;
        p[p.length - 1] = gHeadBias;
        return p;
    }

    public void zeroGradients() {
        for (float[] g : gradients()) Arrays.fill(g, 0f);
    }

    /** Carried streaming state of one lane: per layer the cell [m] and the last k-1 inputs [(k-1)*n], oldest first. */
    public static final class LaneState {
        public final float[][] cell;
        public final float[][] history;

        public LaneState(NetShape shape) {
            cell = new float[shape.layers()][];
            history = new float[shape.layers()][];
            for (int l = 0; l < shape.layers(); l++) {
                cell[l] = new float[shape.hidden()[l]];
                history[l] = new float[(shape.windows()[l] - 1) * shape.layerInput(l)];
            }
        }

        public void reset() {
            for (float[] c : cell) Arrays.fill(c, 0f);
            for (float[] h : history) Arrays.fill(h, 0f);
        }
    }

    /** Regularization for one training step; {@link #NONE} for evaluation. */
    public record Regularization(float zoneout, float dropout, long seed) {
        public static final Regularization NONE = new Regularization(0f, 0f, 0L);

        boolean active() { return zoneout > 0 || dropout > 0; }
    }

    /** What the forward pass keeps for the backward pass, per lane and layer. */
    private static final class LaneTrace {
        float[][] xfull;   // [(k-1+T) * n]: carried history then this segment's (normalized / dropped) inputs
        float[][] gates;   // [T * G*m]: activated gates Z, F (after zoneout), O, I per row
        float[][] fRaw;    // [T * m]: sigmoid forget gate before zoneout
        float[][] zMask;   // [T * m]: 1 = gate used, 0 = zoned out (f forced to 1); null without zoneout
        float[][] cells;   // [T * m]
        float[][] c0;      // [m] carried cell at segment start
        float[][] dMask;   // [T * m] dropout scale on layer output (0 or 1/(1-p)); null without dropout
        float[][] h;       // [T * m] layer outputs (after dropout for non-last layers)
        float[] hLast;     // [T * m_last] last layer output, head input
        float[] probs;     // [T * C] head output
        int frames;
    }

    /** Result of {@link #forward}: per lane head probabilities [T_b * C], plus the trace for {@link #backward}. */
    public static final class Pass {
        public final float[][] probs;
        final LaneTrace[] traces;

        Pass(LaneTrace[] traces) {
            this.traces = traces;
            probs = new float[traces.length][];
            for (int b = 0; b < traces.length; b++) probs[b] = traces[b].probs;
        }
    }

    /**
     * Runs B lanes forward over one segment each. {@code inputs[b]} is [T_b * n] raw features (row-major), states
     * are read and updated in place (the new carried state after the segment).
     */
    public Pass forward(float[][] inputs, LaneState[] states, Regularization reg) {
        int lanes = inputs.length;
        LaneTrace[] traces = new LaneTrace[lanes];
        for (int b = 0; b < lanes; b++) {
            traces[b] = forwardLane(inputs[b], states[b], reg, b);
        }
        return new Pass(traces);
    }

    private LaneTrace forwardLane(float[] input, LaneState state, Regularization reg, int lane) {
        int n0 = shape.inputDim();
        if (input.length % n0 != 0) {
            throw new IllegalArgumentException("lane " + lane + ": input length " + input.length
                    + " is not a multiple of the input dim " + n0);
        }
        int frames = input.length / n0;
        int layers = shape.layers();
        LaneTrace tr = new LaneTrace();
        tr.frames = frames;
        tr.xfull = new float[layers][];
        tr.gates = new float[layers][];
        tr.fRaw = new float[layers][];
        tr.zMask = new float[layers][];
        tr.cells = new float[layers][];
        tr.c0 = new float[layers][];
        tr.dMask = new float[layers][];
        tr.h = new float[layers][];
        SplittableRandom rng = reg.active() ? new SplittableRandom(reg.seed() * 1_000_003L + lane) : null;

        // Layer-0 input: normalized features.
        float[] x = new float[input.length];
        for (int t = 0; t < frames; t++) {
            for (int i = 0; i < n0; i++) x[t * n0 + i] = (input[t * n0 + i] - mean[i]) / std[i];
        }
        for (int l = 0; l < layers; l++) {
            int n = shape.layerInput(l), m = shape.hidden()[l], k = shape.windows()[l], g = shape.gates(l);
            String pooling = shape.poolings()[l];
            int histLen = (k - 1) * n;
            float[] xfull = new float[histLen + frames * n];
            System.arraycopy(state.history[l], 0, xfull, 0, histLen);
            System.arraycopy(x, 0, xfull, histLen, frames * n);
            tr.xfull[l] = xfull;
            // Pre-activations A[t] = W u_t + bias, u_t = xfull[t*n .. t*n + k*n).
            float[] a = new float[frames * g * m];
            for (int t = 0; t < frames; t++) System.arraycopy(bias[l], 0, a, t * g * m, g * m);
            ConvProducts.forward(xfull, n, k, frames, weight[l], g * m, a);
            float[] fRaw = new float[frames * m];
            float[] zMask = reg.zoneout() > 0 ? new float[frames * m] : null;
            float[] cells = new float[frames * m];
            float[] h = new float[frames * m];
            float[] c = state.cell[l];
            tr.c0[l] = c.clone();
            for (int t = 0; t < frames; t++) {
                int row = t * g * m;
                for (int j = 0; j < m; j++) {
                    float z = (float) Math.tanh(a[row + j]);
                    float f = sigmoid(a[row + m + j]);
                    fRaw[t * m + j] = f;
                    if (zMask != null) {
                        boolean keep = rng.nextDouble() >= reg.zoneout();
                        zMask[t * m + j] = keep ? 1f : 0f;
                        if (!keep) f = 1f;
                    }
                    a[row + j] = z;
                    a[row + m + j] = f;
                    float cNew;
                    if (pooling.equals("ifo")) {
                        float i = sigmoid(a[row + 3 * m + j]);
                        a[row + 3 * m + j] = i;
                        cNew = f * c[j] + i * z;
                    } else {
                        cNew = f * c[j] + (1 - f) * z;
                    }
                    c[j] = cNew;
                    cells[t * m + j] = cNew;
                    if (g >= 3) {
                        float o = sigmoid(a[row + 2 * m + j]);
                        a[row + 2 * m + j] = o;
                        h[t * m + j] = o * cNew;
                    } else {
                        h[t * m + j] = cNew;
                    }
                }
            }
            // Carry the last k-1 inputs of this layer to the next segment.
            if (histLen > 0) System.arraycopy(xfull, xfull.length - histLen, state.history[l], 0, histLen);
            float[] dMask = null;
            if (l < layers - 1 && reg.dropout() > 0) {
                dMask = new float[frames * m];
                float scale = 1f / (1f - reg.dropout());
                for (int i = 0; i < dMask.length; i++) {
                    dMask[i] = rng.nextDouble() >= reg.dropout() ? scale : 0f;
                    h[i] *= dMask[i];
                }
            }
            tr.gates[l] = a;
            tr.fRaw[l] = fRaw;
            tr.zMask[l] = zMask;
            tr.cells[l] = cells;
            tr.dMask[l] = dMask;
            tr.h[l] = h;
            x = h;
        }
        tr.hLast = x;
        int c = shape.classes(), mLast = shape.hidden()[layers - 1];
        float[] logits = new float[frames * c];
        for (int t = 0; t < frames; t++) System.arraycopy(headBias, 0, logits, t * c, c);
        addMatMulT(x, mLast, frames, mLast, transpose(headWeight, c, mLast), c, logits);
        activate(logits, frames, c);
        tr.probs = logits;
        return tr;
    }

    private void activate(float[] logits, int frames, int c) {
        if (shape.activation().equals("softmax")) {
            DenseHead.softmaxRows(logits, frames, c);
        } else {
            for (int i = 0; i < frames * c; i++) logits[i] = sigmoid(logits[i]);
        }
    }

    /**
     * Weighted cross-entropy of a forward pass and, if {@code accumulate}, its gradient added to the parameter
     * gradients. {@code targets[b][t]} is the class index of frame t in lane b; {@code weights[b][t]} its loss weight
     * (class weight, 0 for padding). Loss = sum(w * CE) / frameCount, where frameCount = frames with w > 0 (so class
     * weights scale the loss but padding does not dilute it). Softmax: CE = -log p[y]; sigmoid: sum over labels of
     * binary CE against the one-hot target.
     *
     * @return the loss
     */
    public double backward(Pass pass, int[][] targets, float[][] weights, boolean accumulate) {
        int frameCount = 0;
        for (float[] w : weights) for (float v : w) if (v > 0) frameCount++;
        if (frameCount == 0) return 0;
        double loss = 0;
        int c = shape.classes();
        boolean softmax = shape.activation().equals("softmax");
        for (int b = 0; b < pass.traces.length; b++) {
            LaneTrace tr = pass.traces[b];
            float[] dLogits = new float[tr.frames * c];
            for (int t = 0; t < tr.frames; t++) {
                float w = weights[b][t];
                if (w == 0) continue;
                int y = targets[b][t];
                float scale = w / frameCount;
                for (int j = 0; j < c; j++) {
                    float p = tr.probs[t * c + j];
                    float target = j == y ? 1f : 0f;
                    if (softmax) {
                        if (j == y) loss -= w * Math.log(Math.max(p, 1e-12));
                    } else {
                        loss -= w * (target * Math.log(Math.max(p, 1e-12))
                                + (1 - target) * Math.log(Math.max(1 - p, 1e-12)));
                    }
                    dLogits[t * c + j] = (p - target) * scale;
                }
            }
            if (accumulate) backwardLane(tr, dLogits, false);
        }
        return loss / frameCount;
    }

    /** Adds this lane's parameter gradients; returns dLoss/d(raw input) [T * n] if {@code wantInput}, else null. */
    private float[] backwardLane(LaneTrace tr, float[] dLogits, boolean wantInput) {
        int frames = tr.frames, layers = shape.layers(), c = shape.classes(), mLast = shape.hidden()[layers - 1];
        // Head: gW += dLogits^T h, gb += sum dLogits, dh = dLogits W.
        addMatTMul(dLogits, c, tr.hLast, mLast, frames, gHeadWeight);
        for (int t = 0; t < frames; t++) for (int j = 0; j < c; j++) gHeadBias[j] += dLogits[t * c + j];
        float[] dh = new float[frames * mLast];
        addMatMul(dLogits, c, frames, headWeight, mLast, dh);
        for (int l = layers - 1; l >= 0; l--) {
            int n = shape.layerInput(l), m = shape.hidden()[l], k = shape.windows()[l], g = shape.gates(l);
            String pooling = shape.poolings()[l];
            if (tr.dMask[l] != null) {
                float[] mask = tr.dMask[l];
                for (int i = 0; i < dh.length; i++) dh[i] *= mask[i];
            }
            float[] gates = tr.gates[l], cells = tr.cells[l], fRaw = tr.fRaw[l], zMask = tr.zMask[l];
            float[] c0 = tr.c0[l];
            float[] dA = new float[frames * g * m];
            float[] dcNext = new float[m];
            for (int t = frames - 1; t >= 0; t--) {
                int row = t * g * m;
                for (int j = 0; j < m; j++) {
                    float cPrev = t > 0 ? cells[(t - 1) * m + j] : c0[j];
                    float cell = cells[t * m + j];
                    float z = gates[row + j], f = gates[row + m + j];
                    float dH = dh[t * m + j];
                    float dc;
                    if (g >= 3) {
                        float o = gates[row + 2 * m + j];
                        dA[row + 2 * m + j] = dH * cell * o * (1 - o);
                        dc = dH * o + dcNext[j];
                    } else {
                        dc = dH + dcNext[j];
                    }
                    float dz, df;
                    if (pooling.equals("ifo")) {
                        float i = gates[row + 3 * m + j];
                        dz = dc * i;
                        df = dc * cPrev;
                        dA[row + 3 * m + j] = dc * z * i * (1 - i);
                    } else {
                        dz = dc * (1 - f);
                        df = dc * (cPrev - z);
                    }
                    dcNext[j] = dc * f;
                    float fr = fRaw[t * m + j];
                    if (zMask != null) df *= zMask[t * m + j];
                    dA[row + j] = dz * (1 - z * z);
                    dA[row + m + j] = df * fr * (1 - fr);
                }
            }
            float[] xfull = tr.xfull[l];
            // gW += dA^T U (U rows are windows of xfull), gb += sum dA.
            for (int t = 0; t < frames; t++) {
                int row = t * g * m;
                for (int r = 0; r < g * m; r++) gBias[l][r] += dA[row + r];
            }
            boolean needInput = l > 0 || wantInput; // layer 0 reads features: no input gradient when training
            float[] dxfull = ConvProducts.backward(xfull, n, k, frames, weight[l], g * m, dA, gWeight[l], needInput);
            if (!needInput) return null;
            // dU = dA W was scattered back onto the frames of xfull; the history part is truncated (TBPTT).
            dh = Arrays.copyOfRange(dxfull, (k - 1) * n, xfull.length);
        }
        int n0 = shape.inputDim();
        for (int t = 0; t < frames; t++) for (int i = 0; i < n0; i++) dh[t * n0 + i] /= std[i];
        return dh;
    }

    /**
     * Gradient of the loss with respect to the raw layer-0 input of one lane (through the fixed normalization),
     * [T * n]. Only for tests: recomputes the backward pass of the given trace into a copy.
     */
    public float[] inputGradient(Pass pass, int[][] targets, float[][] weights, int lane) {
        // Run the full backward on a throwaway copy so this net's gradients stay untouched.
        QrnnNet scratch = copyParameters();
        int frameCount = 0;
        for (float[] w : weights) for (float v : w) if (v > 0) frameCount++;
        LaneTrace tr = pass.traces[lane];
        int c = shape.classes();
        float[] dLogits = new float[tr.frames * c];
        for (int t = 0; t < tr.frames; t++) {
            float w = weights[lane][t];
            if (w == 0) continue;
            for (int j = 0; j < c; j++) {
                dLogits[t * c + j] = (tr.probs[t * c + j] - (j == targets[lane][t] ? 1f : 0f)) * w / frameCount;
            }
        }
        return scratch.backwardLane(tr, dLogits, true);
    }

    /** A net with copies of this one's parameters and normalization (fresh zero gradients). */
    public QrnnNet copyParameters() {
        QrnnNet copy = new QrnnNet(shape, 0L);
        copy.copyFrom(this);
        return copy;
    }

    /** Overwrites this net's parameters and normalization with another's (same shape). */
    public void copyFrom(QrnnNet other) {
        for (int l = 0; l < shape.layers(); l++) {
            System.arraycopy(other.weight[l], 0, weight[l], 0, weight[l].length);
            System.arraycopy(other.bias[l], 0, bias[l], 0, bias[l].length);
        }
        System.arraycopy(other.headWeight, 0, headWeight, 0, headWeight.length);
        System.arraycopy(other.headBias, 0, headBias, 0, headBias.length);
        mean = other.mean.clone();
        std = other.std.clone();
    }

    /** Number of trainable parameters. */
    public int parameterCount() {
        int count = 0;
        for (float[] p : parameters()) count += p.length;
        return count;
    }

    // ------------------------------------------------------------------------------------------ small kernels

    static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    /** [rows, cols] row-major -> [cols, rows] row-major. */
    static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) t[c * rows + r] = a[r * cols + c];
        return t;
    }

    /**
     * out[t, :] += sum_i x[t*stride + i] * wt[i, :] for t < frames, i < width: the rows of the left operand are
     * windows of x starting every {@code stride} floats (the k-frame convolution without copying windows).
     * wt is [width, outCols] row-major (the transposed weight), so the inner loop is a contiguous axpy.
     */
    static void addMatMulT(float[] x, int stride, int frames, int width, float[] wt, int outCols, float[] out) {
        for (int t = 0; t < frames; t++) {
            int xo = t * stride, oo = t * outCols;
            for (int i = 0; i < width; i++) {
                float v = x[xo + i];
                if (v != 0) axpy(v, wt, i * outCols, out, oo, outCols);
            }
        }
    }

    /** out[t, :] += sum_r d[t, r] * w[r, :], d [frames, dCols], w [dCols, outCols]. */
    static void addMatMul(float[] d, int dCols, int frames, float[] w, int outCols, float[] out) {
        for (int t = 0; t < frames; t++) {
            for (int r = 0; r < dCols; r++) {
                float v = d[t * dCols + r];
                if (v != 0) axpy(v, w, r * outCols, out, t * outCols, outCols);
            }
        }
    }

    /** gw[r, :] += sum_t d[t, r] * x[t, :], d [frames, dCols], x [frames, xCols], gw [dCols, xCols]. */
    static void addMatTMul(float[] d, int dCols, float[] x, int xCols, int frames, float[] gw) {
        for (int t = 0; t < frames; t++) {
            for (int r = 0; r < dCols; r++) {
                float v = d[t * dCols + r];
                if (v != 0) axpy(v, x, t * xCols, gw, r * xCols, xCols);
            }
        }
    }

    static void axpy(float a, float[] x, int xo, float[] y, int yo, int len) {
        for (int i = 0; i < len; i++) y[yo + i] += a * x[xo + i];
    }
}
