package io.qstream.media;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

import io.qstream.media.MediaException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVProbeData;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One pass of FFmpeg over one input: demux, decode the best video stream, and convert every decoded picture with
 * libswscale to packed RGB24 at the output size, appending a copy with its presentation time to a queue.
 *
 * <p>Strictness (as for audio): FFmpeg conceals damaged video (grey blocks, repeated macroblocks). For files the
 * decoder runs with {@code err_detect=crccheck+explode} and any decode error or frame flagged corrupt fails with
 * CORRUPT; ending well short of the duration the container declares fails as truncated, and so does a jump of
 * over 1 s (and 10 frames) in the timestamps of a constant-rate stream, which is how demuxers that resync past
 * damage (Matroska/WebM) lose frames without an error. Live inputs tolerate decode errors (lost packets are normal
 * there) and only count them.
 */
final class VideoFfmpegSource implements AutoCloseable {

    /** A decoded, converted picture: pixels copied out of FFmpeg, time in seconds from the stream start. */
    record Picture(byte[] rgb, int width, int height, double seconds) {
    }

    /** Shortfall against the declared duration that counts as truncation: this plus 1% of the declared duration. */
    static final double TRUNCATION_TOLERANCE_SECONDS = 0.25;
    /** A timestamp jump counts as missing frames when longer than this and than GAP_TOLERANCE_FRAMES frames. */
    static final double GAP_TOLERANCE_SECONDS = 1.0;
    static final int GAP_TOLERANCE_FRAMES = 10;
    private static final int AV_FRAME_FLAG_CORRUPT_BIT = 1;
    private static final int EAGAIN = -11;
    private static final int ENOENT = -2;
    private static final int ETIMEDOUT = -110;
    private static final int EACCES = -13;

    static {
        if (av_log_get_level() > AV_LOG_ERROR) {
            av_log_set_level(AV_LOG_ERROR);
        }
    }

    private final String input;
    private final VideoDecodeOptions options;
    private final boolean live;
    private final ArrayDeque<Picture> sink;

    private AVFormatContext fmt;
    private AVCodecContext codec;
    private AVPacket packet;
    private AVFrame frame;
    private int videoIndex = -1;
    private String codecName = "?";
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
    private int decodeErrors;
    private boolean ended;

    private volatile long deadlineNanos = Long.MAX_VALUE;
    private volatile boolean interrupted;
    private AVIOInterruptCB.Callback_Pointer interruptCallback;

    VideoFfmpegSource(String input, VideoDecodeOptions options, boolean live, ArrayDeque<Picture> sink)
            throws MediaException {
        this.input = input;
        this.options = options;
        this.live = live;
        this.sink = sink;
        try {
            openInput();
            packet = av_packet_alloc();
            frame = av_frame_alloc();
        } catch (MediaException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Codec and demuxer, e.g. "h264 in mov,mp4,m4a,3gp,3g2,mj2 (320x240)". */
    String describe() {
        String size = codec == null ? "" : " (" + codec.width() + "x" + codec.height() + ")";
        return codecName + " in " + (fmt == null ? "?" : fmt.iformat().name().getString()) + size;
    }

    /** The stream's average frame rate as the container states it, frames/s; 0 when unknown. */
    double nominalFps() {
        return nominalFrameSeconds > 0 ? 1 / nominalFrameSeconds : 0;
    }

    long framesDecoded() {
        return framesDecoded;
    }

    /** Presentation time reached: the end of the last decoded frame, seconds (0 before any frame). */
    double secondsDecoded() {
        return framesDecoded == 0 ? 0 : lastSeconds + Math.max(nominalFrameSeconds, 0);
    }

    int decodeErrors() {
        return decodeErrors;
    }

    /**
     * Reads and decodes one packet (or, at the end, drains the decoder).
     *
     * @return false once the stream has ended and every frame was delivered
     */
    boolean step() throws MediaException {
        if (ended) {
            return false;
        }
        arm();
        int r = av_read_frame(fmt, packet);
        if (r == AVERROR_EOF) {
            finish();
            return true;
        }
        if (r < 0) {
            throw readFailure(r);
        }
        try {
            if (packet.stream_index() == videoIndex) {
                int s = avcodec_send_packet(codec, packet);
                if (s < 0 && s != EAGAIN) {
                    decodeError(s, "could not decode " + codecName + " packet");
                }
                receiveFrames();
            }
        } finally {
            av_packet_unref(packet);
        }
        return true;
    }

    // ---- opening ----

    private void openInput() throws MediaException {
        AVInputFormat forced = null;
        if (options.format != null) {
            forced = av_find_input_format(options.format);
            if (forced == null) {
                throw new MediaException(input, Kind.BAD_OPTIONS, 0,
                        "unknown input format '" + options.format + "' (not an FFmpeg demuxer name, see ffmpeg -formats)");
            }
        }
        AVDictionary dict = new AVDictionary(null);
        Set<String> userKeys = new LinkedHashSet<>(options.ffmpegOptions.keySet());
        try {
            options.ffmpegOptions.forEach((k, v) -> av_dict_set(dict, k, v, 0));
            if (live) {
                String micros = Long.toString((long) (options.timeoutSeconds * 1e6));
                av_dict_set(dict, "rw_timeout", micros, AV_DICT_DONT_OVERWRITE);
                String scheme = FfmpegAudioSource.scheme(input);
                if (scheme.startsWith("rtsp") || scheme.equals("tcp") || scheme.equals("udp")
                        || scheme.startsWith("http")) {
                    av_dict_set(dict, "timeout", micros, AV_DICT_DONT_OVERWRITE);
                }
            }
            fmt = avformat_alloc_context();
            if (live) {
                interruptCallback = new AVIOInterruptCB.Callback_Pointer() {
                    @Override
                    public int call(Pointer opaque) {
                        if (System.nanoTime() > deadlineNanos) {
                            interrupted = true;
                            return 1;
                        }
                        return 0;
                    }
                };
                fmt.interrupt_callback().callback(interruptCallback);
            }
            arm();
            int r = avformat_open_input(fmt, input, forced, dict);
            if (r < 0) {
                fmt = null; // freed by FFmpeg on failure
                throw openFailure(r);
            }
            arm();
            r = avformat_find_stream_info(fmt, (PointerPointer<?>) null);
            if (r < 0) {
                if (interrupted || r == ETIMEDOUT || r == AVERROR_EXIT) {
                    throw timeout("while probing streams");
                }
                throw new MediaException(input, Kind.CORRUPT, 0, "could not read stream information: " + err(r));
            }
            selectVideoStream();
            openCodec(dict, userKeys);
        } finally {
            av_dict_free(dict);
        }
    }

    private void selectVideoStream() throws MediaException {
        int idx = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, (PointerPointer<?>) null, 0);
        if (idx < 0) {
            throw new MediaException(input, Kind.NO_VIDEO, 0, "no video stream (" + describeStreams() + ")");
        }
        videoIndex = idx;
        for (int i = 0; i < fmt.nb_streams(); i++) {
            if (i != idx) {
                fmt.streams(i).discard(AVDISCARD_ALL); // only the video is wanted: saves demuxing audio
            }
        }
        AVStream st = fmt.streams(idx);
        timeBase = av_q2d(st.time_base());
        startPts = st.start_time();
        AVRational rate = st.avg_frame_rate().num() > 0 ? st.avg_frame_rate() : st.r_frame_rate();
        if (rate.num() > 0 && rate.den() > 0) {
            nominalFrameSeconds = rate.den() / (double) rate.num();
        }
        constantRate = st.avg_frame_rate().num() > 0 && av_cmp_q(st.avg_frame_rate(), st.r_frame_rate()) == 0;
        if (!live && st.duration() != AV_NOPTS_VALUE && st.duration() > 0) {
            declaredSeconds = st.duration() * timeBase;
        } else if (!live && fmt.duration() != AV_NOPTS_VALUE && fmt.duration() > 0
                && fmt.duration_estimation_method() != AVFMT_DURATION_FROM_BITRATE) {
            // Matroska/WebM state the duration for the whole segment only. A bitrate estimate is not a declaration.
            declaredSeconds = fmt.duration() / (double) AV_TIME_BASE;
        }
    }

    private void openCodec(AVDictionary dict, Set<String> userKeys) throws MediaException {
        AVStream st = fmt.streams(videoIndex);
        AVCodecParameters par = st.codecpar();
        codecName = avcodec_get_name(par.codec_id()).getString();
        AVCodec dec = avcodec_find_decoder(par.codec_id());
        if (dec == null) {
            String tag = par.codec_tag() != 0 ? String.format(" (codec tag 0x%x)", par.codec_tag()) : "";
            throw new MediaException(input, Kind.UNSUPPORTED_CODEC, 0, "video codec '" + codecName + "'" + tag
                    + " in " + fmt.iformat().name().getString() + " is not supported: this FFmpeg build has no "
                    + "decoder for it");
        }
        codec = avcodec_alloc_context3(dec);
        int r = avcodec_parameters_to_context(codec, par);
        if (r < 0) {
            throw new MediaException(input, Kind.UNSUPPORTED_CODEC, 0,
                    "could not set up the " + codecName + " decoder: " + err(r));
        }
        codec.pkt_timebase(st.time_base());
        av_dict_set(dict, "threads", "1", AV_DICT_DONT_OVERWRITE);
        if (!live) {
            // Report damage FFmpeg would otherwise conceal with grey or repeated blocks.
            av_dict_set(dict, "err_detect", "crccheck+explode", AV_DICT_DONT_OVERWRITE);
        }
        r = avcodec_open2(codec, dec, dict);
        if (r < 0) {
            Kind kind = r == AVERROR_INVALIDDATA ? Kind.CORRUPT : Kind.UNSUPPORTED_CODEC;
            throw new MediaException(input, kind, 0, "could not open the " + codecName + " decoder: " + err(r));
        }
        List<String> unknown = new ArrayList<>();
        AVDictionaryEntry e = null;
        while ((e = av_dict_get(dict, "", e, AV_DICT_IGNORE_SUFFIX)) != null) {
            String key = e.key().getString();
            if (userKeys.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new MediaException(input, Kind.BAD_OPTIONS, 0, "FFmpeg option(s) " + unknown
                    + " not recognized by the " + fmt.iformat().name().getString() + " demuxer, its protocol or the "
                    + codecName + " decoder");
        }
    }

    private String describeStreams() {
        if (fmt.nb_streams() == 0) {
            return "the " + fmt.iformat().name().getString() + " input has no streams";
        }
        List<String> kinds = new ArrayList<>();
        for (int i = 0; i < fmt.nb_streams(); i++) {
            AVCodecParameters p = fmt.streams(i).codecpar();
            BytePointer type = av_get_media_type_string(p.codec_type());
            kinds.add((type == null ? "unknown" : type.getString()) + " " + avcodec_get_name(p.codec_id()).getString());
        }
        return "the " + fmt.iformat().name().getString() + " input has only: " + String.join(", ", kinds);
    }

    private MediaException openFailure(int r) {
        if (interrupted || r == ETIMEDOUT || r == AVERROR_EXIT) {
            return timeout("while opening");
        }
        if (r == ENOENT || r == AVERROR_HTTP_NOT_FOUND) {
            return new MediaException(input, Kind.NOT_FOUND, 0, "not found (" + err(r) + ")");
        }
        if (r == AVERROR_INVALIDDATA) {
            if (options.format != null) {
                return new MediaException(input, Kind.NOT_MEDIA, 0,
                        "not valid " + options.format + " data (" + err(r) + ")");
            }
            String recognized = recognizedFormat();
            if (recognized != null) {
                return new MediaException(input, Kind.CORRUPT, 0, "looks like " + recognized
                        + " but its header could not be read (damaged or truncated file): " + err(r));
            }
            return new MediaException(input, Kind.NOT_MEDIA, 0, "not a media file FFmpeg recognizes (" + err(r) + ")");
        }
        if (r == EACCES) {
            return new MediaException(input, Kind.IO, 0, "permission denied (" + err(r) + ")");
        }
        return new MediaException(input, Kind.IO, 0, "could not open: " + err(r));
    }

    /** For a local file FFmpeg could not open: the format its first bytes look like, judged by content only. */
    private String recognizedFormat() {
        Path path = FfmpegAudioSource.localPath(input);
        if (path == null || !Files.isRegularFile(path)) {
            return null;
        }
        byte[] head = new byte[4096];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return null;
        }
        try (BytePointer buf = new BytePointer(n + AVPROBE_PADDING_SIZE);
                BytePointer name = new BytePointer("");
                AVProbeData pd = new AVProbeData()) {
            buf.fill(0);
            buf.put(head, 0, n);
            pd.filename(name).buf(buf).buf_size(n).mime_type(null);
            int[] score = new int[1];
            AVInputFormat f = av_probe_input_format3(pd, 1, score);
            return f != null && score[0] > AVPROBE_SCORE_RETRY ? f.name().getString() : null;
        }
    }

    // ---- decoding ----

    private void receiveFrames() throws MediaException {
        while (true) {
            int r = avcodec_receive_frame(codec, frame);
            if (r == EAGAIN || r == AVERROR_EOF) {
                return;
            }
            if (r < 0) {
                decodeError(r, "could not decode " + codecName + " data");
                return;
            }
            try {
                if ((frame.flags() & AV_FRAME_FLAG_CORRUPT_BIT) != 0 || frame.decode_error_flags() != 0) {
                    decodeError(AVERROR_INVALIDDATA, "the " + codecName + " decoder flagged a frame as corrupt");
                }
                convert(frame);
            } finally {
                av_frame_unref(frame);
            }
        }
    }

    private void finish() throws MediaException {
        int s = avcodec_send_packet(codec, null);
        if (s >= 0) {
            receiveFrames();
        }
        ended = true;
        if (declaredSeconds > 0 && framesDecoded > 0) {
            double got = secondsDecoded();
            if (declaredSeconds - got > TRUNCATION_TOLERANCE_SECONDS + 0.01 * declaredSeconds) {
                throw new MediaException(input, Kind.CORRUPT, got, String.format(
                        "truncated: the %s container declares %.3f s of video but the frames end after %.3f s",
                        fmt.iformat().name().getString(), declaredSeconds, got));
            }
        }
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
            throw new MediaException(input, Kind.CORRUPT, secondsDecoded(), "scaling failed: " + err(r));
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
                    "corrupt data after %d frames (%.3f s) of video: the frames jump from %.3f s to %.3f s in a "
                            + "%.3f frames/s stream (damaged data skipped by the %s demuxer)",
                    framesDecoded, secondsDecoded(), previous, t, 1 / nominalFrameSeconds,
                    fmt.iformat().name().getString()));
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

    private void decodeError(int r, String what) throws MediaException {
        decodeErrors++;
        if (!live) {
            String declared = declaredSeconds > 0
                    ? String.format(" (the container declares %.3f s: truncated or damaged)", declaredSeconds) : "";
            throw new MediaException(input, Kind.CORRUPT, secondsDecoded(), String.format(
                    "corrupt data after %d frames (%.3f s) of video%s: %s (%s)", framesDecoded, secondsDecoded(),
                    declared, what, err(r)));
        }
    }

    private MediaException readFailure(int r) {
        if (interrupted || r == ETIMEDOUT || r == AVERROR_EXIT) {
            return timeout("while reading");
        }
        if (r == AVERROR_INVALIDDATA) {
            return new MediaException(input, Kind.CORRUPT, secondsDecoded(), String.format(
                    "corrupt data after %d frames (%.3f s) of video: the %s demuxer failed (%s)",
                    framesDecoded, secondsDecoded(), fmt.iformat().name().getString(), err(r)));
        }
        return new MediaException(input, Kind.IO, secondsDecoded(),
                String.format("read failed after %d frames (%.3f s) of video: %s", framesDecoded, secondsDecoded(),
                        err(r)));
    }

    private MediaException timeout(String when) {
        return new MediaException(input, Kind.TIMEOUT, secondsDecoded(), String.format(
                "no data for %.1f s %s (timeoutSeconds); %d frames decoded", options.timeoutSeconds, when,
                framesDecoded));
    }

    private void arm() {
        interrupted = false;
        deadlineNanos = System.nanoTime() + (long) (options.timeoutSeconds * 1e9);
    }

    private static String err(int code) {
        return FfmpegAudioSource.err(code);
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
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (codec != null) {
            avcodec_free_context(codec);
            codec = null;
        }
        if (fmt != null) {
            avformat_close_input(fmt);
            fmt = null;
        }
        interruptCallback = null;
    }
}
