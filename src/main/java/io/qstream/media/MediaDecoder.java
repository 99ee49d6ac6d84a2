package io.qstream.media;

import io.qstream.media.MediaException.Kind;

/**
 * The skeleton both decoders share: open (validate the options, check a local file, decode up to the first output
 * so an unreadable input fails at open), fill the output queue from the {@link DecodingSource} step by step keeping
 * a failure until what was decoded before it is delivered, {@code skipTo} by decoding and discarding (reopening to
 * move back; renumbering on live inputs), and close. {@link AudioDecoder} counts samples, {@link VideoDecoder}
 * frames; each keeps its own queue and output records.
 *
 * <p>Not thread-safe: one thread reads a decoder.
 *
 * @param <S> the FFmpeg source type
 */
abstract class MediaDecoder<S extends DecodingSource> implements AutoCloseable {
    final String input;
    final boolean live;
    S source;
    /** Output units (samples or frames) delivered or skipped so far. */
    long position;
    /** Failure the source hit; thrown once the output decoded before it is delivered. */
    MediaException failure;
    boolean sourceDone;
    private boolean closed;

    MediaDecoder(String input) {
        this.input = input;
        this.live = LiveInputs.isLive(input);
    }

    /** Opens the source (again, after {@link #rewind}) for this decoder's input and options. */
    abstract S openSource() throws MediaException;

    /** Output units queued and ready to read or discard. */
    abstract long queued();

    /** Drops up to {@code max} queued output units; returns how many. */
    abstract long discard(long max);

    /** Moves what one source step produced into the output queue (default: the source writes it there itself). */
    void afterStep() {}

    /** Called once the source ended or failed, to release output held back (e.g. for frame-rate resampling). */
    void afterEnd() {}

    /** Clears the queues and per-stream counters before the input is opened again from the start. */
    abstract void clearQueues();

    /** What the EMPTY error says when the input opens but yields nothing, e.g. "contains no audio samples". */
    abstract String emptyMessage();

    /**
     * Validates the options ({@code validate} throws IllegalArgumentException naming the bad one), starts and returns
     * {@code d}, closing it when that fails.
     */
    static <D extends MediaDecoder<?>> D start(D d, String what, Runnable validate) throws MediaException {
        try {
            validate.run();
        } catch (IllegalArgumentException e) {
            throw new MediaException(d.input, Kind.BAD_OPTIONS, 0, "bad " + what + " options: " + e.getMessage(), e);
        }
        try {
            d.begin();
        } catch (MediaException | RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    final void begin() throws MediaException {
        checkInput();
        source = openSource();
        fill(1);
        if (queued() == 0) {
            if (failure != null) throw failure;
            throw new MediaException(input, Kind.EMPTY, 0, emptyMessage());
        }
    }

    /** Fails early for a local path that is missing or not a file. */
    void checkInput() throws MediaException {
        FfmpegInput.checkLocalFile(input);
    }

    /** Decodes until at least {@code units} are queued or the source ended/failed. */
    final void fill(long units) {
        while (queued() < units && !sourceDone) {
            try {
                if (!source.step()) sourceDone = true;
            } catch (MediaException e) {
                failure = e;
                sourceDone = true;
            }
            afterStep();
            if (sourceDone) afterEnd();
        }
    }

    /**
     * Makes the next read start exactly at output unit {@code target}, identical to reading from the start, by
     * decoding and discarding; moving back reopens the input (decoder and resampler state depend on everything
     * before, so a container seek would not be exact). Past the end leaves the decoder at the end. A live input
     * cannot be replayed: there the numbering just continues from {@code target}.
     */
    final void skip(long target, String unit) throws MediaException {
        ensureOpen();
        if (target < 0) throw new MediaException(input, Kind.BAD_OPTIONS, 0, "cannot skip to negative " + unit + " " + target);
        if (live) {
            position = target;
            return;
        }
        if (target < position) rewind();
        while (position < target) {
            if (queued() == 0) {
                if (sourceDone) {
                    if (failure != null) throw failure;
                    return; // past the end
                }
                fill(1);
                continue;
            }
            position += discard(target - position);
        }
    }

    private void rewind() throws MediaException {
        source.close();
        clearQueues();
        position = 0;
        failure = null;
        sourceDone = false;
        source = openSource();
    }

    /** The file path or URL being decoded. */
    public String input() {
        return input;
    }

    /** True for network inputs (rtsp, rtmp, udp, http, ...): reads time out, decode errors are tolerated. */
    public boolean isLive() {
        return live;
    }

    /** The codec and container being decoded (for logs). */
    public String describe() {
        return source == null ? "?" : source.describe();
    }

    /** Decode errors tolerated so far (live inputs only; on files the first one fails with CORRUPT). */
    public int decodeErrors() {
        return source == null ? 0 : source.decodeErrors();
    }

    final void ensureOpen() {
        if (closed) throw new IllegalStateException(input + ": decoder is closed");
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (source != null) source.close();
        }
    }
}
