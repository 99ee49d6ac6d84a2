package io.qstream.features;

import java.io.Serializable;

/**
 * How a waveform is cut into frames and each frame prepared for the FFT; Kaldi's {@code FrameExtractionOptions}
 * (src/feat/feature-window.h) with the same option names, units and defaults, except {@code dither} (0 here, 1 in Kaldi)
 * so that output is deterministic.
 *
 * <table>
 *   <caption>Options (map / CLI name, default, meaning)</caption>
 *   <tr><td>sample-frequency</td><td>16000</td><td>waveform sample rate, Hz</td></tr>
 *   <tr><td>frame-length</td><td>25</td><td>frame length, milliseconds (400 samples at 16 kHz)</td></tr>
 *   <tr><td>frame-shift</td><td>10</td><td>frame shift, milliseconds (160 samples at 16 kHz)</td></tr>
 *   <tr><td>dither</td><td>0</td><td>standard deviation of Gaussian noise added to each sample (int16 scale);
 *       qstream's noise is a deterministic function of {@code dither-seed} and the frame index, so any chunking of
 *       the stream gets the same noise</td></tr>
 *   <tr><td>dither-seed</td><td>0</td><td>qstream extension: seed of the dither noise</td></tr>
 *   <tr><td>preemphasis-coefficient</td><td>0.97</td><td>x[i] -= c * x[i-1] (x[0] -= c * x[0])</td></tr>
 *   <tr><td>remove-dc-offset</td><td>true</td><td>subtract the frame mean before pre-emphasis</td></tr>
 *   <tr><td>window-type</td><td>povey</td><td>povey, hamming, hanning, rectangular, sine, blackman</td></tr>
 *   <tr><td>round-to-power-of-two</td><td>true</td><td>zero-pad the frame to the next power of two for the FFT</td></tr>
 *   <tr><td>blackman-coeff</td><td>0.42</td><td>the constant of the generalised Blackman window</td></tr>
 *   <tr><td>snip-edges</td><td>true</td><td>true: only frames that fit completely, frame i covers samples
 *       [shift*i, shift*i + length); false: frames centred on shift*i + shift/2, the signal reflected at both ends,
 *       (N + shift/2) / shift frames</td></tr>
 * </table>
 * Fields are public and mutable like Kaldi's structs; {@link #validate()} checks them.
 */
public final class FrameExtractionOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Sample rate of the waveform, Hz. */
    public double sampFreq = 16000;
    /** Frame shift, milliseconds. */
    public double frameShiftMs = 10.0;
    /** Frame length, milliseconds. */
    public double frameLengthMs = 25.0;
    /** Dither: standard deviation of added Gaussian noise, int16 scale; 0 = off (Kaldi's default is 1). */
    public double dither = 0.0;
    /** qstream extension: seed of the dither noise (see {@link WindowProcessor}). */
    public long ditherSeed = 0;
    /** Pre-emphasis coefficient. */
    public double preemphCoeff = 0.97;
    /** Subtract the mean of each frame before pre-emphasis and windowing. */
    public boolean removeDcOffset = true;
    /** Window: "povey", "hamming", "hanning", "rectangular", "sine" or "blackman". */
    public String windowType = "povey";
    /** Pad each frame with zeros to the next power of two for the FFT. */
    public boolean roundToPowerOfTwo = true;
    /** Constant of the generalised Blackman window. */
    public double blackmanCoeff = 0.42;
    /** Only output frames that fit completely in the signal (see the class comment). */
    public boolean snipEdges = true;

    /** Frame shift in samples: {@code (int) (sample-frequency * 0.001 * frame-shift)}, as Kaldi truncates. */
    public int windowShift() {
        return (int) (sampFreq * 0.001 * frameShiftMs);
    }

    /** Frame length in samples: {@code (int) (sample-frequency * 0.001 * frame-length)}. */
    public int windowSize() {
        return (int) (sampFreq * 0.001 * frameLengthMs);
    }

    /** FFT length: the frame length, rounded up to a power of two when {@code round-to-power-of-two}. */
    public int paddedWindowSize() {
        int size = windowSize();
        return roundToPowerOfTwo ? Integer.highestOneBit(Math.max(1, size - 1)) << (size > 1 ? 1 : 0) : size;
    }

    /** Throws {@link IllegalArgumentException} naming the first bad option. */
    public void validate() {
        if (!(sampFreq > 0) || Double.isInfinite(sampFreq)) bad("sample-frequency", sampFreq, "must be > 0");
        if (!(frameShiftMs > 0) || windowShift() < 1) bad("frame-shift", frameShiftMs, "must give at least 1 sample");
        if (!(frameLengthMs > 0) || windowSize() < 2) bad("frame-length", frameLengthMs, "must give at least 2 samples");
        if (paddedWindowSize() % 2 != 0) {
            bad("frame-length", frameLengthMs, "gives an odd FFT length " + paddedWindowSize()
                    + " (set round-to-power-of-two=true or an even number of samples)");
        }
        if (!(dither >= 0) || Double.isInfinite(dither)) bad("dither", dither, "must be >= 0");
        if (!(preemphCoeff >= 0 && preemphCoeff <= 1)) bad("preemphasis-coefficient", preemphCoeff, "must be in [0, 1]");
        if (!Double.isFinite(blackmanCoeff)) bad("blackman-coeff", blackmanCoeff, "must be finite");
        if (windowType == null || !WindowFunction.TYPES.contains(windowType)) {
            bad("window-type", windowType, "must be one of " + WindowFunction.TYPES);
        }
    }

    static void bad(String key, Object value, String why) {
        throw new IllegalArgumentException("feature option " + key + "=" + value + ": " + why);
    }

    public FrameExtractionOptions copy() {
        FrameExtractionOptions o = new FrameExtractionOptions();
        o.sampFreq = sampFreq; o.frameShiftMs = frameShiftMs; o.frameLengthMs = frameLengthMs; o.dither = dither;
        o.ditherSeed = ditherSeed; o.preemphCoeff = preemphCoeff; o.removeDcOffset = removeDcOffset;
        o.windowType = windowType; o.roundToPowerOfTwo = roundToPowerOfTwo; o.blackmanCoeff = blackmanCoeff;
        o.snipEdges = snipEdges;
        return o;
    }
}
