package io.qstream.media;

import io.qstream.media.MediaException.Kind;
import java.util.Objects;

/**
 * Decodes the audio of any input FFmpeg reads (file path or URL) into {@link AudioChunk}s of mono float samples at
 * int16 scale, at {@link DecodeOptions#sampleRate}: stereo is downmixed as (L+R)/2 (more channels: their mean), and
 * FFmpeg's resampler (libswresample) converts the rate. Every chunk holds exactly {@link DecodeOptions#chunkSamples}
 * samples except the last, and the samples do not depend on the chunk size.
 *
 * <p>Errors are {@link MediaException}s naming the input and the cause. Problems visible when opening (missing file,
 * not media, no audio stream, unsupported codec, no samples at all) are thrown by {@link #open}; damage found later
 * is thrown by {@link #read()} once the samples decoded before it have been delivered, with
 * {@link MediaException#secondsDecoded()} telling how far decoding got.
 *
 * <p>Not thread-safe: one thread reads a decoder.
 */
public final class AudioDecoder implements AutoCloseable {

    private final String input;
    private final DecodeOptions options;
    private final boolean live;
    private final SampleQueue queue = new SampleQueue();
    private FfmpegAudioSource source;
    /** Output samples delivered (or skipped) so far. */
    private long position;
    /** Failure the source hit; thrown once the samples decoded before it are delivered. */
    private MediaException failure;
    private boolean sourceDone;
    private boolean closed;

    private AudioDecoder(String input, DecodeOptions options) {
        this.input = input;
        this.options = options;
        this.live = LiveInputs.isLive(input);
    }

    /**
     * Opens an input and decodes up to its first samples, so that an unreadable input fails here.
     *
     * @param input a file path or a URL FFmpeg understands (file:, http(s):, rtsp:, rtmp:, udp:, ...)
     * @param options decoding options (copied; null = defaults)
     * @throws MediaException NOT_FOUND, NOT_MEDIA, NO_AUDIO, EMPTY, CORRUPT, UNSUPPORTED_CODEC, BAD_OPTIONS, IO or
     *     TIMEOUT
     */
    public static AudioDecoder open(String input, DecodeOptions options) throws MediaException {
        Objects.requireNonNull(input, "input");
        DecodeOptions o = options == null ? new DecodeOptions() : options.copy();
        try {
            o.validate();
        } catch (IllegalArgumentException e) {
            throw new MediaException(input, Kind.BAD_OPTIONS, 0, "bad decode options: " + e.getMessage(), e);
        }
        AudioDecoder d = new AudioDecoder(input, o);
        try {
            d.start();
        } catch (MediaException | RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    private void start() throws MediaException {
        FfmpegInput.checkLocalFile(input);
        source = new FfmpegAudioSource(input, options, live, queue);
        fill(1);
        if (queue.size() == 0) {
            if (failure != null) {
                throw failure;
            }
            throw new MediaException(input, Kind.EMPTY, 0, "contains no audio samples (the audio stream is empty)");
        }
    }

    /** Decodes until at least {@code samples} are queued or the source ended/failed. */
    private void fill(int samples) {
        while (queue.size() < samples && !sourceDone) {
            try {
                if (!source.step()) {
                    sourceDone = true;
                }
            } catch (MediaException e) {
                failure = e;
                sourceDone = true;
            }
        }
    }

    /**
     * The next chunk: exactly {@code chunkSamples} samples, fewer only for the last one.
     *
     * @return the chunk, or null at the end of the stream
     * @throws MediaException when decoding failed (after all samples decoded before the failure were returned)
     */
    public AudioChunk read() throws MediaException {
        ensureOpen();
        fill(options.chunkSamples);
        if (queue.size() == 0) {
            if (failure != null) {
                throw failure;
            }
            return null;
        }
        int n = Math.min(options.chunkSamples, queue.size());
        AudioChunk chunk = new AudioChunk(queue.take(n), position, options.sampleRate);
        position += n;
        return chunk;
    }

    /** Output samples delivered so far (skipped samples included): the {@code firstSample} of the next chunk. */
    public long position() {
        return position;
    }

    /**
     * Makes the next {@link #read()} start exactly at output sample {@code sample}, bit-identical to reading from
     * the start. Implemented by decoding and discarding: moving back reopens the input and decodes again from the
     * start (decoder and resampler state depend on everything before, so a container seek would not be exact).
     * Skipping past the end leaves the decoder at the end ({@link #position()} = samples in the stream).
     *
     * <p>A live input cannot be replayed, and discarding "sample" samples of new live audio would only delay the
     * job by that long; there skipTo renumbers instead: the next chunk holds the newest audio and its
     * {@code firstSample} is {@code sample}, so timestamps continue across a restore.
     *
     * @throws MediaException BAD_OPTIONS for a negative sample; decoding failures met on the way
     */
    public void skipTo(long sample) throws MediaException {
        ensureOpen();
        if (sample < 0) {
            throw new MediaException(input, Kind.BAD_OPTIONS, 0, "cannot skip to negative sample " + sample);
        }
        if (live) {
            position = sample;
            return;
        }
        if (sample < position) {
            source.close();
            queue.clear();
            position = 0;
            failure = null;
            sourceDone = false;
            source = new FfmpegAudioSource(input, options, live, queue);
        }
        while (position < sample) {
            if (queue.size() == 0) {
                if (sourceDone) {
                    if (failure != null) {
                        throw failure;
                    }
                    return; // past the end
                }
                fill(1);
                continue;
            }
            int n = (int) Math.min(queue.size(), sample - position);
            queue.drop(n);
            position += n;
        }
    }

    /** The file path or URL being decoded. */
    public String input() {
        return input;
    }

    /** True for network inputs (rtsp, rtmp, udp, http, ...): reads time out, decode errors are tolerated. */
    public boolean isLive() {
        return live;
    }

    /** The codec and container being decoded, e.g. {@code "mp3 in mp3"} (for logs). */
    public String describe() {
        return source == null ? "?" : source.describe();
    }

    /** The output sample rate, Hz. */
    public int sampleRate() {
        return options.sampleRate;
    }

    /** Decode errors tolerated so far (live inputs only; on files the first one fails with CORRUPT). */
    public int decodeErrors() {
        return source == null ? 0 : source.decodeErrors();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(input + ": decoder is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (source != null) {
                source.close();
            }
        }
    }
}
