package io.qstream.media;

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
public final class VideoDecoder extends MediaDecoder<FfmpegVideoSource> {

    private final VideoDecodeOptions options;
    private final ArrayDeque<FfmpegVideoSource.Picture> pictures = new ArrayDeque<>();
    private final ArrayDeque<VideoFrame> frames = new ArrayDeque<>();
    /** Frames produced into {@link #frames} so far (the index of the next one produced). */
    private long produced;
    /** fps resampling: the latest picture, waiting to learn how many output slots it fills. */
    private FfmpegVideoSource.Picture pending;

    private VideoDecoder(String input, VideoDecodeOptions options) {
        super(input);
        this.options = options;
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
        VideoDecodeOptions o = options == null ? new VideoDecodeOptions() : options.copy();
        return start(new VideoDecoder(Objects.requireNonNull(input, "input"), o), "video decode", o::validate);
    }

    @Override
    void checkInput() throws MediaException {
        // An image-sequence pattern (frames/%04d.png) names no single file: FFmpeg's image2 demuxer resolves it.
        if (!input.contains("%")) super.checkInput();
    }

    @Override
    FfmpegVideoSource openSource() throws MediaException {
        return new FfmpegVideoSource(input, options, live, pictures);
    }

    @Override
    long queued() {
        return frames.size();
    }

    @Override
    long discard(long max) {
        long n = 0;
        while (n < max && !frames.isEmpty()) {
            frames.poll();
            n++;
        }
        return n;
    }

    @Override
    void clearQueues() {
        pictures.clear();
        frames.clear();
        pending = null;
        produced = 0;
    }

    @Override
    String emptyMessage() {
        return "contains no video frames (the " + source.describe() + " stream is empty)";
    }

    @Override
    void afterStep() {
        while (!pictures.isEmpty()) {
            accept(pictures.poll());
        }
    }

    /** Native rate: one frame per picture. Fixed fps: each picture fills the output slots until the next one's. */
    private void accept(FfmpegVideoSource.Picture p) {
        if (options.fps <= 0) {
            frames.add(new VideoFrame(p.rgb(), p.width(), p.height(), produced++, p.seconds()));
            return;
        }
        if (pending != null) {
            emitUntil(Math.round(p.seconds() * options.fps)); // pending fills the slots before p's slot
        }
        pending = p;
    }

    /** At the end, the last picture fills the slots up to its own end (one nominal frame duration). */
    @Override
    void afterEnd() {
        if (options.fps > 0 && pending != null) {
            double frameSeconds = source.nominalFps() > 0 ? 1 / source.nominalFps() : 1 / options.fps;
            emitUntil(Math.round((pending.seconds() + frameSeconds) * options.fps));
            pending = null;
        }
    }

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
     * @throws MediaException when decoding failed (after all frames decoded before the failure were returned)
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

    /** Index of the next frame {@link #read()} returns (skipped frames included). */
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
        skip(frame, "frame");
    }

    /** The frame rate the container states, frames/s (0 when unknown); {@link VideoDecodeOptions#fps} if set. */
    public double frameRate() {
        return options.fps > 0 ? options.fps : source.nominalFps();
    }
}
