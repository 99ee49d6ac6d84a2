package io.qstream.cli;

import io.qstream.arrays.FloatMatrix;
import io.qstream.features.FeatureSpec;
import io.qstream.features.OfflineFeatures;
import io.qstream.media.AudioChunk;
import io.qstream.media.AudioDecoder;
import io.qstream.media.DecodeOptions;
import io.qstream.train.Manifest;
import io.qstream.train.SequenceLoader;

import java.io.IOException;

/** Decodes an entry's media to mono at the spec's sample rate (int16 scale) and computes its features. */
final class MediaFeatureSource implements SequenceLoader.FeatureSource {
    private final FeatureSpec spec;

    MediaFeatureSource(FeatureSpec spec) {
        this.spec = spec;
    }

    static float[] decode(String input, int sampleRate) throws IOException {
        DecodeOptions o = new DecodeOptions();
        o.sampleRate = sampleRate;
        o.chunkSamples = 16000;
        float[] all = new float[1 << 16];
        int n = 0;
        try (AudioDecoder d = AudioDecoder.open(input, o)) {
            for (AudioChunk c = d.read(); c != null; c = d.read()) {
                if (n + c.samples().length > all.length) {
                    all = java.util.Arrays.copyOf(all, Math.max(all.length * 2, n + c.samples().length));
                }
                System.arraycopy(c.samples(), 0, all, n, c.samples().length);
                n += c.samples().length;
            }
        }
        return java.util.Arrays.copyOf(all, n);
    }

    @Override
    public FloatMatrix features(Manifest.Entry entry) throws IOException {
        return OfflineFeatures.compute(spec, decode(entry.media().toString(), spec.sampleRate()));
    }
}
