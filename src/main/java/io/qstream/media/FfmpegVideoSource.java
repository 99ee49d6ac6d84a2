package io.qstream.media;

import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

import io.qstream.media.MediaException.Kind;
import java.util.ArrayDeque;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One pass of FFmpeg over one input: demux, decode the best video stream, and convert every decoded picture with
 * libswscale to packed RGB24 at the output size, appending a copy with its presentation time to a queue.
 *
 * <p>Opening, demuxing, decoding and classifying failures are {@link FfmpegInput}'s; this class adds what is
 * video's own: the scaler, presentation times and the checks for missing frames.
 *
 * <p>Strictness (as for audio): FFmpeg conceals damaged video (grey blocks, repeated macroblocks). For files the
 * decoder runs with {@code err_detect=crccheck+explode} and any decode error or frame flagged corrupt fails with
 * CORRUPT; ending well short of the duration the container declares fails as truncated, and so does a jump of
 * over 1 s (and 10 frames) in the timestamps of a constant-rate stream, which is how demuxers that resync past
 * damage (Matroska/WebM) lose frames without an error. Live inputs tolerate decode errors (lost packets are normal
 * there) and only count them.
 */
final class FfmpegVideoSource implements DecodingSource, FfmpegInput.Progress {

    /** A decoded, converted picture: pixels copied out of FFmpeg, time in seconds from the stream start. */
    record Picture(byte[] rgb, int width, int height, double seconds) {
    }

    /** Shortfall against the declared duration that counts as truncation: this plus 1% of the declared duration. */
    static final double TRUNCATION_TOLERANCE_SECONDS = 0.25;
    /** A timestamp jump counts as missing frames when longer than this and than GAP_TOLERANCE_FRAMES frames. */
    static final double GAP_TOLERANCE_SECONDS = 1.0;
    static final int GAP_TOLERANCE_FRAMES = 10;

    private final String input;
    private final VideoDecodeOptions options;
    private final boolean live;
    private final ArrayDeque<Picture> sink;
    private final FfmpegInput in;

    private double timeBase;
    private long startPts = AV_NOPTS_VALUE;
    private double nominalFrameSeconds;
    /** True when the container states one constant frame rate (avg_frame_rate = r_frame_rate). */
    private boolean constantRate;
    private double declaredSeconds = -1;

    private SwsContext sws;
    private int outWidth;
    private int outHeight;
    private int outStride;
    private BytePointer outBuffer;
    private final PointerPointer<BytePointer> outPlanes = new PointerPointer<>(4);
    private final IntPointer outStrides = new IntPointer(4);

    private long framesDecoded;
    private double lastSeconds = Double.NEGATIVE_INFINITY;
    private boolean ended;

    FfmpegVideoSource(String input, VideoDecodeOptions options, boolean live, ArrayDeque<Picture> sink)
            throws MediaException {
        this.input = input;
        this.options = options;
        this.live = live;
        this.sink = sink;
        in = FfmpegInput.open(input, options.inputOptions(), live, Map.of(), AVMEDIA_TYPE_VIDEO, this);
        try {
            readStreamTiming();
            // One decoding thread unless the user asks for more: a Flink TaskManager decodes many streams per core.
            in.openDecoder(Map.of("threads", "1"));
        } catch (MediaException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Time base, frame rate and declared duration of the selected stream. */
    private void readStreamTiming() {
        AVFormatContext fmt = in.formatContext();
        AVStream st = in.stream();
        timeBase = av_q2d(st.time_base());
        startPts = st.start_time();
        AVRational rate = st.avg_frame_rate().num() > 0 ? st.avg_frame_rate() : st.r_frame_rate();
        if (rate.num() > 0 && rate.den() > 0) {
            nominalFrameSeconds = rate.den() / (double) rate.num();
        }
        constantRate = st.avg_frame_rate().num() > 0 && av_cmp_q(st.avg_frame_rate(), st.r_frame_rate()) == 0;
        if ((!live || in.isSizedHttpFile()) && st.duration() != AV_NOPTS_VALUE && st.duration() > 0) {
            declaredSeconds = st.duration() * timeBase;
        } else if ((!live || in.isSizedHttpFile()) && fmt.duration() != AV_NOPTS_VALUE && fmt.duration() > 0
                && fmt.duration_estimation_method() != AVFMT_DURATION_FROM_BITRATE) {
            // Matroska/WebM state the duration for the whole segment only. A bitrate estimate is not a declaration.
            declaredSeconds = fmt.duration() / (double) AV_TIME_BASE;
        }
    }

    /** Codec and demuxer, e.g. "h264 in mov,mp4,m4a,3gp,3g2,mj2 (320x240)". */
    @Override
    public String describe() {
        AVCodecContext codec = in.decoder();
        String size = codec == null ? "" : " (" + codec.width() + "x" + codec.height() + ")";
        return in.describe() + size;
    }

    /** The stream's average frame rate as the container states it, frames/s; 0 when unknown. */
    double nominalFps() {
        return nominalFrameSeconds > 0 ? 1 / nominalFrameSeconds : 0;
    }

    long framesDecoded() {
        return framesDecoded;
    }

    /** Presentation time reached: the end of the last decoded frame, seconds (0 before any frame). */
    @Override
    public double secondsDecoded() {
        return framesDecoded == 0 ? 0 : lastSeconds + Math.max(nominalFrameSeconds, 0);
    }

    @Override
    public String decodedSoFar() {
        return String.format("%d frames (%.3f s) of video", framesDecoded, secondsDecoded());
    }

    @Override
    public String decodedForTimeout() {
        return String.format("%d frames decoded", framesDecoded);
    }

    @Override
    public String declaredNote() {
        return declaredSeconds > 0
                ? String.format(" (the container declares %.3f s: truncated or damaged)", declaredSeconds) : "";
    }

    @Override
    public int decodeErrors() {
        return in.decodeErrors();
    }

    /**
     * Reads and decodes one packet (or, at the end, drains the decoder).
     *
     * @return false once the stream has ended and every frame was delivered
     */
    @Override
    public boolean step() throws MediaException {
        if (ended) {
            return false;
        }
        if (!in.decodePacket(this::convert)) {
            finish();
        }
        return true;
    }

    // ---- converting ----

    private void finish() throws MediaException {
        ended = true;
        if (declaredSeconds > 0 && framesDecoded > 0) {
            in.checkNotTruncated(declaredSeconds, secondsDecoded(), TRUNCATION_TOLERANCE_SECONDS, "container declares",
                    "video", "the frames end");
        }
        in.checkOggEnded(secondsDecoded(), "video");
    }

    private void convert(AVFrame f) throws MediaException {
        if (f.width() <= 0 || f.height() <= 0) {
            throw new MediaException(input, Kind.CORRUPT, secondsDecoded(), "decoded a picture with no pixels");
        }
        int w = options.width > 0 ? options.width : f.width();
        int h = options.height > 0 ? options.height : f.height();
        // Cached: re-created only when the source size or pixel format changes mid-stream.
        sws = sws_getCachedContext(sws, f.width(), f.height(), f.format(), w, h, AV_PIX_FMT_RGB24,
                SWS_AREA | SWS_ACCURATE_RND | SWS_BITEXACT, null, null, (double[]) null);
        if (sws == null) {
            BytePointer name = av_get_pix_fmt_name(f.format());
            throw new MediaException(input, Kind.UNSUPPORTED_CODEC, secondsDecoded(), "cannot convert "
                    + f.width() + "x" + f.height() + " " + (name == null ? "?" : name.getString()) + " to RGB24");
        }
        if (outBuffer == null || w != outWidth || h != outHeight) {
            if (outBuffer != null) {
                av_free(outBuffer);
            }
            outWidth = w;
            outHeight = h;
            outStride = (3 * w + 63) & ~63; // aligned rows let swscale use its SIMD paths
            outBuffer = new BytePointer(av_malloc((long) outStride * h + 64)).capacity((long) outStride * h + 64);
            outPlanes.put(0, outBuffer);
            outStrides.put(0, outStride);
        }
        int r = sws_scale(sws, f.data(), f.linesize(), 0, f.height(), outPlanes, outStrides);
        if (r <= 0) {
            throw new MediaException(input, Kind.CORRUPT, secondsDecoded(),
                    "scaling failed: " + FfmpegInput.err(r));
        }
        byte[] rgb = new byte[3 * w * h];
        if (outStride == 3 * w) {
            outBuffer.position(0).get(rgb);
        } else {
            for (int y = 0; y < h; y++) {
                outBuffer.position((long) y * outStride).get(rgb, y * 3 * w, 3 * w);
            }
        }
        outBuffer.position(0);
        double previous = lastSeconds;
        double t = frameSeconds(f);
        if (!live && constantRate && framesDecoded > 0
                && t - previous > Math.max(GAP_TOLERANCE_SECONDS, GAP_TOLERANCE_FRAMES * nominalFrameSeconds)) {
            // Demuxers resync past damaged data silently (Matroska skips whole clusters): frames went missing.
            lastSeconds = previous; // report how far the intact frames got
            throw new MediaException(input, Kind.CORRUPT, secondsDecoded(), String.format(
                    "corrupt data after %s: the frames jump from %.3f s to %.3f s in a %.3f frames/s stream "
                            + "(damaged data skipped by the %s demuxer)",
                    decodedSoFar(), previous, t, 1 / nominalFrameSeconds, in.demuxerName()));
        }
        sink.add(new Picture(rgb, w, h, t));
        framesDecoded++;
    }

    /** Presentation time from the stream start; frames without a timestamp continue the last one by one frame. */
    private double frameSeconds(AVFrame f) {
        long pts = f.best_effort_timestamp();
        double t;
        if (pts == AV_NOPTS_VALUE) {
            t = framesDecoded == 0 ? 0 : lastSeconds + (nominalFrameSeconds > 0 ? nominalFrameSeconds : 0.04);
        } else {
            if (startPts == AV_NOPTS_VALUE) {
                startPts = pts;
            }
            t = (pts - startPts) * timeBase;
        }
        lastSeconds = t;
        return t;
    }

    @Override
    public void close() {
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
        if (outBuffer != null) {
            av_free(outBuffer);
            outBuffer = null;
        }
        in.close();
    }
}
