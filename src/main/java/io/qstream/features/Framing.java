package io.qstream.features;

/**
 * Where frames lie in a signal (Kaldi's {@code NumFrames}, {@code FirstSampleOfFrame}, {@code ExtractWindow}), in
 * absolute sample indices from the start of the stream so that a whole signal and a buffered remainder of it give
 * the same frames.
 *
 * <p>snip-edges=true: frame f covers samples [f*shift, f*shift + length). snip-edges=false: frame f is centred on
 * f*shift + shift/2 and starts at that minus length/2; samples before 0 or past the end are reflected
 * (index -1 reads sample 0, index N reads sample N-1), as often as needed for very short signals.
 */
public final class Framing {
    private Framing() {}

    /** First sample (may be negative with snip-edges=false) of frame {@code frame}. */
    public static long firstSampleOfFrame(long frame, FrameExtractionOptions opts) {
        long shift = opts.windowShift();
        if (opts.snipEdges) return frame * shift;
        long midpoint = shift * frame + shift / 2;
        return midpoint - opts.windowSize() / 2;
    }

    /**
     * Number of frames for {@code numSamples} samples. With {@code flush} false (more samples may follow), only frames
     * that lie wholly inside the samples seen so far; with {@code flush} true (end of stream) all frames the signal has.
     */
    public static long numFrames(long numSamples, FrameExtractionOptions opts, boolean flush) {
        long shift = opts.windowShift();
        long length = opts.windowSize();
        if (opts.snipEdges) {
            return numSamples < length ? 0 : 1 + (numSamples - length) / shift;
        }
        long numFrames = (numSamples + shift / 2) / shift;
        if (flush) return numFrames;
        // Without flush, drop the frames whose end (past any reflection) is not yet available.
        long endOfLast = firstSampleOfFrame(numFrames - 1, opts) + length;
        while (numFrames > 0 && endOfLast > numSamples) {
            numFrames--;
            endOfLast -= shift;
        }
        return numFrames;
    }

    /**
     * Copies the samples of frame {@code frame} into {@code out[0, length)} as doubles.
     *
     * @param buf       samples; {@code buf[i]} is stream sample {@code bufStart + i}, valid for i in [0, bufLen)
     * @param total     total number of samples in the stream when known (end of stream), else -1; only
     *                  snip-edges=false frames at the end of a finished stream need it
     */
    public static void copyFrame(float[] buf, long bufStart, int bufLen, long total, long frame,
                                 FrameExtractionOptions opts, double[] out) {
        int length = opts.windowSize();
        long start = firstSampleOfFrame(frame, opts);
        long offset = start - bufStart;
        if (offset >= 0 && offset + length <= bufLen) {
            int o = (int) offset;
            for (int s = 0; s < length; s++) out[s] = buf[o + s];
            return;
        }
        for (int s = 0; s < length; s++) {
            long i = start + s;
            while (i < 0 || (total >= 0 && i >= total)) {
                i = i < 0 ? -i - 1 : 2 * total - 1 - i;
            }
            long local = i - bufStart;
            if (local < 0 || local >= bufLen) {
                throw new IllegalStateException("frame " + frame + " needs sample " + i + " but only samples ["
                        + bufStart + ", " + (bufStart + bufLen) + ") are buffered");
            }
            out[s] = buf[(int) local];
        }
    }
}
