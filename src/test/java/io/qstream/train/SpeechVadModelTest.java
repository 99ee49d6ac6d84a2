package io.qstream.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.qstream.arrays.FloatMatrix;
import io.qstream.features.FeatureSpec;
import io.qstream.features.OfflineFeatures;
import io.qstream.qrnn.ModelFiles;
import io.qstream.qrnn.QrnnModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The shipped model (fixtures/models/speech-vad) on the bundled speech fixture: 0.7 s of silence, an espeak-ng
 * utterance, 0.7 s silence, another utterance, 0.7 s silence (fixtures/make-audio-fixtures.sh).
 */
class SpeechVadModelTest {
    private static final Path MODEL = Path.of("fixtures/models/speech-vad");

    @Test
    void labelsTheBundledSpeechFixture() throws IOException {
        QrnnModel model = ModelFiles.load(MODEL);
        assertEquals(List.of("nonspeech", "speech"), model.labels());
        @SuppressWarnings("unchecked")
        FeatureSpec spec = FeatureSpec.fromMap(new ObjectMapper().convertValue(model.features(), Map.class));
        float[] samples = readWav16(Path.of("fixtures/audio/speech-en-16k.wav"));
        check(model, OfflineFeatures.compute(spec, samples), "clean");

        // The same speech 10 dB above white noise: silences are now noise, and still not speech.
        SplittableRandom rng = new SplittableRandom(1);
        double power = 0;
        int active = 0;
        for (float s : samples) if (Math.abs(s) > 100) {
            power += s * s;
            active++;
        }
        double noiseStd = Math.sqrt(power / active / 10.0);
        float[] noisy = samples.clone();
        for (int i = 0; i < noisy.length; i++) noisy[i] += (float) (rng.nextGaussian() * noiseStd);
        check(model, OfflineFeatures.compute(spec, noisy), "noisy");
    }

    private static void check(QrnnModel model, FloatMatrix features, String what) {
        FloatMatrix p = model.forward(features, model.newState());
        int frames = p.rows();
        int leadSpeech = 0, tailSpeech = 0, speech = 0;
        for (int t = 0; t < frames; t++) {
            boolean s = p.get(t, 1) > p.get(t, 0);
            if (s) speech++;
            if (s && t < 60) leadSpeech++;
            if (s && t >= frames - 60) tailSpeech++;
        }
        double fraction = (double) speech / frames;
        assertTrue(leadSpeech <= 6, what + ": " + leadSpeech + " of the first 60 (silent) frames labelled speech");
        assertTrue(tailSpeech <= 6, what + ": " + tailSpeech + " of the last 60 (silent) frames labelled speech");
        // 2.1 s of the 11.7 s are the silences; the utterances have short pauses of their own.
        assertTrue(fraction > 0.55 && fraction < 0.88, what + ": speech fraction " + fraction);
    }

    /** 16-bit PCM mono WAV samples at int16 scale (the fixture's format). */
    static float[] readWav16(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 12;
        while (pos + 8 <= b.limit()) {
            String id = new String(new byte[] {b.get(pos), b.get(pos + 1), b.get(pos + 2), b.get(pos + 3)},
                    java.nio.charset.StandardCharsets.US_ASCII);
            int size = b.getInt(pos + 4);
            if (id.equals("data")) {
                float[] out = new float[size / 2];
                for (int i = 0; i < out.length; i++) out[i] = b.getShort(pos + 8 + 2 * i);
                return out;
            }
            pos += 8 + size + (size & 1);
        }
        throw new IOException(file + ": no data chunk");
    }
}
