package io.qstream.qrnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.arrays.FloatMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Agreement of the batched streaming forward with the float64 reference, whole, chunked and batched. */
class QrnnModelTest {
    static final double TOL = 1e-4;
    static final String[] HEADS = {"none", "softmax", "sigmoid"};

    static Stream<Arguments> configs() {
        List<Arguments> out = new ArrayList<>();
        int i = 0;
        for (Pooling p : Pooling.values()) {
            for (int k = 1; k <= 4; k++) {
                for (int layers = 1; layers <= 3; layers++) {
                    // every pooling × k × L; heads and normalization rotate so each appears with each pooling
                    out.add(Arguments.of(p, k, layers, HEADS[i % 3], (i / 3) % 2 == 0));
                    i++;
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} k={1} L={2} head={3} norm={4}")
    @MethodSource("configs")
    void matchesReferenceWholeChunkedAndBatched(Pooling pooling, int k, int numLayers, String head, boolean norm) {
        long seed = 1000L * pooling.ordinal() + 100L * k + 10L * numLayers + head.length();
        Random rnd = new Random(seed);
        int[] hidden = new int[numLayers];
        int[] window = new int[numLayers];
        for (int l = 0; l < numLayers; l++) {
            hidden[l] = 5 + rnd.nextInt(6);
            window[l] = l == 0 ? k : 1 + rnd.nextInt(4); // deeper layers get other windows too
        }
        QrnnModel model = RandomModels.model(rnd, 4 + rnd.nextInt(5), hidden, window, pooling, head, norm);
        // Plain-Java path (small calls) and ND4J path (gemm) must both agree with the reference.
        for (long limit : new long[] {Long.MAX_VALUE, 0}) {
            model.smallCallMacs(limit);
            String path = limit == 0 ? "nd4j" : "java";
            float[][] x = RandomModels.frames(rnd, 23, model.inputDim());
            double[][] ref = ReferenceQrnn.run(model, x);

            FloatMatrix whole = model.forward(FloatMatrix.fromRows(x, model.inputDim()), model.newState());
            assertClose(ref, whole, path + " whole");

            // random chunkings, including 1-frame chunks
            for (int trial = 0; trial < 3; trial++) {
                QrnnState st = model.newState();
                List<FloatMatrix> parts = new ArrayList<>();
                int at = 0;
                while (at < x.length) {
                    int len = trial == 0 ? 1 : Math.min(x.length - at, rnd.nextInt(7));
                    parts.add(model.forward(FloatMatrix.fromRows(java.util.Arrays.copyOfRange(x, at, at + len), model.inputDim()), st));
                    at += len;
                }
                assertClose(ref, concat(parts, model.outputDim()), path + " chunking " + trial);
            }

            // mixed-length batches: 5 streams of different lengths (one empty), fed in rounds of random chunk
            // sizes (many 0s) so every call mixes lengths
            int streams = 5;
            float[][][] xs = new float[streams][][];
            double[][][] refs = new double[streams][][];
            for (int b = 0; b < streams; b++) {
                xs[b] = RandomModels.frames(rnd, b == 2 ? 0 : 3 + rnd.nextInt(20), model.inputDim());
                refs[b] = ReferenceQrnn.run(model, xs[b]);
            }
            List<QrnnState> states = new ArrayList<>();
            List<List<FloatMatrix>> outs = new ArrayList<>();
            int[] pos = new int[streams];
            for (int b = 0; b < streams; b++) {
                states.add(model.newState());
                outs.add(new ArrayList<>());
            }
            boolean pending = true;
            while (pending) {
                List<FloatMatrix> in = new ArrayList<>();
                for (int b = 0; b < streams; b++) {
                    int len = Math.min(xs[b].length - pos[b], rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(9));
                    in.add(FloatMatrix.fromRows(java.util.Arrays.copyOfRange(xs[b], pos[b], pos[b] + len), model.inputDim()));
                    pos[b] += len;
                }
                List<FloatMatrix> got = model.forward(in, states);
                for (int b = 0; b < streams; b++) {
                    assertEquals(in.get(b).rows(), got.get(b).rows(), "rows out = rows in");
                    outs.get(b).add(got.get(b));
                }
                pending = false;
                for (int b = 0; b < streams; b++) pending |= pos[b] < xs[b].length;
            }
            for (int b = 0; b < streams; b++) {
                assertClose(refs[b], concat(outs.get(b), model.outputDim()), path + " batched stream " + b);
            }
        }
    }

    @Test
    void largeBatchUsesOneGemmAndMatchesJavaPath() {
        Random rnd = new Random(7);
        QrnnModel model = RandomModels.model(rnd, 16, new int[] {32, 24}, new int[] {2, 3}, Pooling.FO, "softmax", true);
        List<FloatMatrix> in = new ArrayList<>();
        for (int b = 0; b < 40; b++) in.add(FloatMatrix.fromRows(RandomModels.frames(rnd, b % 9, 16), 16));
        List<QrnnState> s1 = new ArrayList<>();
        List<QrnnState> s2 = new ArrayList<>();
        for (int b = 0; b < 40; b++) {
            s1.add(model.newState());
            s2.add(model.newState());
        }
        List<FloatMatrix> nd = model.smallCallMacs(0).forward(in, s1);
        List<FloatMatrix> jv = model.smallCallMacs(Long.MAX_VALUE).forward(in, s2);
        for (int b = 0; b < 40; b++) {
            double[][] ref = ReferenceQrnn.run(model, in.get(b).toRows());
            assertClose(ref, nd.get(b), "nd4j stream " + b);
            assertClose(ref, jv.get(b), "java stream " + b);
            for (int l = 0; l < 2; l++) {
                for (int j = 0; j < s1.get(b).cell[l].length; j++) {
                    assertEquals(s2.get(b).cell[l][j], s1.get(b).cell[l][j], 1e-5, "cell state stream " + b);
                }
            }
        }
    }

    @Test
    void rejectsMismatchedInputsAndStates() {
        Random rnd = new Random(3);
        QrnnModel model = RandomModels.model(rnd, 6, new int[] {4}, new int[] {2}, Pooling.F, "none", false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.forward(List.of(FloatMatrix.zeros(2, 5)), List.of(model.newState())));
        assertTrue(e.getMessage().contains("stream 0") && e.getMessage().contains("expected input_dim = 6"), e.getMessage());
        QrnnState bad = model.newState();
        bad.history[0] = new float[3];
        e = assertThrows(IllegalArgumentException.class, () -> model.forward(List.of(FloatMatrix.zeros(2, 6)), List.of(bad)));
        assertTrue(e.getMessage().contains("state layer 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> model.forward(List.of(FloatMatrix.zeros(2, 6)), List.of()));
        assertTrue(e.getMessage().contains("1 inputs but 0 states"), e.getMessage());
    }

    @Test
    void emptyCallLeavesStateAlone() {
        Random rnd = new Random(5);
        QrnnModel model = RandomModels.model(rnd, 3, new int[] {4}, new int[] {3}, Pooling.IFO, "sigmoid", false);
        QrnnState st = model.newState();
        model.forward(FloatMatrix.fromRows(RandomModels.frames(rnd, 4, 3), 3), st);
        QrnnState before = st.copy();
        FloatMatrix out = model.forward(FloatMatrix.zeros(0, 3), st);
        assertEquals(0, out.rows());
        assertEquals(3, out.cols());
        assertTrue(java.util.Arrays.equals(before.cell[0], st.cell[0]));
        assertTrue(java.util.Arrays.equals(before.history[0], st.history[0]));
    }

    static FloatMatrix concat(List<FloatMatrix> parts, int cols) {
        int rows = parts.stream().mapToInt(FloatMatrix::rows).sum();
        float[] d = new float[rows * cols];
        int at = 0;
        for (FloatMatrix p : parts) {
            System.arraycopy(p.data(), 0, d, at, p.data().length);
            at += p.data().length;
        }
        return new FloatMatrix(rows, cols, d);
    }

    static void assertClose(double[][] ref, FloatMatrix got, String what) {
        assertEquals(ref.length, got.rows(), what + ": rows");
        double max = 0;
        for (int i = 0; i < ref.length; i++) {
            assertEquals(ref[i].length, got.cols(), what + ": cols");
            for (int j = 0; j < ref[i].length; j++) max = Math.max(max, Math.abs(ref[i][j] - got.get(i, j)));
        }
        assertTrue(max <= TOL, what + ": max abs diff " + max + " > " + TOL);
    }
}
