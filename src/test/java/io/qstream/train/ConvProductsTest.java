package io.qstream.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The ND4J gemm path and the plain-Java path of the layer products agree. */
class ConvProductsTest {
    @Test
    void gemmAndJavaPathsAgree() {
        int n = 7, k = 3, frames = 23, rows = 12;
        SplittableRandom rng = new SplittableRandom(4);
        float[] xfull = rand(rng, (k - 1 + frames) * n), w = rand(rng, rows * k * n), dA = rand(rng, frames * rows);
        float[] a0 = rand(rng, frames * rows);
        float[] gw0 = rand(rng, rows * k * n);
        long saved = ConvProducts.gemmMinMacs;
        try {
            float[][] results = new float[2][];
            float[][] grads = new float[2][];
            float[][] dx = new float[2][];
            for (int path = 0; path < 2; path++) {
                ConvProducts.gemmMinMacs = path == 0 ? Long.MAX_VALUE : 0;
                results[path] = a0.clone();
                ConvProducts.forward(xfull, n, k, frames, w, rows, results[path]);
                grads[path] = gw0.clone();
                dx[path] = ConvProducts.backward(xfull, n, k, frames, w, rows, dA, grads[path], true);
            }
            assertArrayEquals(results[0], results[1], 1e-4f);
            assertArrayEquals(grads[0], grads[1], 1e-4f);
            assertArrayEquals(dx[0], dx[1], 1e-4f);
        } finally {
            ConvProducts.gemmMinMacs = saved;
        }
    }

    private static float[] rand(SplittableRandom rng, int len) {
        float[] v = new float[len];
        for (int i = 0; i < len; i++) v[i] = (float) rng.nextGaussian();
        return v;
    }
}
