package io.qstream.media;

/**
 * One opened FFmpeg track that decodes step by step into its decoder's queue ({@link FfmpegAudioSource},
 * {@link FfmpegVideoSource}): what the shared decoder skeleton {@link MediaDecoder} drives.
 */
interface DecodingSource extends AutoCloseable {
    /** Decodes one packet's worth into the queue; false at the end of the stream. */
    boolean step() throws MediaException;

    /** The codec and container, e.g. {@code "h264 in mov,mp4"} (for logs and messages). */
    String describe();

    /** Decode errors tolerated so far (live inputs only). */
    int decodeErrors();

    @Override
    void close();
}
