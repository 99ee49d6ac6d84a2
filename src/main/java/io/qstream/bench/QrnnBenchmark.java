package io.qstream.bench;

import io.qstream.arrays.FloatMatrix;
import io.qstream.qrnn.LstmModel;
import io.qstream.qrnn.LstmState;
import io.qstream.qrnn.LstmWeights;
import io.qstream.qrnn.Pooling;
import io.qstream.qrnn.QrnnLayer;
import io.qstream.qrnn.QrnnModel;
import io.qstream.qrnn.QrnnState;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * QRNN vs two LSTMs vs plain sgemm at n=80 inputs, m=256 hidden, L=2 layers, k=2, fo-pooling, for
 * (streams × frames per call) of 1×1, 16×8, 256×32 and 1024×32, steady streaming state.
 *
 * <p>The LSTMs: {@code lstm} is {@link LstmModel}, written for this comparison as carefully as the QRNN (input
 * projections as one gemm, one gemm per step, fused Java gates); {@code lstmNd4jOp} is ND4J's own lstmLayer op
 * ({@link Nd4jLstmLayer}) with the same weights.
 *
 * <p>Read the secondary counters: {@code frames} is frames/s, {@code flops} is FLOP/s (divide by 1e9 for
 * GFLOP/s). For {@code qrnn} the flops counted are those of its convolution gemms (its effective rate);
 * {@code sgemm} is one {@code Nd4j.gemm} of the layer-1 convolution's shape {@code [S*T, k*n+1] x [k*n+1, 3m]}
 * into a preallocated output (at 256x32 the reference rate the QRNN is compared with).
 * Run: {@code java -cp target/qstream.jar:target/lib/* org.openjdk.jmh.Main QrnnBenchmark -wi 2 -i 3 -f 1}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Thread)
public class QrnnBenchmark {
    static final int N = 80;
    static final int M = 256;
    static final int K = 2;
    static final int LAYERS = 2;

    /** streams x frames per call. */
    @Param({"1x1", "16x8", "256x32", "1024x32"})
    public String shape;

    int streams;
    int frames;
    QrnnModel qrnn;
    LstmModel lstm;
    Nd4jLstmLayer lstmOp;
    List<FloatMatrix> inputs;
    List<QrnnState> qrnnStates;
    List<LstmState> lstmStates;
    List<LstmState> lstmOpStates;
    INDArray gemmA;
    INDArray gemmB;
    INDArray gemmC;
    long qrnnFlopsPerCall;
    long gemmFlopsPerCall;

    /** Per-iteration counters JMH reports as rates (frames/s, FLOP/s). */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Counters {
        public long frames;
        public long flops;

        @Setup(Level.Iteration)
        public void reset() {
            frames = 0;
            flops = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        String[] p = shape.split("x");
        streams = Integer.parseInt(p[0]);
        frames = Integer.parseInt(p[1]);
        Random rnd = new Random(42);
        qrnn = qrnnModel(rnd);
        LstmWeights lstmWeights = LstmWeights.random(N, new int[] {M, M}, 43);
        lstm = new LstmModel(lstmWeights);
        lstmOp = new Nd4jLstmLayer(lstmWeights);
        inputs = new ArrayList<>();
        qrnnStates = new ArrayList<>();
        lstmStates = new ArrayList<>();
        lstmOpStates = new ArrayList<>();
        for (int b = 0; b < streams; b++) {
            float[] x = new float[frames * N];
            for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
            inputs.add(new FloatMatrix(frames, N, x));
            qrnnStates.add(qrnn.newState());
            lstmStates.add(lstm.newState());
            lstmOpStates.add(lstmOp.newState());
        }
        long rows = (long) streams * frames;
        int g = Pooling.FO.gates();
        qrnnFlopsPerCall = 2 * rows * (K * N + 1) * g * M + 2 * rows * (K * M + 1) * g * M;
        gemmFlopsPerCall = 2 * rows * (K * N + 1) * g * M;
        gemmA = Nd4j.rand(DataType.FLOAT, rows, K * N + 1);
        gemmB = Nd4j.rand(DataType.FLOAT, K * N + 1, g * M);
        gemmC = Nd4j.createUninitialized(DataType.FLOAT, rows, g * M);
    }

    static QrnnModel qrnnModel(Random rnd) {
        List<QrnnLayer> layers = new ArrayList<>();
        int n = N;
        for (int l = 0; l < LAYERS; l++) {
            int g = Pooling.FO.gates();
            float s = (float) (1 / Math.sqrt(K * n));
            float[] w = new float[g * M * K * n];
            for (int i = 0; i < w.length; i++) w[i] = (rnd.nextFloat() * 2 - 1) * s;
            float[] b = new float[g * M];
            for (int i = 0; i < b.length; i++) b[i] = (rnd.nextFloat() * 2 - 1) * s;
            layers.add(new QrnnLayer(n, M, K, Pooling.FO, w, b));
            n = M;
        }
        return new QrnnModel(N, layers, null, null, null, null);
    }

    @Benchmark
    public List<FloatMatrix> qrnn(Counters c) {
        List<FloatMatrix> out = qrnn.forward(inputs, qrnnStates);
        c.frames += (long) streams * frames;
        c.flops += qrnnFlopsPerCall;
        return out;
    }

    @Benchmark
    public List<FloatMatrix> lstm(Counters c) {
        List<FloatMatrix> out = lstm.forward(inputs, lstmStates);
        c.frames += (long) streams * frames;
        return out;
    }

    /** ND4J's own lstmLayer op with the same weights: what an ND4J user gets without a hand-written LSTM. */
    @Benchmark
    public List<FloatMatrix> lstmNd4jOp(Counters c) {
        List<FloatMatrix> out = lstmOp.forward(inputs, lstmOpStates);
        c.frames += (long) streams * frames;
        return out;
    }

    @Benchmark
    public INDArray sgemm(Counters c) {
        INDArray out = Nd4j.gemm(gemmA, gemmB, gemmC, false, false, 1.0, 0.0);
        c.flops += gemmFlopsPerCall;
        return out;
    }
}
