package io.qstream.features;

import io.qstream.arrays.FloatMatrix;

/**
 * Features of a whole signal in one pass, as Kaldi's {@code compute-fbank-feats} / {@code compute-mfcc-feats}
 * compute them. {@link StreamingFeatureExtractor} gives bit-identical rows for any chunking.
 */
public final class OfflineFeatures {
    private OfflineFeatures() {}

    /**
     * @param samples mono samples at {@code spec.sampleRate()}, int16 scale (-32768..32767)
     * @return {@code [frames, spec.dim()]}; 0 rows when the signal is shorter than one frame (snip-edges=true)
     */
    public static FloatMatrix compute(FeatureSpec spec, float[] samples) {
        FeaturePipeline pipeline = new FeaturePipeline(spec);
        long frames = Framing.numFrames(samples.length, pipeline.frameOptions(), true);
        float[] out = new float[Math.toIntExact(frames * pipeline.dim())];
        pipeline.computeFrames(samples, 0, samples.length, samples.length, 0, frames, out);
        return new FloatMatrix((int) frames, pipeline.dim(), out);
    }
}
