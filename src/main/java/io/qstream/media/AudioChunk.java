package io.qstream.media;

/**
 * A run of consecutive decoded samples.
 *
 * @param samples mono samples at int16 scale (-32768..32767), as Kaldi reads a 16-bit WAV; length &gt;= 1
 * @param firstSample index of {@code samples[0]} in the output stream, counted from the stream start
 * @param sampleRate output sample rate, Hz
 */
public record AudioChunk(float[] samples, long firstSample, int sampleRate) {

    /** Time of the first sample from the stream start, seconds ({@code firstSample / sampleRate}). */
    public double startSeconds() {
        return firstSample / (double) sampleRate;
    }

    /** Index of the sample just after this chunk. */
    public long endSample() {
        return firstSample + samples.length;
    }
}
