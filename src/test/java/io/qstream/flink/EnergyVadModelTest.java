package io.qstream.flink;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.arrays.FloatMatrix;
import io.qstream.features.FeatureSpec;
import io.qstream.features.OfflineFeatures;
import io.qstream.qrnn.QrnnModel;
import org.junit.jupiter.api.Test;

class EnergyVadModelTest {
    @Test
    void speechFixtureHasBothSpeechAndSilenceFrames() throws Exception {
        FeatureSpec spec = FeatureSpec.defaults("fbank");
        QrnnModel m = EnergyVadModel.build(spec);
        FloatMatrix f = OfflineFeatures.compute(spec, TestAudio.speech());
        FloatMatrix p = m.forward(f, m.newState());
        int speech = 0;
        for (int i = 0; i < p.rows(); i++) if (p.get(i, 1) > 0.5f) speech++;
        System.out.println("frames " + p.rows() + " speech " + speech);
        assertTrue(speech > p.rows() / 5 && speech < p.rows() * 9 / 10, speech + " speech frames of " + p.rows());
    }
}
