package io.qstream.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The power spectrum against a direct DFT, for power-of-two lengths (odd and even log2) and other even lengths. */
class RealFftTest {
    @Test
    void powerSpectrumMatchesDirectDft() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int n : new int[] {2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 6, 10, 400, 550}) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) x[i] = rnd.nextDouble(-1000, 1000);
            double[] power = new double[n / 2 + 1];
            new RealFft(n).powerSpectrum(x.clone(), power);
            for (int k = 0; k <= n / 2; k++) {
                double re = 0, im = 0;
                for (int j = 0; j < n; j++) {
                    re += x[j] * Math.cos(2 * Math.PI * j * k / n);
                    im -= x[j] * Math.sin(2 * Math.PI * j * k / n);
                }
                double expected = re * re + im * im;
                assertEquals(expected, power[k], 1e-9 * (expected + n * 1e6), "n=" + n + " k=" + k);
            }
        }
    }

    @Test
    void rejectsOddLengths() {
        assertThrows(IllegalArgumentException.class, () -> new RealFft(401));
    }
}
