package io.qstream.features;

/**
 * The per-frame path shared by {@link OfflineFeatures} and {@link StreamingFeatureExtractor}: copy a frame's samples
 * out of a buffer ({@link Framing#copyFrame}), {@link WindowProcessor}, {@link FeatureComputer}. Both callers run
 * exactly this code per frame, which is why their rows are bit-identical. Holds scratch buffers: one per stream.
 */
final class FeaturePipeline {
    private final FrameExtractionOptions frameOpts;
    private final WindowProcessor processor;
    private final FeatureComputer computer;
    private final double[] window;
    private final boolean needRawLogEnergy;

    FeaturePipeline(FeatureSpec spec) {
        this.frameOpts = spec.frameOptions();
        this.processor = new WindowProcessor(frameOpts);
        this.computer = FeatureComputer.create(spec);
        this.window = new double[processor.paddedLength()];
        this.needRawLogEnergy = computer.needRawLogEnergy();
    }

    int dim() { return computer.dim(); }

    FrameExtractionOptions frameOptions() { return frameOpts; }

    /**
     * Rows of frames [from, to) into {@code out} ([to - from, dim] row-major), reading samples from {@code buf}
     * (see {@link Framing#copyFrame} for {@code bufStart}, {@code bufLen}, {@code total}).
     */
    void computeFrames(float[] buf, long bufStart, int bufLen, long total, long from, long to, float[] out) {
        int dim = computer.dim();
        for (long f = from; f < to; f++) {
            Framing.copyFrame(buf, bufStart, bufLen, total, f, frameOpts, window);
            double rawLogEnergy = processor.process(window, f, needRawLogEnergy);
            computer.compute(rawLogEnergy, window, out, (int) (f - from) * dim);
        }
    }
}
