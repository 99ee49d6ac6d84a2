package io.qstream.cli;

import io.qstream.arrays.FloatMatrix;
import io.qstream.arrays.Npy;
import io.qstream.qrnn.ModelFiles;
import io.qstream.qrnn.QrnnModel;
import io.qstream.qrnn.QrnnState;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code qstream infer}: runs a QRNN model over a {@code [frames, input_dim]} float32 .npy and writes
 * {@code [frames, outputs]}: the head's probabilities, or the last layer's h when the model has no head.
 */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Run a QRNN model over a [frames, dims] float32 .npy of features; write [frames, outputs] .npy.")
public final class InferCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "<dir|zip>", description = "Model directory or .zip (model.json + weights.npz).")
    Path model;

    @Option(names = "--features", required = true, paramLabel = "<in.npy>", description = "Input features, [frames, input_dim] float32.")
    Path features;

    @Option(names = "--out", required = true, paramLabel = "<out.npy>", description = "Output, [frames, outputs] float32.")
    Path out;

    @Option(names = "--chunk", paramLabel = "N", description = "Feed N frames per call, carrying state between calls (default: all at once).")
    Integer chunk;

    @Override
    public Integer call() throws Exception {
        if (chunk != null && chunk < 1) throw new IllegalArgumentException("--chunk must be >= 1, got " + chunk);
        QrnnModel m = ModelFiles.load(model);
        FloatMatrix x = Npy.readMatrix(features);
        if (x.cols() != m.inputDim()) {
            throw new IllegalArgumentException(features + ": has " + x.cols() + " columns per frame, but model " + model
                    + " expects input_dim = " + m.inputDim());
        }
        int step = chunk == null ? Math.max(1, x.rows()) : chunk;
        QrnnState state = m.newState();
        float[] result = new float[x.rows() * m.outputDim()];
        for (int from = 0; from < x.rows(); from += step) {
            int to = Math.min(x.rows(), from + step);
            FloatMatrix y = m.forward(x.rowRange(from, to), state);
            System.arraycopy(y.data(), 0, result, from * m.outputDim(), y.data().length);
        }
        Npy.write(out, new FloatMatrix(x.rows(), m.outputDim(), result));
        System.err.printf("qstream infer: %d frames -> %s [%d, %d]%n", x.rows(), out, x.rows(), m.outputDim());
        return 0;
    }
}
