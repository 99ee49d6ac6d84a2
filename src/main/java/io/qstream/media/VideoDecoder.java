package io.qstream.media;

import io.qstream.media.MediaException.Kind;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * Decodes the video of any input FFmpeg reads (file path, image-sequence pattern or URL) into {@link VideoFrame}s of
 * packed RGB24 at {@link VideoDecodeOptions#width} x {@link VideoDecodeOptions#height} (default 160x120, scaled by
 * libswscale's area filter, bit-exact mode). Frame i is the i-th decoded frame at the native rate with the source's
 * presentation time, or, with {@link VideoDecodeOptions#fps} &gt; 0, the frame shown at i/fps seconds.
 *
 * <p>Errors are {@link MediaException}s naming the input and the cause. Problems visible when opening (missing file,
 * not media, no video stream, unsupported codec, no frames at all) are thrown by {@link #open}; damage found later is
 * thrown by {@link #read()} once the frames decoded before it have been delivered.
 *
 * <p>Not thread-safe: one thread reads a decoder.
 */
public final class VideoDecoder implements AutoCloseable {

    private final String input;
    private final VideoDecodeOptions options;
    private final boolean live;
    private final ArrayDeque<VideoFfmpegSource.Picture> pictures = new ArrayDeque<>();
    private final ArrayDeque<VideoFrame> frames = new ArrayDeque<>();
    private VideoFfmpegSource source;
    /** Index of the next frame read() returns (skipped frames included). */
    private long position;
    /** Frames produced into {@link #frames} so far (the index of the next one produced). */
    private long produced;
    /** fps resampling: the latest picture, waiting to learn how many output slots it fills. */
    private VideoFfmpegSource.Picture pending;
    private MediaException failure;
    private boolean sourceDone;
    private boolean closed;

    private VideoDecoder(String input, VideoDecodeOptions options) {
        this.input = input;
        this.options = options;
        this.live = LiveInputs.isLive(input);
    }

    /**
     * Opens an input and decodes up to its first frame, so that an unreadable input fails here.
     *
     * @param input a file path, an image-sequence pattern such as {@code dir/%04d.png}, or a URL FFmpeg understands
     * @param options decoding options (copied; null = defaults)
     * @throws MediaException NOT_FOUND, NOT_MEDIA, NO_VIDEO, EMPTY, CORRUPT, UNSUPPORTED_CODEC, BAD_OPTIONS, IO or
     *     TIMEOUT
     */
    public static VideoDecoder open(String input, VideoDecodeOptions options) throws MediaException {
        Objects.requireNonNull(input, "input");
        VideoDecodeOptions o = options == null ? new VideoDecodeOptions() : options.copy();
        try {
            o.validate();
        } catch (IllegalArgumentException e) {
            throw new MediaException(input, Kind.BAD_OPTIONS, 0, "bad video decode options: " + e.getMessage(), e);
        }
        VideoDecoder d = new VideoDecoder(input, o);
        try {
            d.start();
        } catch (MediaException | RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    private void start() throws MediaException {
        // An image-sequence pattern (frames/%04d.png) names no single file: FFmpeg's image2 demuxer resolves it.
        if (!input.contains("%")) {
            FfmpegInput.checkLocalFile(input);
        }
        source = new VideoFfmpegSource(input, options, live, pictures);
        fill(1);
        if (frames.isEmpty()) {
            if (failure != null) {
                throw failure;
            }
            throw new MediaException(input, Kind.EMPTY, 0,
                    "contains no video frames (the " + source.describe() + " stream is empty)");
        }
    }

    /** Decodes until at least {@code n} frames are queued or the source ended/failed. */
    private void fill(int n) {
        while (frames.size() < n && !sourceDone) {
            try {
                if (!source.step()) {
                    sourceDone = true;
                }
            } catch (MediaException e) {
                failure = e;
                sourceDone = true;
            }
            while (!pictures.isEmpty()) {
                accept(pictures.poll());
            }
            if (sourceDone) {
                flushPending();
            }
        }
    }

    /** Turns decoded pictures into numbered frames, resampling to the output rate when one is set. */
    private void accept(VideoFfmpegSource.Picture p) {
        if (options.fps <= 0) {
            frames.add(new VideoFrame(p.rgb(), p.width(), p.height(), produced++, p.seconds()));
            return;
        }
        if (pending != null) {
            emitUntil(Math.round(p.seconds() * options.fps)); // pending fills the slots before p's slot
        }
        pending = p;
    }

    /** End of stream: the last picture fills the slots up to the end of its display time (start + one frame). */
    private void flushPending() {
        if (options.fps > 0 && pending != null) {
            double frameSeconds = source.nominalFps() > 0 ? 1 / source.nominalFps() : 1 / options.fps;
            emitUntil(Math.round((pending.seconds() + frameSeconds) * options.fps));
            pending = null;
        }
    }

    /** Emits the pending picture for output slots produced .. slotEnd-1 (none when it was superseded in its slot). */
    private void emitUntil(long slotEnd) {
        boolean first = true;
        while (produced < slotEnd) {
            byte[] rgb = first ? pending.rgb() : pending.rgb().clone(); // each frame owns its pixels
            first = false;
            frames.add(new VideoFrame(rgb, pending.width(), pending.height(), produced, produced / options.fps));
            produced++;
        }
    }

    /**
     * The next frame.
     *
     * @return the frame, or null at the end of the stream
     * @throws MediaException when decoding failed (after every frame decoded before the failure was returned)
     */
    public VideoFrame read() throws MediaException {
        ensureOpen();
        fill(1);
        VideoFrame f = frames.poll();
        if (f == null) {
            if (failure != null) {
                throw failure;
            }
            return null;
        }
        if (f.index() != position) { // live renumbering after skipTo
            f = new VideoFrame(f.rgb(), f.width(), f.height(), position,
                    options.fps > 0 ? position / options.fps : f.seconds());
        }
        position++;
        return f;
    }

    /** Frames delivered so far (skipped frames included): the index of the next frame. */
    public long position() {
        return position;
    }

    /**
     * Makes the next {@link #read()} return frame {@code frame}, bit-identical to reading from the start: decodes and
     * discards (moving back reopens the input), because a container seek lands on a keyframe and would not be exact.
     * Skipping past the end leaves the decoder at the end ({@link #position()} = frames in the stream).
     *
     * <p>A live input cannot be replayed: there skipTo renumbers instead (the next frame is the newest one, numbered
     * {@code frame}), so indices continue across a restore.
     *
     * @throws MediaException BAD_OPTIONS for a negative frame; decoding failures met on the way
     */
    public void skipTo(long frame) throws MediaException {
        ensureOpen();
        if (frame < 0) {
            throw new MediaException(input, Kind.BAD_OPTIONS, 0, "cannot skip to negative frame " + frame);
        }
        if (live) {
            position = frame;
            return;
        }
        if (frame < position) {
            source.close();
            pictures.clear();
            frames.clear();
            pending = null;
            position = 0;
            produced = 0;
            failure = null;
            sourceDone = false;
            source = new VideoFfmpegSource(input, options, live, pictures);
        }
        while (position < frame) {
            fill(1);
            if (frames.isEmpty()) {
                if (failure != null) {
                    throw failure;
                }
                return; // past the end
            }
            frames.poll();
            position++;
        }
    }

    /** The file path, pattern or URL being decoded. */
    public String input() {
        return input;
    }

    /** True for network inputs (rtsp, rtmp, udp, http, ...): reads time out, decode errors are tolerated. */
    public boolean isLive() {
        return live;
    }

    /** Codec, container and source size, e.g. {@code "h264 in mov,mp4,m4a,3gp,3g2,mj2 (320x240)"} (for logs). */
    public String describe() {
        return source == null ? "?" : source.describe();
    }

    /** The frame rate the container states, frames/s (0 when unknown); {@link VideoDecodeOptions#fps} if set. */
    public double frameRate() {
        return options.fps > 0 ? options.fps : source.nominalFps();
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
