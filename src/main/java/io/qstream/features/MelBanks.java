package io.qstream.features;

/**
 * Triangular mel filterbank over a power (or magnitude) spectrum, Kaldi's {@code MelBanks}: bin b spans mel
 * [lo + b d, lo + (b+2) d], d = (mel(high) - mel(low)) / (num-bins + 1), mel(f) = 1127 ln(1 + f/700), with optional
 * piecewise-linear VTLN warping of the bin edges. FFT bins 0 .. n/2 - 1 (not Nyquist) are weighted, as in Kaldi.
 * Immutable and shareable.
 */
public final class MelBanks {
    private final int[] first;       // [bins] first FFT bin with a nonzero weight
    private final double[][] weights; // [bins][width]
    private final double[] centerFreqs;
    private final boolean htkMode;

    public MelBanks(MelBanksOptions opts, FrameExtractionOptions frame) {
        opts.validate(frame);
        int numBins = opts.numBins;
        int paddedLength = frame.paddedWindowSize();
        int numFftBins = paddedLength / 2;
        double sampleFreq = frame.sampFreq;
        double nyquist = 0.5 * sampleFreq;
        double lowFreq = opts.lowFreq;
        double highFreq = opts.highFreq > 0 ? opts.highFreq : nyquist + opts.highFreq;
        double fftBinWidth = sampleFreq / paddedLength;
        double melLow = melScale(lowFreq), melHigh = melScale(highFreq);
        double melDelta = (melHigh - melLow) / (numBins + 1);  // +1: the outer bins spread to the sides
        double vtlnLow = opts.vtlnLow, vtlnHigh = opts.vtlnHigh < 0 ? opts.vtlnHigh + nyquist : opts.vtlnHigh;
        double warp = opts.vtlnWarp;
        this.htkMode = opts.htkMode;
        first = new int[numBins];
        weights = new double[numBins][];
        centerFreqs = new double[numBins];
        double[] fftMel = new double[numFftBins];
        for (int i = 0; i < numFftBins; i++) fftMel[i] = melScale(fftBinWidth * i);
        for (int bin = 0; bin < numBins; bin++) {
            double left = melLow + bin * melDelta, center = melLow + (bin + 1) * melDelta, right = melLow + (bin + 2) * melDelta;
            if (warp != 1.0) {
                left = vtlnWarpMelFreq(vtlnLow, vtlnHigh, lowFreq, highFreq, warp, left);
                center = vtlnWarpMelFreq(vtlnLow, vtlnHigh, lowFreq, highFreq, warp, center);
                right = vtlnWarpMelFreq(vtlnLow, vtlnHigh, lowFreq, highFreq, warp, right);
            }
            centerFreqs[bin] = inverseMelScale(center);
            int firstIndex = -1, lastIndex = -1;
            double[] row = new double[numFftBins];
            for (int i = 0; i < numFftBins; i++) {
                double mel = fftMel[i];
                if (mel > left && mel < right) {
                    row[i] = mel <= center ? (mel - left) / (center - left) : (right - mel) / (right - center);
                    if (firstIndex == -1) firstIndex = i;
                    lastIndex = i;
                }
            }
            if (firstIndex == -1) {
                throw new IllegalArgumentException("feature option num-mel-bins=" + numBins + ": mel bin " + bin
                        + " covers no FFT bin (FFT length " + paddedLength + "); use fewer bins or a longer frame");
            }
            first[bin] = firstIndex;
            weights[bin] = java.util.Arrays.copyOfRange(row, firstIndex, lastIndex + 1);
            if (htkMode && bin == 0 && melLow != 0.0) weights[bin][0] = 0.0;  // HTK's bug, replicated
        }
    }

    public int numBins() { return first.length; }

    /** Centre frequency of each bin, Hz. */
    public double[] centerFreqs() { return centerFreqs.clone(); }

    /** {@code out[b] = sum_i w_b[i] spectrum[first_b + i]} for every bin b; spectrum has at least n/2 values. */
    public void compute(double[] spectrum, double[] out) {
        for (int b = 0; b < first.length; b++) {
            double[] w = weights[b];
            int o = first[b];
            double e = 0;
            for (int i = 0; i < w.length; i++) e += w[i] * spectrum[o + i];
            if (htkMode && e < 1.0) e = 1.0;
            out[b] = e;
        }
    }

    public static double melScale(double freq) { return 1127.0 * Math.log(1.0 + freq / 700.0); }

    public static double inverseMelScale(double mel) { return 700.0 * (Math.exp(mel / 1127.0) - 1.0); }

    /** Kaldi's piecewise-linear VTLN warp of a frequency, Hz. */
    static double vtlnWarpFreq(double vtlnLowCutoff, double vtlnHighCutoff, double lowFreq, double highFreq,
                               double warp, double freq) {
        if (freq < lowFreq || freq > highFreq) return freq;
        double l = vtlnLowCutoff * Math.max(1.0, warp);
        double h = vtlnHighCutoff * Math.min(1.0, warp);
        double scale = 1.0 / warp;
        double fl = scale * l, fh = scale * h;
        if (!(l > lowFreq && h < highFreq)) {
            throw new IllegalArgumentException("feature options vtln-low/vtln-high: warped cut-offs " + l + ", " + h
                    + " Hz must lie inside (low-freq " + lowFreq + ", high-freq " + highFreq + ")");
        }
        double scaleLeft = (fl - lowFreq) / (l - lowFreq);
        double scaleRight = (highFreq - fh) / (highFreq - h);
        if (freq < l) return lowFreq + scaleLeft * (freq - lowFreq);
        if (freq < h) return scale * freq;
        return highFreq + scaleRight * (freq - highFreq);
    }

    static double vtlnWarpMelFreq(double vtlnLowCutoff, double vtlnHighCutoff, double lowFreq, double highFreq,
                                  double warp, double mel) {
        return melScale(vtlnWarpFreq(vtlnLowCutoff, vtlnHighCutoff, lowFreq, highFreq, warp, inverseMelScale(mel)));
    }
}
