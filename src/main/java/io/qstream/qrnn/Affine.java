package io.qstream.qrnn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An affine map y = W·x + b applied to many rows at once, {@code [rows, in] -> [rows, out]}, as one
 * matrix product. Inputs arrive "augmented": each row is {@code in} values followed by a constant 1, so
 * the bias is the last row of the stored {@code [in+1, out]} transposed weight and the product needs no
 * separate bias op (ND4J charges 5–30 µs per op whatever its size).
 *
 * <p>Small products (one row: one frame of one stream) run as plain Java loops in saxpy form: as fast as
 * ND4J there (both bound by reading the weights) and free of ND4J's per-call cost and of OpenMP/OpenBLAS
 * thread hand-offs, which on a busy machine cost far more than the product. Large products run as one {@code Nd4j.gemm} into a
 * preallocated output (no allocation per call). Activations are left to the caller, which fuses them into
 * its own pass over the rows (ND4J's native sigmoid costs more than the product itself at our sizes).
 */
final class Affine {
    final int in;
    final int out;
    /** {@code [in+1, out]} row-major: row i &lt; in is column i of W, row in is the bias. */
    private final float[] wt;
    /** The same values on the native side (detached from any workspace, shared read-only by threads). */
    private final INDArray wtNative;

    /**
     * @param weight   {@code [out, in]} row-major
     * @param bias     {@code [out]}
     * @param outScale per output factor applied to its weights and bias (null = 1); QRNN layers use 0.5 on
     *                 sigmoid gates so that every gate is one tanh: sigmoid(a) = (1 + tanh(a/2)) / 2
     */
    Affine(int in, int out, float[] weight, float[] bias, float[] outScale) {
        this.in = in;
        this.out = out;
        this.wt = new float[(in + 1) * out];
        for (int o = 0; o < out; o++) {
            float s = outScale == null ? 1f : outScale[o];
            for (int i = 0; i < in; i++) wt[i * out + o] = weight[o * in + i] * s;
            wt[in * out + o] = bias[o] * s;
        }
        this.wtNative = Nd4j.createFromArray(wt).reshape('c', in + 1, out).detach();
    }

    /** The {@code [in+1, out]} weight on the native side (read-only). */
    INDArray nativeWeights() { return wtNative; }

    long macs(int rows) { return (long) rows * (in + 1) * out; }

    /**
     * y[r] = W·x[r] + b for {@code rows} rows.
     *
     * @param xAug    {@code [rows, in+1]} row-major, last column 1
     * @param y       receives {@code [rows, out]} row-major
     * @param useJava run the plain-Java path instead of ND4J
     */
    void apply(float[] xAug, int rows, float[] y, boolean useJava, NativeScratch scratch) {
        if (rows == 0) return;
        if (useJava) {
            applyJava(xAug, rows, y);
        } else {
            applyNative(xAug, rows, y, scratch);
        }
    }

    private void applyJava(float[] x, int rows, float[] y) {
        final int in1 = in + 1;
        final float[] w = wt;
        final int n = out;
        for (int r = 0; r < rows; r++) {
            final int yo = r * n;
            final int xo = r * in1;
            System.arraycopy(w, in * n, y, yo, n);
            int i = 0;
            // four weight rows per pass over y: a quarter of the loads and stores of y, same weight reads
            for (; i + 3 < in; i += 4) {
                final float x0 = x[xo + i];
                final float x1 = x[xo + i + 1];
                final float x2 = x[xo + i + 2];
                final float x3 = x[xo + i + 3];
                final int w0 = i * n;
                final int w1 = w0 + n;
                final int w2 = w1 + n;
                final int w3 = w2 + n;
                for (int j = 0; j < n; j++) {
                    y[yo + j] += w[w0 + j] * x0 + w[w1 + j] * x1 + w[w2 + j] * x2 + w[w3 + j] * x3;
                }
            }
            for (; i < in; i++) {
                final float xi = x[xo + i];
                final int wo = i * n;
                for (int j = 0; j < n; j++) y[yo + j] += w[wo + j] * xi;
            }
        }
    }

    private void applyNative(float[] x, int rows, float[] y, NativeScratch s) {
        HostBuffer xs = s.in.ensure((long) rows * (in + 1));
        HostBuffer ys = s.out.ensure((long) rows * out);
        xs.write(0, x, 0, rows * (in + 1));
        Nd4j.gemm(xs.view(rows, in + 1, 0), wtNative, ys.view(rows, out, 0), false, false, 1.0, 0.0);
        ys.read(0, y, 0, rows * out);
    }

    /** One thread's input and output buffers for the native products. */
    static final class NativeScratch {
        final HostBuffer in = new HostBuffer();
        final HostBuffer out = new HostBuffer();
    }
}
