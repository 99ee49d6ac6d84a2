package io.qstream.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Window shapes by Kaldi's formulas (sine is not in torchaudio, so the parity test cannot cover it). */
class WindowFunctionTest {
    private static double[] window(String type) {
        FrameExtractionOptions o = new FrameExtractionOptions();
        o.windowType = type;
        return WindowFunction.of(o);
    }

    @Test
    void shapesFollowKaldi() {
        int n = 400;
        double a = 2 * Math.PI / (n - 1);
        double[] sine = window("sine"), povey = window("povey"), hann = window("hanning"), hamming = window("hamming");
        double[] blackman = window("blackman"), rect = window("rectangular");
        assertEquals(n, sine.length);
        for (int i : new int[] {0, 1, 57, 199, 200, 398, 399}) {
            assertEquals(Math.sin(0.5 * a * i), sine[i], 1e-6, "sine " + i);
            assertEquals(Math.pow(0.5 - 0.5 * Math.cos(a * i), 0.85), povey[i], 1e-6, "povey " + i);
            assertEquals(0.5 - 0.5 * Math.cos(a * i), hann[i], 1e-6, "hanning " + i);
            assertEquals(0.54 - 0.46 * Math.cos(a * i), hamming[i], 1e-6, "hamming " + i);
            assertEquals(0.42 - 0.5 * Math.cos(a * i) + 0.08 * Math.cos(2 * a * i), blackman[i], 1e-6, "blackman " + i);
            assertEquals(1.0, rect[i], 0.0);
        }
        assertEquals(0.0, povey[0], 0.0);
        assertEquals(1.0, sine[n / 2], 1e-4);
    }
}
