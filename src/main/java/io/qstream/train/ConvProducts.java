package io.qstream.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The three matrix products of a window-k QRNN layer over one lane segment of T frames:
 * forward {@code A[T, G*m] += U W^T}, weight gradient {@code gW[G*m, k*n] += dA^T U} and input gradient
 * {@code dU = dA W}, where row t of U is the window {@code xfull[t*n, t*n + k*n)} of the layer input with its
 * carried history (the k-frame convolution).
 *
 * <p>Why ND4J here and plain Java elsewhere, measured on this (shared, loaded) 2-core machine with
 * OMP_NUM_THREADS=1 for the training-size product [200 x 120] x [120 x 144]: a Java axpy loop reached
 * 1.1-2.2 GFLOP/s (3.2-6.1 ms per product); {@code Nd4j.gemm} into a preallocated output 2.7-89 GFLOP/s
 * (0.08-2.5 ms), and 3-19 GFLOP/s (0.4-2.3 ms) including copying the Java arrays in and out. So products of at
 * least {@link #gemmMinMacs} multiply-adds go through ND4J (copy + gemm), and smaller ones, like the tiny models in
 * the gradient-check tests and the 2-class head, stay in Java, where a call costs no 5-30 us of ND4J overhead. The
 * recurrent scan stays in Java: it is element-wise and sequential in time, so ND4J would pay its per-call overhead
 * T times per layer for microseconds of work (docs/ARCHITECTURE.md, "Known ground").
 */
final class ConvProducts {
    /** Products smaller than this (multiply-adds) stay in Java; package-private so tests can force either path. */
    static long gemmMinMacs = 200_000;

    private ConvProducts() {}

    static boolean useGemm(int frames, int width, int rows) {
        return (long) frames * width * rows >= gemmMinMacs;
    }

    /** a[t, :] += W u_t for t < frames; W [rows, k*n] row-major (model layout), a [frames, rows]. */
    static void forward(float[] xfull, int n, int k, int frames, float[] w, int rows, float[] a) {
        int width = k * n;
        if (frames == 0) return;
        if (useGemm(frames, width, rows)) {
            INDArray u = Nd4j.create(windows(xfull, n, k, frames), new long[] {frames, width});
            INDArray wm = Nd4j.create(w, new long[] {rows, width});
            INDArray out = Nd4j.create(a, new long[] {frames, rows});
            Nd4j.gemm(u, wm, out, false, true, 1.0, 1.0);
            System.arraycopy(out.data().asFloat(), 0, a, 0, a.length);
            return;
        }
        float[] wt = QrnnNet.transpose(w, rows, width);
        QrnnNet.addMatMulT(xfull, n, frames, width, wt, rows, a);
    }

    /**
     * gW += dA^T U; returns dxfull (gradient w.r.t. every frame of xfull, windows summed) if {@code needInput},
     * else null.
     */
    static float[] backward(float[] xfull, int n, int k, int frames, float[] w, int rows, float[] dA, float[] gW,
                            boolean needInput) {
        int width = k * n;
        if (frames == 0) return needInput ? new float[xfull.length] : null;
        if (useGemm(frames, width, rows)) {
            INDArray u = Nd4j.create(windows(xfull, n, k, frames), new long[] {frames, width});
            INDArray d = Nd4j.create(dA, new long[] {frames, rows});
            INDArray g = Nd4j.create(gW, new long[] {rows, width});
            Nd4j.gemm(d, u, g, true, false, 1.0, 1.0);
            System.arraycopy(g.data().asFloat(), 0, gW, 0, gW.length);
            if (!needInput) return null;
            INDArray du = Nd4j.create(DataType.FLOAT, frames, width);
            Nd4j.gemm(d, Nd4j.create(w, new long[] {rows, width}), du, false, false, 1.0, 0.0);
            float[] duRows = du.data().asFloat();
            float[] dxfull = new float[xfull.length];
            for (int t = 0; t < frames; t++) QrnnNet.axpy(1f, duRows, t * width, dxfull, t * n, width);
            return dxfull;
        }
        for (int t = 0; t < frames; t++) {
            int row = t * rows;
            for (int r = 0; r < rows; r++) {
                float v = dA[row + r];
                if (v != 0) QrnnNet.axpy(v, xfull, t * n, gW, r * width, width);
            }
        }
        if (!needInput) return null;
        float[] dxfull = new float[xfull.length];
        for (int t = 0; t < frames; t++) {
            int row = t * rows;
            for (int r = 0; r < rows; r++) {
                float v = dA[row + r];
                if (v != 0) QrnnNet.axpy(v, w, r * width, dxfull, t * n, width);
            }
        }
        return dxfull;
    }

    /** U [frames, k*n]: row t = xfull[t*n, t*n + k*n). */
    private static float[] windows(float[] xfull, int n, int k, int frames) {
        int width = k * n;
        float[] u = new float[frames * width];
        for (int t = 0; t < frames; t++) System.arraycopy(xfull, t * n, u, t * width, width);
        return u;
    }
}
