package io.qstream.qrnn;


import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qstream.arrays.FloatMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The benchmark's LSTM baseline agrees with a float64 reference, whole, chunked and in mixed batches. */
class LstmModelTest {
    @Test
    void matchesReference() {
        int n = 5;
        int[] hidden = {6, 4};
        Random rnd = new Random(9);
        List<float[]> wi = new ArrayList<>();
        List<float[]> wh = new ArrayList<>();
        List<float[]> b = new ArrayList<>();
        int in = n;
        for (int m : hidden) {
            wi.add(RandomModels.uniform(rnd, 4 * m * in, 0.6f));
            wh.add(RandomModels.uniform(rnd, 4 * m * m, 0.6f));
            b.add(RandomModels.uniform(rnd, 4 * m, 0.5f));
            in = m;
        }
        LstmModel model = new LstmModel(new LstmWeights(n, hidden, wi, wh, b));
        int streams = 6;
        float[][][] xs = new float[streams][][];
        double[][][] refs = new double[streams][][];
        List<LstmState> states = new ArrayList<>();
        List<List<FloatMatrix>> outs = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            xs[s] = RandomModels.frames(rnd, s == 3 ? 0 : 1 + rnd.nextInt(25), n);
            refs[s] = reference(xs[s], n, hidden, wi, wh, b);
            states.add(model.newState());
            outs.add(new ArrayList<>());
        }
        int[] pos = new int[streams];
        boolean pending = true;
        while (pending) {
            List<FloatMatrix> batch = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                int len = Math.min(xs[s].length - pos[s], rnd.nextInt(8));
                batch.add(FloatMatrix.fromRows(Arrays.copyOfRange(xs[s], pos[s], pos[s] + len), n));
                pos[s] += len;
            }
            List<FloatMatrix> got = model.forward(batch, states);
            for (int s = 0; s < streams; s++) outs.get(s).add(got.get(s));
            pending = false;
            for (int s = 0; s < streams; s++) pending |= pos[s] < xs[s].length;
        }
        for (int s = 0; s < streams; s++) {
            QrnnModelTest.assertClose(refs[s], QrnnModelTest.concat(outs.get(s), 4), "lstm stream " + s);
        }
        // whole, in one call
        LstmState st = model.newState();
        FloatMatrix whole = model.forward(List.of(FloatMatrix.fromRows(xs[0], n)), List.of(st)).get(0);
        QrnnModelTest.assertClose(refs[0], whole, "lstm whole");
        assertEquals(xs[0].length, whole.rows());
    }

    static double[][] reference(float[][] x, int n, int[] hidden, List<float[]> wi, List<float[]> wh, List<float[]> b) {
        double[][] in = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            in[t] = new double[n];
            for (int j = 0; j < n; j++) in[t][j] = x[t][j];
        }
        int ni = n;
        for (int l = 0; l < hidden.length; l++) {
            int m = hidden[l];
            double[] h = new double[m];
            double[] c = new double[m];
            double[][] out = new double[x.length][m];
            for (int t = 0; t < x.length; t++) {
                double[] a = new double[4 * m];
                for (int r = 0; r < 4 * m; r++) {
                    double v = b.get(l)[r];
                    for (int j = 0; j < ni; j++) v += (double) wi.get(l)[r * ni + j] * in[t][j];
                    for (int j = 0; j < m; j++) v += (double) wh.get(l)[r * m + j] * h[j];
                    a[r] = v;
                }
                for (int j = 0; j < m; j++) {
                    double ig = ReferenceQrnn.sigmoid(a[j]);
                    double fg = ReferenceQrnn.sigmoid(a[m + j]);
                    double gg = Math.tanh(a[2 * m + j]);
                    double og = ReferenceQrnn.sigmoid(a[3 * m + j]);
                    c[j] = fg * c[j] + ig * gg;
                    h[j] = og * Math.tanh(c[j]);
                    out[t][j] = h[j];
                }
            }
            in = out;
            ni = m;
        }
        return in;
    }
}
