package io.qstream.bench;

import io.qstream.arrays.FloatMatrix;
import io.qstream.qrnn.LstmModel;
import io.qstream.qrnn.LstmState;
import io.qstream.qrnn.LstmWeights;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A stacked LSTM run by ND4J's own {@code lstmLayer} op (libnd4j's fused LSTM, what DL4J's LSTM layer
 * calls), behind the same batched streaming API as {@link LstmModel}: the second LSTM baseline of
 * {@link QrnnBenchmark}, for what an ND4J user gets without writing an LSTM by hand. Same weights, same
 * outputs (the last layer's h per frame), state h and c carried across calls.
 *
 * <p>Every stream of a call must bring the same number of frames (the op takes one {@code [S, T, n]}
 * tensor; the benchmark's calls are uniform). Built through {@link DynamicCustomOp} because the
 * INDArray constructor of {@code LSTMLayer} in 1.0.0-M2.1 registers its arrays as outputs, not inputs.
 */
public final class Nd4jLstmLayer {
    // lstmLayer's integer arguments: data format NTS = 1, direction forward = 0, gate sigmoid = 2, cell and output tanh = 0
    private static final int[] INT_ARGS = {1, 0, 2, 0, 0};
    // has bias, has seqLen, has initial h, has initial c, has peepholes, return full sequence, last h, last c
    private static final boolean[] BOOL_ARGS = {true, false, true, true, false, true, true, true};

    private final int inputDim;
    private final int[] hidden;
    private final INDArray[] wx; // [n, 4m]
    private final INDArray[] wr; // [m, 4m]
    private final INDArray[] b;  // [4m]

    public Nd4jLstmLayer(LstmWeights w) {
        inputDim = w.inputDim();
        hidden = w.hidden();
        wx = new INDArray[hidden.length];
        wr = new INDArray[hidden.length];
        b = new INDArray[hidden.length];
        for (int l = 0; l < hidden.length; l++) {
            int m = hidden[l];
            wx[l] = Nd4j.createFromArray(w.wIh().get(l)).reshape('c', 4L * m, w.layerInput(l)).transpose().dup('c');
            wr[l] = Nd4j.createFromArray(w.wHh().get(l)).reshape('c', 4L * m, m).transpose().dup('c');
            b[l] = Nd4j.createFromArray(w.bias().get(l));
        }
    }

    public LstmState newState() {
        return LstmState.zeros(hidden);
    }

    /** Same contract as {@link LstmModel#forward(List, List)}, for streams of equal length. */
    public List<FloatMatrix> forward(List<FloatMatrix> inputs, List<LstmState> states) {
        int streams = inputs.size();
        if (states.size() != streams) throw new IllegalArgumentException(streams + " inputs but " + states.size() + " states");
        int frames = streams == 0 ? 0 : inputs.get(0).rows();
        float[] x = new float[streams * frames * inputDim];
        for (int s = 0; s < streams; s++) {
            FloatMatrix in = inputs.get(s);
            if (in.rows() != frames || in.cols() != inputDim) {
                throw new IllegalArgumentException("stream " + s + ": input is [" + in.rows() + ", " + in.cols() + "], expected ["
                        + frames + ", " + inputDim + "] (the lstmLayer op takes streams of equal length)");
            }
            System.arraycopy(in.data(), 0, x, s * frames * inputDim, frames * inputDim);
        }
        List<FloatMatrix> out = new ArrayList<>(streams);
        if (streams == 0 || frames == 0) {
            for (int s = 0; s < streams; s++) out.add(FloatMatrix.zeros(frames, outputDim()));
            return out;
        }
        INDArray seq = Nd4j.create(x, new long[] {streams, frames, inputDim}, 'c');
        for (int l = 0; l < hidden.length; l++) {
            int m = hidden[l];
            float[] h0 = new float[streams * m];
            float[] c0 = new float[streams * m];
            for (int s = 0; s < streams; s++) {
                System.arraycopy(states.get(s).h[l], 0, h0, s * m, m);
                System.arraycopy(states.get(s).c[l], 0, c0, s * m, m);
            }
            INDArray[] res = Nd4j.exec(DynamicCustomOp.builder("lstmLayer")
                    .addInputs(seq, wx[l], wr[l], b[l], Nd4j.create(h0, new long[] {streams, m}, 'c'),
                            Nd4j.create(c0, new long[] {streams, m}, 'c'))
                    .addOutputs(Nd4j.createUninitialized(DataType.FLOAT, streams, frames, m),
                            Nd4j.createUninitialized(DataType.FLOAT, streams, m),
                            Nd4j.createUninitialized(DataType.FLOAT, streams, m))
                    .addIntegerArguments(INT_ARGS).addBooleanArguments(BOOL_ARGS).addFloatingPointArguments(0.0)
                    .build());
            float[] hl = res[1].data().asFloat();
            float[] cl = res[2].data().asFloat();
            for (int s = 0; s < streams; s++) {
                System.arraycopy(hl, s * m, states.get(s).h[l], 0, m);
                System.arraycopy(cl, s * m, states.get(s).c[l], 0, m);
            }
            seq = res[0];
        }
        int m = outputDim();
        float[] y = seq.data().asFloat();
        for (int s = 0; s < streams; s++) {
            float[] o = new float[frames * m];
            System.arraycopy(y, s * frames * m, o, 0, o.length);
            out.add(new FloatMatrix(frames, m, o));
        }
        return out;
    }

    public int outputDim() { return hidden[hidden.length - 1]; }
}
