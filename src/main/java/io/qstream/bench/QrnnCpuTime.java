package io.qstream.bench;

import io.qstream.arrays.FloatMatrix;
import io.qstream.qrnn.LstmModel;
import io.qstream.qrnn.LstmState;
import io.qstream.qrnn.LstmWeights;
import io.qstream.qrnn.QrnnModel;
import io.qstream.qrnn.QrnnState;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The {@link QrnnBenchmark} comparison measured in CPU time of the calling thread instead of wall time:
 * on a shared, oversubscribed machine wall-clock JMH numbers swing by 2-5x, CPU time much less. Only
 * meaningful with {@code OMP_NUM_THREADS=1} (then gemm runs on the calling thread). Prints one line per
 * (streams x frames): QRNN, LSTM and sgemm rates and the two ratios the benchmark goals are about.
 * Run: {@code OMP_NUM_THREADS=1 java -cp target/qstream.jar:target/lib/* io.qstream.bench.QrnnCpuTime}.
 */
public final class QrnnCpuTime {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private QrnnCpuTime() {}

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        int n = QrnnBenchmark.N;
        int m = QrnnBenchmark.M;
        int k = QrnnBenchmark.K;
        Random rnd = new Random(1);
        QrnnModel qrnn = QrnnBenchmark.qrnnModel(rnd);
        LstmWeights lstmWeights = LstmWeights.random(n, new int[] {m, m}, 43);
        LstmModel lstm = new LstmModel(lstmWeights);
        Nd4jLstmLayer lstmOp = new Nd4jLstmLayer(lstmWeights);
        System.out.println("OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS") + ", CPU seconds of the calling thread");
        for (int[] shape : new int[][] {{1, 1}, {16, 8}, {256, 32}, {1024, 32}}) {
            int streams = shape[0];
            int frames = shape[1];
            List<FloatMatrix> in = new ArrayList<>();
            List<QrnnState> qs = new ArrayList<>();
            List<LstmState> ls = new ArrayList<>();
            List<LstmState> os = new ArrayList<>();
            for (int b = 0; b < streams; b++) {
                float[] d = new float[frames * n];
                for (int i = 0; i < d.length; i++) d[i] = (float) rnd.nextGaussian();
                in.add(new FloatMatrix(frames, n, d));
                qs.add(qrnn.newState());
                ls.add(lstm.newState());
                os.add(lstmOp.newState());
            }
            int rows = streams * frames;
            INDArray a = Nd4j.rand(DataType.FLOAT, rows, k * n + 1);
            INDArray w = Nd4j.rand(DataType.FLOAT, k * n + 1, 3 * m);
            INDArray c = Nd4j.createUninitialized(DataType.FLOAT, rows, 3 * m);
            double tq = cpuSecondsPerCall(() -> qrnn.forward(in, qs), seconds);
            double tl = cpuSecondsPerCall(() -> lstm.forward(in, ls), seconds);
            double to = cpuSecondsPerCall(() -> lstmOp.forward(in, os), seconds);
            double tg = cpuSecondsPerCall(() -> Nd4j.gemm(a, w, c, false, false, 1.0, 0.0), seconds / 2);
            double qFlops = 2.0 * rows * (k * n + 1) * 3 * m + 2.0 * rows * (k * m + 1) * 3 * m;
            double gFlops = 2.0 * rows * (k * n + 1) * 3 * m;
            System.out.printf("%5dx%-3d qrnn %9.3f ms/call %9.0f frames/s %6.1f GFLOP/s | lstm %9.0f frames/s | nd4j lstmLayer op %9.0f frames/s"
                            + " | sgemm %6.1f GFLOP/s | qrnn/sgemm %3.0f%% | qrnn/lstm %.1fx | qrnn/op %.1fx%n",
                    streams, frames, tq * 1e3, rows / tq, qFlops / tq / 1e9, rows / tl, rows / to, gFlops / tg / 1e9,
                    100 * (qFlops / tq) / (gFlops / tg), tl / tq, to / tq);
        }
    }

    private static double cpuSecondsPerCall(Runnable call, double seconds) {
        long warm = MX.getCurrentThreadCpuTime();
        while (MX.getCurrentThreadCpuTime() - warm < (long) (seconds * 0.3e9)) call.run();
        long t0 = MX.getCurrentThreadCpuTime();
        int calls = 0;
        while (MX.getCurrentThreadCpuTime() - t0 < (long) (seconds * 1e9)) {
            call.run();
            calls++;
        }
        return (MX.getCurrentThreadCpuTime() - t0) / 1e9 / calls;
    }
}
