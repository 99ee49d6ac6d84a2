package io.qstream.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.arrays.FloatMatrix;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnergyBaselineTest {
    @Test
    void logEnergyIsLogOfTotalBandPower() {
        float[] row = {(float) Math.log(2), (float) Math.log(3)};
        assertEquals(Math.log(5), EnergyBaseline.logEnergy(row, 2)[0], 1e-6);
    }

    @Test
    void tunesAThresholdBetweenQuietAndLoudFrames() {
        // Two bins per frame; loud frames (speech) have log power ~10, quiet ones ~2.
        float[] x = new float[20];
        int[] y = new int[10];
        for (int t = 0; t < 10; t++) {
            boolean loud = t >= 3 && t < 7;
            x[2 * t] = x[2 * t + 1] = loud ? 10 + t * 0.1f : 2 + t * 0.1f;
            y[t] = loud ? 1 : 0;
        }
        LabeledSequence s = new LabeledSequence("s", new FloatMatrix(10, 2, x), y);
        EnergyBaseline b = EnergyBaseline.tune(List.of(s), List.of("nonspeech", "speech"), 1, 0);
        // Frame log energy = bin value + ln 2: quiet frames reach 2.6 + 0.69, loud ones start at 10.3 + 0.69.
        assertTrue(b.threshold() > 3.3 && b.threshold() < 11.0, "threshold " + b.threshold());
        assertArrayEquals(y, b.predict(x, 2));
    }
}
