package io.qstream.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

/**
 * Checks the hand-written backward pass against central finite differences of the loss, for every pooling and
 * window k in {1,2,3}, with carried state, class weights, padding, zoneout and dropout (masks fixed by the seed).
 */
class QrnnNetGradientTest {
    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String pooling : List.of("f", "fo", "ifo")) {
            for (int k = 1; k <= 3; k++) {
                b.add(Arguments.of(pooling, k, "softmax"));
            }
        }
        b.add(Arguments.of("fo", 2, "sigmoid"));
        b.add(Arguments.of("ifo", 3, "sigmoid"));
        return b.build();
    }

    @ParameterizedTest(name = "{0} k={1} {2}")
    @MethodSource("cases")
    void backwardMatchesFiniteDifferences(String pooling, int k, String activation) {
        NetShape shape = new NetShape(3, new int[] {4, 3}, new int[] {k, k}, new String[] {pooling, pooling},
                List.of("a", "b", "c"), activation);
        QrnnNet net = new QrnnNet(shape, 7);
        SplittableRandom rng = new SplittableRandom(11);
        // Larger-than-init weights so every path carries signal; random normalization.
        for (float[] p : net.parameters()) for (int i = 0; i < p.length; i++) p[i] = (float) rng.nextGaussian() * 0.6f;
        net.setNormalization(new float[] {0.5f, -1f, 2f}, new float[] {1.5f, 0.7f, 2f});
        int[] frames = {5, 3};
        float[][] inputs = new float[2][];
        int[][] targets = new int[2][];
        float[][] weights = new float[2][];
        for (int b = 0; b < 2; b++) {
            inputs[b] = new float[frames[b] * 3];
            for (int i = 0; i < inputs[b].length; i++) inputs[b][i] = (float) rng.nextGaussian() * 2;
            targets[b] = new int[frames[b]];
            weights[b] = new float[frames[b]];
            for (int t = 0; t < frames[b]; t++) {
                targets[b][t] = rng.nextInt(3);
                weights[b][t] = targets[b][t] == 0 ? 0.5f : 1.5f;
            }
        }
        weights[1][2] = 0f; // a padded frame
        QrnnNet.LaneState[] start = new QrnnNet.LaneState[2];
        for (int b = 0; b < 2; b++) {
            start[b] = new QrnnNet.LaneState(shape);
            for (float[] c : start[b].cell) for (int i = 0; i < c.length; i++) c[i] = (float) rng.nextGaussian() * 0.5f;
            for (float[] h : start[b].history) for (int i = 0; i < h.length; i++) h[i] = (float) rng.nextGaussian();
        }
        QrnnNet.Regularization reg = new QrnnNet.Regularization(0.25f, 0.25f, 42L);

        net.zeroGradients();
        QrnnNet.Pass pass = net.forward(inputs, copy(start, shape), reg);
        net.backward(pass, targets, weights, true);
        float[][] params = net.parameters();
        float[][] grads = net.gradients();

        int checked = 0;
        double eps = 1e-2;
        for (int p = 0; p < params.length; p++) {
            for (int i = 0; i < params[p].length; i++) {
                float saved = params[p][i];
                params[p][i] = (float) (saved + eps);
                double up = loss(net, inputs, start, shape, reg, targets, weights);
                params[p][i] = (float) (saved - eps);
                double down = loss(net, inputs, start, shape, reg, targets, weights);
                params[p][i] = saved;
                double numeric = (up - down) / (2 * eps);
                assertClose(numeric, grads[p][i], "param array " + p + " index " + i);
                checked++;
            }
        }
        assertEquals(net.parameterCount(), checked);

        // Gradient into the raw input (through the fixed normalization) of lane 0.
        float[] dx = net.inputGradient(net.forward(inputs, copy(start, shape), reg), targets, weights, 0);
        for (int i = 0; i < inputs[0].length; i++) {
            float saved = inputs[0][i];
            inputs[0][i] = (float) (saved + eps);
            double up = loss(net, inputs, start, shape, reg, targets, weights);
            inputs[0][i] = (float) (saved - eps);
            double down = loss(net, inputs, start, shape, reg, targets, weights);
            inputs[0][i] = saved;
            assertClose((up - down) / (2 * eps), dx[i], "input index " + i);
        }
    }

    private static void assertClose(double numeric, double analytic, String what) {
        double tol = 2e-3 + 2e-2 * Math.max(Math.abs(numeric), Math.abs(analytic));
        assertTrue(Math.abs(numeric - analytic) <= tol,
                what + ": finite difference " + numeric + " vs backward " + analytic);
    }

    private static double loss(QrnnNet net, float[][] inputs, QrnnNet.LaneState[] start, NetShape shape,
                               QrnnNet.Regularization reg, int[][] targets, float[][] weights) {
        QrnnNet.Pass pass = net.forward(inputs, copy(start, shape), reg);
        return net.backward(pass, targets, weights, false);
    }

    private static QrnnNet.LaneState[] copy(QrnnNet.LaneState[] states, NetShape shape) {
        QrnnNet.LaneState[] out = new QrnnNet.LaneState[states.length];
        for (int b = 0; b < states.length; b++) {
            out[b] = new QrnnNet.LaneState(shape);
            for (int l = 0; l < shape.layers(); l++) {
                out[b].cell[l] = states[b].cell[l].clone();
                out[b].history[l] = states[b].history[l].clone();
            }
        }
        return out;
    }
}
