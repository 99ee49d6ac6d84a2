package io.qstream.qrnn;

import java.util.List;

/**
 * An independent float64 reference: a plain loop over the equations in docs/ARCHITECTURE.md, for one whole
 * stream from a zero state. Shares nothing with the production code but the model's public getters.
 */
final class ReferenceQrnn {
    private ReferenceQrnn() {}

    /** {@code x} is [T][inputDim]; returns [T][outputDim]. */
    static double[][] run(QrnnModel model, float[][] x) {
        int t = x.length;
        double[][] in = new double[t][];
        for (int i = 0; i < t; i++) {
            in[i] = new double[model.inputDim()];
            for (int j = 0; j < model.inputDim(); j++) {
                double v = x[i][j];
                if (model.mean() != null) v = (v - model.mean()[j]) / model.std()[j];
                in[i][j] = v;
            }
        }
        for (QrnnLayer layer : model.layers()) in = layer(layer, in);
        DenseHead head = model.head();
        if (head == null) return in;
        int c = head.classes();
        int m = head.inputSize();
        double[][] out = new double[t][c];
        for (int i = 0; i < t; i++) {
            for (int o = 0; o < c; o++) {
                double a = head.bias()[o];
                for (int j = 0; j < m; j++) a += (double) head.weight()[o * m + j] * in[i][j];
                out[i][o] = a;
            }
            if (head.softmax()) {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : out[i]) max = Math.max(max, v);
                double sum = 0;
                for (int o = 0; o < c; o++) sum += (out[i][o] = Math.exp(out[i][o] - max));
                for (int o = 0; o < c; o++) out[i][o] /= sum;
            } else {
                for (int o = 0; o < c; o++) out[i][o] = sigmoid(out[i][o]);
            }
        }
        return out;
    }

    static double[][] layer(QrnnLayer layer, double[][] x) {
        int t = x.length;
        int n = layer.inputSize();
        int m = layer.hidden();
        int k = layer.window();
        double[] c = new double[m];
        double[][] h = new double[t][m];
        for (int i = 0; i < t; i++) {
            double[] a = new double[layer.gateRows()];
            for (int r = 0; r < a.length; r++) {
                double v = layer.bias()[r];
                for (int j = 0; j < k; j++) {
                    int src = i - (k - 1) + j; // oldest first, zero left padding
                    if (src < 0) continue;
                    for (int q = 0; q < n; q++) v += (double) layer.weight()[r * k * n + j * n + q] * x[src][q];
                }
                a[r] = v;
            }
            for (int j = 0; j < m; j++) {
                double z = Math.tanh(a[j]);
                double f = sigmoid(a[m + j]);
                switch (layer.pooling()) {
                    case F -> { c[j] = f * c[j] + (1 - f) * z; h[i][j] = c[j]; }
                    case FO -> { c[j] = f * c[j] + (1 - f) * z; h[i][j] = sigmoid(a[2 * m + j]) * c[j]; }
                    case IFO -> { c[j] = f * c[j] + sigmoid(a[3 * m + j]) * z; h[i][j] = sigmoid(a[2 * m + j]) * c[j]; }
                }
            }
        }
        return h;
    }

    static double sigmoid(double v) { return 1 / (1 + Math.exp(-v)); }

    static List<String> labels(int c) {
        String[] l = new String[c];
        for (int i = 0; i < c; i++) l[i] = "label" + i;
        return List.of(l);
    }
}
