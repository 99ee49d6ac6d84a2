package io.qstream.features;

import java.util.Arrays;

/**
 * The online framer: samples arrive in chunks of any size; it keeps the remainder that frames still to come need and
 * says which frames are complete, so that the frames of a stream are exactly those of one pass over the whole signal
 * ({@link Framing}). With snip-edges=false the frames at the end of the stream (which reflect past the last sample)
 * are complete only after {@link #finish()}.
 *
 * <p>Buffer invariant: {@code buffer()[0, bufferLength())} holds stream samples
 * {@code [samplesSeen - bufferLength(), samplesSeen)}.
 */
public final class StreamFramer {
    private final FrameExtractionOptions opts;
    private float[] buf;
    private int len;
    private long samplesSeen;
    private long framesEmitted;
    private boolean finished;

    public StreamFramer(FrameExtractionOptions opts) {
        this(opts, new float[0], 0, 0, false);
    }

    /** Resumes from saved state (see {@link StreamingFeatureExtractor.State}). */
    public StreamFramer(FrameExtractionOptions opts, float[] pending, long samplesSeen, long framesEmitted, boolean finished) {
        if (pending.length > samplesSeen || framesEmitted < 0) {
            throw new IllegalArgumentException("framer state: " + pending.length + " pending samples, " + samplesSeen
                    + " samples seen and " + framesEmitted + " frames emitted are inconsistent");
        }
        this.opts = opts.copy();
        this.buf = Arrays.copyOf(pending, Math.max(pending.length, opts.windowSize() * 2));
        this.len = pending.length;
        this.samplesSeen = samplesSeen;
        this.framesEmitted = framesEmitted;
        this.finished = finished;
    }

    /** Appends {@code samples[offset, offset + count)}. */
    public void accept(float[] samples, int offset, int count) {
        if (finished) throw new IllegalStateException("stream framer: accept() after finish()");
        if (len + count > buf.length) buf = Arrays.copyOf(buf, Math.max(len + count, buf.length * 2));
        System.arraycopy(samples, offset, buf, len, count);
        len += count;
        samplesSeen += count;
    }

    /** Marks the end of the stream: frames that reflect past the end become ready. */
    public void finish() { finished = true; }

    public boolean finished() { return finished; }

    /** Frames [0, framesReady()) can be computed now. */
    public long framesReady() {
        return Math.max(framesEmitted, Framing.numFrames(samplesSeen, opts, finished));
    }

    public long framesEmitted() { return framesEmitted; }

    public long samplesSeen() { return samplesSeen; }

    /** Stream index of {@code buffer()[0]}. */
    public long bufferStart() { return samplesSeen - len; }

    /** The buffer (not a copy); valid until the next accept/markEmitted. */
    public float[] buffer() { return buf; }

    public int bufferLength() { return len; }

    /** Total samples of the stream once finished, else -1. */
    public long total() { return finished ? samplesSeen : -1; }

    /** Records that frames [0, frames) are done and drops the samples no later frame needs. */
    public void markEmitted(long frames) {
        framesEmitted = frames;
        long keepFrom = Math.max(0, Framing.firstSampleOfFrame(frames, opts));
        int drop = (int) Math.min(len, Math.max(0, keepFrom - bufferStart()));
        if (drop > 0) {
            System.arraycopy(buf, drop, buf, 0, len - drop);
            len -= drop;
        }
    }

    /** A copy of the buffered samples. */
    public float[] pending() { return Arrays.copyOf(buf, len); }
}
