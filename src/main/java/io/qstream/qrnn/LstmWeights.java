package io.qstream.qrnn;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Weights of a stacked LSTM in PyTorch's layout (gates in the order i, f, g, o), shared by the two LSTM
 * baselines of the QRNN benchmark ({@link LstmModel} and ND4J's own lstmLayer op).
 *
 * @param inputDim n, inputs of the first layer
 * @param hidden   m per layer
 * @param wIh      per layer {@code [4m, n_l]} row-major (n_l = n for layer 0, else the previous m)
 * @param wHh      per layer {@code [4m, m]} row-major
 * @param bias     per layer {@code [4m]} (b_ih + b_hh)
 */
public record LstmWeights(int inputDim, int[] hidden, List<float[]> wIh, List<float[]> wHh, List<float[]> bias) {
    public LstmWeights {
        hidden = hidden.clone();
        wIh = List.copyOf(wIh);
        wHh = List.copyOf(wHh);
        bias = List.copyOf(bias);
        if (wIh.size() != hidden.length || wHh.size() != hidden.length || bias.size() != hidden.length) {
            throw new IllegalArgumentException("LSTM of " + hidden.length + " layers needs as many wIh, wHh and bias arrays, got "
                    + wIh.size() + ", " + wHh.size() + ", " + bias.size());
        }
        int n = inputDim;
        for (int l = 0; l < hidden.length; l++) {
            int m = hidden[l];
            if (wIh.get(l).length != 4 * m * n || wHh.get(l).length != 4 * m * m || bias.get(l).length != 4 * m) {
                throw new IllegalArgumentException("LSTM layer " + l + ": expected weights [4m, n] = [" + 4 * m + ", " + n
                        + "], [4m, m] = [" + 4 * m + ", " + m + "] and bias [" + 4 * m + "]");
            }
            n = m;
        }
    }

    /** Input size of layer l. */
    public int layerInput(int l) { return l == 0 ? inputDim : hidden[l - 1]; }

    /** Random weights, uniform ±1/sqrt(m) (PyTorch's init), for benchmarks and tests. */
    public static LstmWeights random(int inputDim, int[] hidden, long seed) {
        Random rnd = new Random(seed);
        List<float[]> wi = new ArrayList<>();
        List<float[]> wh = new ArrayList<>();
        List<float[]> b = new ArrayList<>();
        int n = inputDim;
        for (int m : hidden) {
            float s = (float) (1 / Math.sqrt(m));
            wi.add(uniform(rnd, 4 * m * n, s));
            wh.add(uniform(rnd, 4 * m * m, s));
            b.add(uniform(rnd, 4 * m, s));
            n = m;
        }
        return new LstmWeights(inputDim, hidden, wi, wh, b);
    }

    private static float[] uniform(Random rnd, int len, float s) {
        float[] a = new float[len];
        for (int i = 0; i < len; i++) a[i] = (rnd.nextFloat() * 2 - 1) * s;
        return a;
    }
}
