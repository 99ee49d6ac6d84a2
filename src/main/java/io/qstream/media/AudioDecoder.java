package io.qstream.media;

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
public final class AudioDecoder extends MediaDecoder<FfmpegAudioSource> {

    private final DecodeOptions options;
    private final SampleQueue queue = new SampleQueue();

    private AudioDecoder(String input, DecodeOptions options) {
        super(input);
        this.options = options;
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
        DecodeOptions o = options == null ? new DecodeOptions() : options.copy();
        return start(new AudioDecoder(Objects.requireNonNull(input, "input"), o), "decode", o::validate);
    }

    @Override
    FfmpegAudioSource openSource() throws MediaException {
        return new FfmpegAudioSource(input, options, live, queue);
    }

    @Override
    long queued() {
        return queue.size();
    }

    @Override
    long discard(long max) {
        int n = (int) Math.min(queue.size(), max);
        queue.drop(n);
        return n;
    }

    @Override
    void clearQueues() {
        queue.clear();
    }

    @Override
    String emptyMessage() {
        return "contains no audio samples (the audio stream is empty)";
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
        skip(sample, "sample");
    }

    /** The output sample rate, Hz. */
    public int sampleRate() {
        return options.sampleRate;
    }
}
