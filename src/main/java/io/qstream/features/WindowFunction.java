package io.qstream.features;

import java.util.List;

/**
 * The analysis window of a frame, Kaldi's {@code FeatureWindowFunction}: coefficients {@code w[i]}, i in
 * [0, frame-length samples), computed in double as Kaldi does (a = 2 pi / (N - 1)).
 */
public final class WindowFunction {
    /** Window types Kaldi accepts for {@code window-type}. */
    public static final List<String> TYPES = List.of("povey", "hamming", "hanning", "rectangular", "sine", "blackman");

    private WindowFunction() {}

    /** The window for {@code opts.window-type} over {@link FrameExtractionOptions#windowSize()} samples. */
    public static double[] of(FrameExtractionOptions opts) {
        int n = opts.windowSize();
        double[] w = new double[n];
        double a = 2 * Math.PI / (n - 1);
        for (int i = 0; i < n; i++) {
            double v;
            switch (opts.windowType) {
                case "hanning": v = 0.5 - 0.5 * Math.cos(a * i); break;
                case "sine": v = Math.sin(0.5 * a * i); break;  // half a sine wave
                case "hamming": v = 0.54 - 0.46 * Math.cos(a * i); break;
                case "povey": v = Math.pow(0.5 - 0.5 * Math.cos(a * i), 0.85); break;  // like hamming, goes to zero at edges
                case "rectangular": v = 1.0; break;
                case "blackman":
                    v = opts.blackmanCoeff - 0.5 * Math.cos(a * i) + (0.5 - opts.blackmanCoeff) * Math.cos(2 * a * i);
                    break;
                default: throw new IllegalArgumentException("feature option window-type=" + opts.windowType
                        + ": must be one of " + TYPES);
            }
            w[i] = (float) v;  // Kaldi stores the window as BaseFloat
        }
        return w;
    }
}
