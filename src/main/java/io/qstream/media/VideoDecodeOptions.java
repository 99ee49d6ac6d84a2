package io.qstream.media;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to open and decode a video input. Plain mutable fields with the documented defaults; call {@link #validate()}
 * (done by {@link VideoDecoder#open}) before use.
 *
 * <p>Every frame comes out as packed RGB24 at {@link #width} x {@link #height} (the picture is stretched to that
 * size, not letterboxed, so the features see every pixel of the source). The default 160x120 is enough for shot
 * boundaries and colour/edge statistics and keeps decode+features cheap; 0x0 keeps the source size.
 */
public final class VideoDecodeOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * FFmpeg demuxer name to force, e.g. {@code "image2"} for an image sequence pattern ({@code frames/%04d.png}) or
     * {@code "rawvideo"}; null = probe the input.
     */
    public String format = null;
    /** Output frame width in pixels; 0 together with {@link #height} 0 = the source size. */
    public int width = 160;
    /** Output frame height in pixels; 0 together with {@link #width} 0 = the source size. */
    public int height = 120;
    /**
     * Output frame rate, frames per second; 0 = the native rate (frame i is the i-th decoded frame, timestamps are the
     * source's). When &gt; 0, frames are dropped or repeated by their timestamps like FFmpeg's {@code fps} filter
     * (each output slot k at k/fps seconds shows the input frame whose timestamp rounds to the latest slot &lt;= k).
     */
    public double fps = 0;
    /** Live/network inputs: longest wait for data, seconds, before failing with TIMEOUT instead of hanging. */
    public double timeoutSeconds = 10;
    /**
     * Extra FFmpeg AVOptions, e.g. {@code "framerate" -> "25"} for image sequences or {@code "threads" -> "auto"};
     * offered to the demuxer/protocol first, then to the decoder. A key that neither accepts fails with BAD_OPTIONS.
     * The decoder runs single-threaded unless "threads" is given: a Flink TaskManager decodes many streams per core.
     */
    public Map<String, String> ffmpegOptions = new LinkedHashMap<>();

    /** Largest accepted output side, pixels (8K); larger is almost certainly a mistake in a config. */
    static final int MAX_SIDE = 7680;

    /** @throws IllegalArgumentException naming the bad option and its value */
    public void validate() {
        if ((width == 0) != (height == 0)) {
            throw new IllegalArgumentException("width and height must both be > 0, or both 0 (source size), got "
                    + width + "x" + height);
        }
        if (width < 0 || height < 0 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException("width/height must be in 1.." + MAX_SIDE + " pixels (or both 0), got "
                    + width + "x" + height);
        }
        if (!(fps >= 0) || Double.isInfinite(fps) || fps > 1000) {
            throw new IllegalArgumentException("fps must be 0 (native) or a frame rate in (0, 1000], got " + fps);
        }
        InputOptions.checkTimeout(timeoutSeconds);
        InputOptions.checkFormat(format);
        InputOptions.checkFfmpegOptions(ffmpegOptions);
    }

    /** How FFmpeg opens the input (validated options only). */
    InputOptions inputOptions() {
        return new InputOptions(format, timeoutSeconds, ffmpegOptions);
    }

    /** A deep copy, so a decoder is unaffected by later changes to the caller's object. */
    public VideoDecodeOptions copy() {
        VideoDecodeOptions c = new VideoDecodeOptions();
        c.format = format;
        c.width = width;
        c.height = height;
        c.fps = fps;
        c.timeoutSeconds = timeoutSeconds;
        c.ffmpegOptions = ffmpegOptions == null ? null : new LinkedHashMap<>(ffmpegOptions);
        return c;
    }

    @Override
    public String toString() {
        return "VideoDecodeOptions{format=" + format + ", width=" + width + ", height=" + height + ", fps=" + fps
                + ", timeoutSeconds=" + timeoutSeconds + ", ffmpegOptions=" + ffmpegOptions + "}";
    }
}
