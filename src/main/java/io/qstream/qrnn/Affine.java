package io.qstream.qrnn;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An affine map y = W·x + b applied to many rows at once, {@code [rows, in] -> [rows, out]}, as one
 * matrix product. Inputs arrive "augmented": each row is {@code in} values followed by a constant 1, so
 * the bias is the last row of the stored {@code [in+1, out]} transposed weight and the product needs no
 * separate bias op (ND4J charges 5–30 µs per op whatever its size).
 *
 * <p>Small products run as plain Java loops (saxpy form, which the JIT vectorizes): for a handful of rows
 * that is faster than the fixed cost of ND4J calls. Large products run as one {@code Nd4j.gemm} into a
 * preallocated output, optionally followed by one in-place native sigmoid.
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
     * @param outScale per output factor applied to its weights and bias (null = 1); QRNN layers use 2 on
     *                 the Z block so that tanh(a) = 2·sigmoid(2a) − 1 lets one sigmoid op cover all gates
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

    long macs(int rows) { return (long) rows * (in + 1) * out; }

    /**
     * y[r] = act(W·x[r] + b) for {@code rows} rows.
     *
     * @param xAug    {@code [rows, in+1]} row-major, last column 1
     * @param y       receives {@code [rows, out]} row-major
     * @param sigmoid apply the logistic function to every output
     * @param useJava run the plain-Java path instead of ND4J
     */
    void apply(float[] xAug, int rows, float[] y, boolean sigmoid, boolean useJava, NativeScratch scratch) {
        if (rows == 0) return;
        if (useJava) {
            applyJava(xAug, rows, y, sigmoid);
        } else {
            applyNative(xAug, rows, y, sigmoid, scratch);
        }
    }

    private void applyJava(float[] x, int rows, float[] y, boolean sigmoid) {
        final int in1 = in + 1;
        for (int r = 0; r < rows; r++) {
            final int yo = r * out;
            final int xo = r * in1;
            System.arraycopy(wt, in * out, y, yo, out);
            for (int i = 0; i < in; i++) {
                final float xi = x[xo + i];
                if (xi == 0f) continue; // zero left padding and ReLU-like sparsity cost nothing
                final int wo = i * out;
                for (int j = 0; j < out; j++) y[yo + j] += wt[wo + j] * xi;
            }
            if (sigmoid) {
                for (int j = 0; j < out; j++) y[yo + j] = (float) (1.0 / (1.0 + Math.exp(-y[yo + j])));
            }
        }
    }

    private void applyNative(float[] x, int rows, float[] y, boolean sigmoid, NativeScratch s) {
        INDArray xs = s.input(rows, in + 1);
        INDArray ys = s.output(rows, out);
        s.inputPointer().put(x, 0, rows * (in + 1));
        Nd4j.gemm(xs, wtNative, ys, false, false, 1.0, 0.0);
        if (sigmoid) Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid(ys, ys));
        s.outputPointer().get(y, 0, rows * out);
    }

    /**
     * Grow-only native buffers for one thread: this is our workspace. Views of shape {@code [rows, cols]}
     * over the start of a buffer are c-contiguous (ews 1), which is what {@code Nd4j.gemm} requires of C.
     */
    static final class NativeScratch {
        private INDArray inBuf;
        private INDArray outBuf;
        private FloatPointer inPtr;
        private FloatPointer outPtr;
        private final java.util.HashMap<Long, INDArray> inViews = new java.util.HashMap<>();
        private final java.util.HashMap<Long, INDArray> outViews = new java.util.HashMap<>();

        INDArray input(int rows, int cols) {
            long need = (long) rows * cols;
            if (inBuf == null || inBuf.length() < need) {
                inBuf = Nd4j.createUninitializedDetached(DataType.FLOAT, grow(need));
                inPtr = new FloatPointer(inBuf.data().addressPointer());
                inViews.clear();
            }
            return view(inBuf, inViews, rows, cols);
        }

        INDArray output(int rows, int cols) {
            long need = (long) rows * cols;
            if (outBuf == null || outBuf.length() < need) {
                outBuf = Nd4j.createUninitializedDetached(DataType.FLOAT, grow(need));
                outPtr = new FloatPointer(outBuf.data().addressPointer());
                outViews.clear();
            }
            return view(outBuf, outViews, rows, cols);
        }

        FloatPointer inputPointer() { return inPtr; }
        FloatPointer outputPointer() { return outPtr; }

        private static long grow(long need) { return Math.max(need, 1024) + need / 4; }

        private static INDArray view(INDArray buf, java.util.HashMap<Long, INDArray> cache, int rows, int cols) {
            long key = ((long) rows << 32) | cols;
            INDArray v = cache.get(key);
            if (v == null) {
                // Streaming calls repeat a few shapes; cap the cache so odd shapes cannot grow it forever.
                if (cache.size() > 256) cache.clear();
                v = Nd4j.create(buf.data(), new long[] {rows, cols}, new long[] {cols, 1}, 0, 'c');
                cache.put(key, v);
            }
            return v;
        }
    }
}
