package io.qstream.media;

import java.io.IOException;

/**
 * A failure to open or decode a media input. The message always names the input and the cause; {@link #kind()}
 * classifies it for callers, and {@link #secondsDecoded()} says how much audio (in output seconds from the stream
 * start) was decoded before the failure, e.g. where a truncated or corrupt file stopped decoding.
 */
public class MediaException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The file or URL does not exist. */
        NOT_FOUND,
        /** The input is not something FFmpeg recognizes as media (e.g. a text file). */
        NOT_MEDIA,
        /** The media has no audio stream (e.g. a video-only file). */
        NO_AUDIO,
        /** The media has no video stream (used by video decoding). */
        NO_VIDEO,
        /** The input holds no samples (a zero-length file, or a valid header with no audio data). */
        EMPTY,
        /** Damaged data: a truncated file, a damaged header, or data that fails to decode partway. */
        CORRUPT,
        /** The audio codec is not one this FFmpeg build can decode. */
        UNSUPPORTED_CODEC,
        /** The decode options are invalid or name FFmpeg options that do not exist. */
        BAD_OPTIONS,
        /** Another I/O failure (network error, permission, ...). */
        IO,
        /** A live input sent nothing for longer than the timeout. */
        TIMEOUT
    }

    private final String input;
    private final Kind kind;
    private final double secondsDecoded;

    /**
     * @param input the file path or URL
     * @param kind the classification
     * @param secondsDecoded audio decoded before the failure, seconds from the stream start
     * @param detail what is wrong; the message becomes {@code "<input>: <detail>"}
     * @param cause the underlying exception, or null
     */
    public MediaException(String input, Kind kind, double secondsDecoded, String detail, Throwable cause) {
        super(input + ": " + detail, cause);
        this.input = input;
        this.kind = kind;
        this.secondsDecoded = secondsDecoded;
    }

    public MediaException(String input, Kind kind, double secondsDecoded, String detail) {
        this(input, kind, secondsDecoded, detail, null);
    }

    /** The file path or URL that failed. */
    public String input() {
        return input;
    }

    public Kind kind() {
        return kind;
    }

    /** Seconds of output audio decoded before the failure (0 when it failed while opening). */
    public double secondsDecoded() {
        return secondsDecoded;
    }
}
