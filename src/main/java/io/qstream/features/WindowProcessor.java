package io.qstream.features;

/**
 * Prepares one frame for the FFT, Kaldi's {@code ProcessWindow}: dither, DC removal, raw log energy, pre-emphasis,
 * window, zero padding to the FFT length. Not thread-safe (one per extractor).
 *
 * <p>Dither (when {@code dither} &gt; 0) adds {@code dither * g} to every sample, g standard Gaussian from Box-Muller
 * over a SplitMix64 generator seeded by {@code dither-seed} and the frame index. The noise of a frame therefore does
 * not depend on how the stream was chunked or restored; it differs from Kaldi's (unseeded) noise, so only
 * dither = 0 matches Kaldi value for value.
 */
public final class WindowProcessor {
    private static final float FLOAT_EPSILON = Math.ulp(1.0f);  // std::numeric_limits<float>::epsilon()

    private final FrameExtractionOptions opts;
    private final double[] window;
    private final int length;
    private final int padded;

    public WindowProcessor(FrameExtractionOptions opts) {
        this.opts = opts;
        this.window = WindowFunction.of(opts);
        this.length = opts.windowSize();
        this.padded = opts.paddedWindowSize();
    }

    /** FFT length the frame is padded to. */
    public int paddedLength() { return padded; }

    /**
     * Processes {@code frame[0, frame-length)} in place and zeroes {@code frame[frame-length, padded)}.
     *
     * @param frameIndex  index of the frame in the stream (seeds the dither)
     * @param wantRawLogEnergy whether to compute the log energy after DC removal, before pre-emphasis
     * @return that log energy (natural log, floored at log(float epsilon)), or 0 when not wanted
     */
    public double process(double[] frame, long frameIndex, boolean wantRawLogEnergy) {
        int n = length;
        if (opts.dither != 0.0) dither(frame, frameIndex);
        if (opts.removeDcOffset) {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += frame[i];
            double mean = sum / n;
            for (int i = 0; i < n; i++) frame[i] -= mean;
        }
        double logEnergy = 0;
        if (wantRawLogEnergy) logEnergy = logEnergy(frame, n);
        double c = opts.preemphCoeff;
        if (c != 0.0) {
            for (int i = n - 1; i > 0; i--) frame[i] -= c * frame[i - 1];
            frame[0] -= c * frame[0];
        }
        for (int i = 0; i < n; i++) frame[i] *= window[i];
        for (int i = n; i < padded; i++) frame[i] = 0;
        return logEnergy;
    }

    /** log(max(sum x^2, float epsilon)) over {@code x[0, n)}. */
    static double logEnergy(double[] x, int n) {
        double e = 0;
        for (int i = 0; i < n; i++) e += x[i] * x[i];
        return Math.log(Math.max(e, FLOAT_EPSILON));
    }

    private void dither(double[] frame, long frameIndex) {
        long state = opts.ditherSeed * 0x9E3779B97F4A7C15L + frameIndex * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        for (int i = 0; i < length; i += 2) {
            state += 0x9E3779B97F4A7C15L;
            double u1 = ((mix(state) >>> 11) + 1) * 0x1.0p-53;  // (0, 1]
            state += 0x9E3779B97F4A7C15L;
            double u2 = (mix(state) >>> 11) * 0x1.0p-53;        // [0, 1)
            double r = Math.sqrt(-2 * Math.log(u1));
            frame[i] += opts.dither * r * Math.cos(2 * Math.PI * u2);
            if (i + 1 < length) frame[i + 1] += opts.dither * r * Math.sin(2 * Math.PI * u2);
        }
    }

    private static long mix(long z) {  // SplitMix64 finaliser
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
