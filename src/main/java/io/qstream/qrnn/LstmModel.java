package io.qstream.qrnn;


import io.qstream.arrays.FloatMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A stacked LSTM with the same batched streaming API as {@link QrnnModel}, in ND4J: the baseline of the
 * QRNN benchmark. Gates in PyTorch order i, f, g, o: i, f, o = sigmoid, g = tanh,
 * c_t = f⊙c_{t−1} + i⊙g, h_t = o⊙tanh(c_t). Output per frame: the last layer's h.
 *
 * <p>Implemented as fairly as the QRNN: per layer, the input projection of all streams' frames is one gemm
 * (frames packed time-major, streams sorted by length so the streams still running at step t are a prefix:
 * PyTorch's packed sequences, no padded work); then, per time step, one gemm of the running streams'
 * h_{t−1} {@code [B_t, m]} by W_hh accumulates into that step's block, and the elementwise update runs in
 * plain Java with the same vectorized tanh as the QRNN. The per-step recurrent gemm is what the QRNN avoids.
 * Not thread-safe (one instance per thread).
 */
public final class LstmModel {
    private final int inputDim;
    private final int[] hidden;
    private final Affine[] inputProj;
    private final INDArray[] whT; // [m, 4m] per layer
    private final HostBuffer xBuf = new HostBuffer();
    private final HostBuffer pBuf = new HostBuffer();
    private final HostBuffer hBuf = new HostBuffer();
    private float[] x;
    private float[] seq;
    private float[] gates;
    private float[] out;

    public LstmModel(LstmWeights w) {
        this.inputDim = w.inputDim();
        this.hidden = w.hidden();
        int layers = hidden.length;
        inputProj = new Affine[layers];
        whT = new INDArray[layers];
        for (int l = 0; l < layers; l++) {
            int m = hidden[l];
            int n = w.layerInput(l);
            // sigmoid gates (i, f, o) halved: sigmoid(a) = (1 + tanh(a/2)) / 2, so every gate is one tanh
            float[] scale = new float[4 * m];
            Arrays.fill(scale, 0.5f);
            Arrays.fill(scale, 2 * m, 3 * m, 1f);
            inputProj[l] = new Affine(n, 4 * m, w.wIh().get(l), w.bias().get(l), scale);
            float[] wt = new float[m * 4 * m];
            for (int o = 0; o < 4 * m; o++) {
                for (int i = 0; i < m; i++) wt[i * 4 * m + o] = w.wHh().get(l)[o * m + i] * scale[o];
            }
            whT[l] = Nd4j.createFromArray(wt).reshape('c', m, 4 * m).detach();
        }
    }

    public int inputDim() { return inputDim; }
    public int outputDim() { return hidden[hidden.length - 1]; }

    public LstmState newState() {
        return LstmState.zeros(hidden);
    }

    /** Same contract as {@link QrnnModel#forward(List, List)}; returns the last layer's h per frame. */
    public List<FloatMatrix> forward(List<FloatMatrix> inputs, List<LstmState> states) {
        final int streams = inputs.size();
        if (states.size() != streams) throw new IllegalArgumentException(streams + " inputs but " + states.size() + " states");
        Integer[] order = new Integer[streams];
        int rows = 0;
        int maxT = 0;
        for (int b = 0; b < streams; b++) {
            order[b] = b;
            if (inputs.get(b).cols() != inputDim) {
                throw new IllegalArgumentException("stream " + b + ": input has " + inputs.get(b).cols() + " columns, expected " + inputDim);
            }
            rows += inputs.get(b).rows();
            maxT = Math.max(maxT, inputs.get(b).rows());
        }
        // longest first: the streams still running at step t are order[0 .. active[t])
        Arrays.sort(order, (a, b) -> Integer.compare(inputs.get(b).rows(), inputs.get(a).rows()));
        int[] active = new int[maxT];
        int[] start = new int[maxT + 1];
        for (int t = 0; t < maxT; t++) {
            int a = 0;
            while (a < streams && inputs.get(order[a]).rows() > t) a++;
            active[t] = a;
            start[t + 1] = start[t] + a;
        }
        int m0 = Math.max(inputDim, Arrays.stream(hidden).max().getAsInt());
        seq = QrnnModel.grow(seq, rows * m0);
        out = QrnnModel.grow(out, rows * m0);
        // layer input, time-major packed
        for (int t = 0; t < maxT; t++) {
            for (int a = 0; a < active[t]; a++) {
                System.arraycopy(inputs.get(order[a]).data(), t * inputDim, seq, (start[t] + a) * inputDim, inputDim);
            }
        }
        int n = inputDim;
        for (int l = 0; l < hidden.length; l++) {
            final int m = hidden[l];
            final int g4 = 4 * m;
            if (rows == 0) break;
            xBuf.ensure((long) rows * (n + 1));
            pBuf.ensure((long) rows * g4);
            hBuf.ensure((long) streams * m);
            x = QrnnModel.grow(x, rows * (n + 1));
            for (int r = 0; r < rows; r++) {
                System.arraycopy(seq, r * n, x, r * (n + 1), n);
                x[r * (n + 1) + n] = 1f;
            }
            xBuf.write(0, x, 0, rows * (n + 1));
            Nd4j.gemm(xBuf.view(rows, n + 1, 0), inputProj[l].nativeWeights(), pBuf.view(rows, g4, 0), false, false, 1.0, 0.0);
            float[] c = new float[streams * m];
            float[] h = new float[streams * m];
            for (int a = 0; a < streams; a++) {
                System.arraycopy(states.get(order[a]).h[l], 0, h, a * m, m);
                System.arraycopy(states.get(order[a]).c[l], 0, c, a * m, m);
            }
            hBuf.write(0, h, 0, streams * m);
            gates = QrnnModel.grow(gates, streams * g4);
            for (int t = 0; t < maxT; t++) {
                int bt = active[t];
                Nd4j.gemm(hBuf.view(bt, m, 0), whT[l], pBuf.view(bt, g4, (long) start[t] * g4), false, false, 1.0, 1.0);
                pBuf.read((long) start[t] * g4, gates, 0, bt * g4);
                for (int a = 0; a < bt; a++) {
                    int go = a * g4;
                    FastMath.tanhInPlace(gates, go, g4);
                    int so = a * m;
                    int oo = (start[t] + a) * m;
                    for (int j = 0; j < m; j++) {
                        float i = 0.5f + 0.5f * gates[go + j];
                        float f = 0.5f + 0.5f * gates[go + m + j];
                        float v = f * c[so + j] + i * gates[go + 2 * m + j];
                        c[so + j] = v;
                        out[oo + j] = v; // tanh(c) below, as one vectorized pass
                    }
                    FastMath.tanhInPlace(out, oo, m);
                    for (int j = 0; j < m; j++) {
                        float hv = (0.5f + 0.5f * gates[go + 3 * m + j]) * out[oo + j];
                        out[oo + j] = hv;
                        h[so + j] = hv;
                    }
                }
                hBuf.write(0, h, 0, bt * m);
            }
            for (int a = 0; a < streams; a++) {
                System.arraycopy(h, a * m, states.get(order[a]).h[l], 0, m);
                System.arraycopy(c, a * m, states.get(order[a]).c[l], 0, m);
            }
            float[] tmp = seq;
            seq = out;
            out = tmp;
            n = m;
        }
        int m = outputDim();
        List<FloatMatrix> result = new ArrayList<>(streams);
        float[][] o = new float[streams][];
        for (int b = 0; b < streams; b++) o[b] = new float[inputs.get(b).rows() * m];
        for (int t = 0; t < maxT; t++) {
            for (int a = 0; a < active[t]; a++) System.arraycopy(seq, (start[t] + a) * m, o[order[a]], t * m, m);
        }
        for (int b = 0; b < streams; b++) result.add(new FloatMatrix(inputs.get(b).rows(), m, o[b]));
        return result;
    }
}
