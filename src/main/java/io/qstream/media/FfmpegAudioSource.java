package io.qstream.media;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swresample.*;

import io.qstream.media.MediaException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One pass of FFmpeg over one input: demux, decode the best audio stream, and convert every decoded frame with
 * libswresample to mono float at the output rate, appending the samples (int16 scale) to a {@link SampleQueue}.
 *
 * <p>Downmix: libswresample's default stereo-to-mono matrix is not (L+R)/2: with float output it is 0.7071*(L+R)
 * (unnormalized; measured with FFmpeg 8.0.1 through JavaCV's grabber and with the ffmpeg 5.1 CLI), and only with
 * int16 output does its normalization give (L+R)/2, rounded to integers. So a custom matrix of 1/channels per input
 * channel is set; for stereo that is exactly (L+R)/2, applied in float before resampling. Int16 scale: samples are float in [-1, 1) times 32768, which for
 * 16-bit PCM input at the output rate reproduces the int16 values exactly (no resampling or dither happens then).
 *
 * <p>Strictness: FFmpeg conceals many errors. For files, any decode error fails with CORRUPT (FLAC CRCs are
 * checked), and reaching the end well short of the duration the container header declares fails as truncated.
 * Live inputs tolerate decode errors (lost packets are normal there) and only count them.
 */
final class FfmpegAudioSource implements AutoCloseable {

    /**
     * Shortfall against the declared duration that counts as truncation: this many seconds plus 1% of the declared
     * duration (codec priming/padding and frame rounding make valid files differ by a few ms).
     */
    static final double TRUNCATION_TOLERANCE_SECONDS = 0.1;
    private static final int AV_SAMPLE_FMT_FLT_PACKED = AV_SAMPLE_FMT_FLT;
    private static final int AV_FRAME_FLAG_CORRUPT_BIT = 1;
    // Linux errno values as FFmpeg returns them (AVERROR(e) = -e).
    private static final int EAGAIN = -11;
    private static final int ENOENT = -2;
    private static final int ETIMEDOUT = -110;
    private static final int EACCES = -13;

    static {
        if (av_log_get_level() > AV_LOG_ERROR) {
            av_log_set_level(AV_LOG_ERROR); // FFmpeg's info/warning chatter would drown the application's logs
        }
    }

    private final String input;
    private final DecodeOptions options;
    private final boolean live;
    private final SampleQueue sink;

    private AVFormatContext fmt;
    private AVCodecContext codec;
    private AVPacket packet;
    private AVFrame frame;
    private int audioIndex = -1;
    private String codecName = "?";
    private double declaredSeconds = -1;

    private SwrContext swr;
    private int swrFormat = -1;
    private int swrRate = -1;
    private AVChannelLayout swrLayout;
    private final PointerPointer<FloatPointer> outPlanes = new PointerPointer<>(1);
    private FloatPointer outBuffer;
    private int outCapacity;
    private float[] scratch = new float[0];

    private long samplesDecoded;
    private int decodeErrors;
    private boolean ended;

    private volatile long deadlineNanos = Long.MAX_VALUE;
    private volatile boolean interrupted;
    private AVIOInterruptCB.Callback_Pointer interruptCallback;

    FfmpegAudioSource(String input, DecodeOptions options, boolean live, SampleQueue sink) throws MediaException {
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

    /** Name of the audio codec being decoded, e.g. "flac", and the demuxer, e.g. "flac in flac". */
    String describe() {
        return codecName + " in " + (fmt == null ? "?" : fmt.iformat().name().getString());
    }

    /** Output samples produced so far (appended to the sink). */
    long samplesDecoded() {
        return samplesDecoded;
    }

    double secondsDecoded() {
        return samplesDecoded / (double) options.sampleRate;
    }

    /** Decode errors tolerated so far (live inputs only; files fail on the first). */
    int decodeErrors() {
        return decodeErrors;
    }

    boolean ended() {
        return ended;
    }

    /**
     * Reads and decodes one packet (or, at the end, drains decoder and resampler).
     *
     * @return false once the stream has ended and everything was delivered
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
            if (packet.stream_index() == audioIndex) {
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
            if (options.inputSampleRate > 0) {
                setIfAbsent(dict, "sample_rate", Integer.toString(options.inputSampleRate));
            }
            if (options.inputChannels > 0) {
                setIfAbsent(dict, "ch_layout", options.inputChannels + "c");
            }
            if (live) {
                // Microseconds. rw_timeout bounds every protocol read; "timeout" is the socket timeout of these
                // protocols (for rtmp it means something else, so it is not set there).
                String micros = Long.toString((long) (options.timeoutSeconds * 1e6));
                setIfAbsent(dict, "rw_timeout", micros);
                String scheme = scheme(input);
                if (scheme.startsWith("rtsp") || scheme.equals("tcp") || scheme.equals("udp")
                        || scheme.startsWith("http")) {
                    setIfAbsent(dict, "timeout", micros);
                }
            }
            fmt = avformat_alloc_context();
            if (live) {
                // The interrupt callback is the backstop: it also bounds waits no protocol option covers.
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
                throw new MediaException(input, Kind.CORRUPT, 0,
                        "could not read stream information: " + err(r), null);
            }
            selectAudioStream();
            // Whatever the demuxer/protocol did not consume goes to the decoder.
            openCodec(dict, userKeys);
        } finally {
            av_dict_free(dict);
        }
    }

    private void selectAudioStream() throws MediaException {
        int idx = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, -1, (PointerPointer<?>) null, 0);
        if (idx < 0) {
            throw new MediaException(input, Kind.NO_AUDIO, 0, "no audio stream (" + describeStreams() + ")");
        }
        audioIndex = idx;
        // Only the audio stream is wanted; discarding the rest saves demuxing work in video containers.
        for (int i = 0; i < fmt.nb_streams(); i++) {
            if (i != idx) {
                fmt.streams(i).discard(AVDISCARD_ALL);
            }
        }
        AVStream st = fmt.streams(idx);
        if (!live && st.duration() != AV_NOPTS_VALUE && st.duration() > 0
                && fmt.duration_estimation_method() == AVFMT_DURATION_FROM_STREAM) {
            declaredSeconds = st.duration() * av_q2d(st.time_base());
        }
        Path local = localPath(input);
        if (!live && local != null && "wav".equals(fmt.iformat().name().getString())) {
            declaredSeconds = WavHeader.declaredSeconds(local);
        }
    }

    private void openCodec(AVDictionary dict, Set<String> userKeys) throws MediaException {
        AVStream st = fmt.streams(audioIndex);
        AVCodecParameters par = st.codecpar();
        codecName = avcodec_get_name(par.codec_id()).getString();
        AVCodec dec = avcodec_find_decoder(par.codec_id());
        if (dec == null) {
            String tag = par.codec_tag() != 0 ? String.format(" (codec tag 0x%x)", par.codec_tag()) : "";
            throw new MediaException(input, Kind.UNSUPPORTED_CODEC, 0, "audio codec '" + codecName + "'" + tag
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
        if (!live) {
            // Make FFmpeg report damage it would otherwise conceal: without these, the FLAC decoder logs a CRC
            // mismatch but still outputs the damaged frame.
            setIfAbsent(dict, "err_detect", "crccheck+explode");
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
        // AVERROR_EXIT comes only from the interrupt callback, which only ever fires on the deadline.
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
            return new MediaException(input, Kind.NOT_MEDIA, 0,
                    "not a media file FFmpeg recognizes (" + err(r) + ")");
        }
        if (r == EACCES) {
            return new MediaException(input, Kind.IO, 0, "permission denied (" + err(r) + ")");
        }
        return new MediaException(input, Kind.IO, 0, "could not open: " + err(r));
    }

    /** For a local file FFmpeg could not open: the format its first bytes look like, judged by content only. */
    private String recognizedFormat() {
        Path path = localPath(input);
        if (path == null) {
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
            // Above the extension-only score means the content itself matched (no filename was given anyway).
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
                    // Throws for files; a live input keeps the decoder's concealed audio.
                    decodeError(AVERROR_INVALIDDATA, "the " + codecName + " decoder flagged a frame as corrupt");
                }
                convert(frame);
            } finally {
                av_frame_unref(frame);
            }
        }
    }

    private void finish() throws MediaException {
        // Drain frames the decoder holds back, then the resampler's tail.
        int s = avcodec_send_packet(codec, null);
        if (s >= 0) {
            receiveFrames();
        }
        if (swr != null) {
            while (true) {
                int n = swr_convert(swr, outPlanes.put(0, ensureOut(swr_get_out_samples(swr, 0) + 32)), outCapacity,
                        (PointerPointer<?>) null, 0);
                if (n <= 0) {
                    break;
                }
                emit(n);
            }
        }
        ended = true;
        if (declaredSeconds > 0) {
            double got = secondsDecoded();
            if (declaredSeconds - got > TRUNCATION_TOLERANCE_SECONDS + 0.01 * declaredSeconds) {
                throw new MediaException(input, Kind.CORRUPT, got, String.format(
                        "truncated: the %s header declares %.3f s of audio but the data ends after %.3f s",
                        fmt.iformat().name().getString(), declaredSeconds, got));
            }
        }
    }

    private void convert(AVFrame f) throws MediaException {
        if (f.nb_samples() <= 0) {
            return;
        }
        if (swr == null || f.format() != swrFormat || f.sample_rate() != swrRate
                || av_channel_layout_compare(f.ch_layout(), swrLayout) != 0) {
            rebuildResampler(f);
        }
        int cap = swr_get_out_samples(swr, f.nb_samples());
        int n = swr_convert(swr, outPlanes.put(0, ensureOut(cap)), outCapacity, f.extended_data(), f.nb_samples());
        if (n < 0) {
            throw new MediaException(input, Kind.CORRUPT, secondsDecoded(), "resampling failed: " + err(n));
        }
        emit(n);
    }

    /** (Re)creates the resampler for the frame's format; a mid-stream format change first flushes the old one. */
    private void rebuildResampler(AVFrame f) throws MediaException {
        if (swr != null) {
            while (true) {
                int n = swr_convert(swr, outPlanes.put(0, ensureOut(swr_get_out_samples(swr, 0) + 32)),
                        outCapacity, (PointerPointer<?>) null, 0);
                if (n <= 0) {
                    break;
                }
                emit(n);
            }
            swr_free(swr);
            swr = null;
        }
        int channels = f.ch_layout().nb_channels();
        if (channels <= 0) {
            throw new MediaException(input, Kind.CORRUPT, secondsDecoded(), "decoded audio has no channels");
        }
        if (swrLayout == null) {
            swrLayout = new AVChannelLayout();
            av_channel_layout_default(swrLayout, 1); // initialize before copy (copy frees the old content)
        }
        av_channel_layout_copy(swrLayout, f.ch_layout());
        AVChannelLayout in = new AVChannelLayout();
        AVChannelLayout out = new AVChannelLayout();
        try {
            av_channel_layout_default(in, 1);
            if (f.ch_layout().order() == AV_CHANNEL_ORDER_UNSPEC) {
                av_channel_layout_default(in, channels); // only the count is known; the mean needs no positions
            } else {
                av_channel_layout_copy(in, f.ch_layout());
            }
            av_channel_layout_default(out, 1);
            PointerPointer<SwrContext> pp = new PointerPointer<>(1);
            pp.put(0, swr_alloc()); // swr_alloc_set_opts2 configures *ps, allocating only when it is NULL
            int r = swr_alloc_set_opts2(pp, out, AV_SAMPLE_FMT_FLT_PACKED, options.sampleRate,
                    in, f.format(), f.sample_rate(), 0, null);
            if (r < 0 || pp.get(0) == null) {
                throw new MediaException(input, Kind.UNSUPPORTED_CODEC, secondsDecoded(),
                        "cannot convert " + describeFormat(f) + " audio: " + err(r));
            }
            swr = new SwrContext(pp.get(0));
            if (channels > 1) {
                double[] matrix = new double[channels];
                java.util.Arrays.fill(matrix, 1.0 / channels);
                r = swr_set_matrix(swr, matrix, channels);
                if (r < 0) {
                    throw new MediaException(input, Kind.UNSUPPORTED_CODEC, secondsDecoded(),
                            "cannot downmix " + describeFormat(f) + " audio: " + err(r));
                }
            }
            r = swr_init(swr);
            if (r < 0) {
                throw new MediaException(input, Kind.UNSUPPORTED_CODEC, secondsDecoded(),
                        "cannot resample " + describeFormat(f) + " audio to " + options.sampleRate + " Hz: "
                                + err(r));
            }
        } finally {
            av_channel_layout_uninit(in);
            av_channel_layout_uninit(out);
            in.close();
            out.close();
        }
        swrFormat = f.format();
        swrRate = f.sample_rate();
    }

    private static String describeFormat(AVFrame f) {
        BytePointer name = av_get_sample_fmt_name(f.format());
        return f.ch_layout().nb_channels() + "-channel " + (name == null ? "?" : name.getString()) + " "
                + f.sample_rate() + " Hz";
    }

    private FloatPointer ensureOut(int samples) {
        if (outBuffer == null || samples > outCapacity) {
            if (outBuffer != null) {
                outBuffer.close();
            }
            outCapacity = Math.max(samples, 4096);
            outBuffer = new FloatPointer(outCapacity);
        }
        return outBuffer;
    }

    /** Scales n resampled samples to int16 scale and appends them. */
    private void emit(int n) {
        if (scratch.length < n) {
            scratch = new float[Math.max(n, 4096)];
        }
        outBuffer.get(scratch, 0, n);
        for (int i = 0; i < n; i++) {
            float v = scratch[i] * 32768f;
            // Lossy decoders and resampling can overshoot full scale; a 16-bit WAV would clip there too.
            scratch[i] = v > 32767f ? 32767f : (v < -32768f ? -32768f : v);
        }
        sink.append(scratch, n);
        samplesDecoded += n;
    }

    private void decodeError(int r, String what) throws MediaException {
        decodeErrors++;
        if (!live) {
            String declared = declaredSeconds > 0
                    ? String.format(" (the header declares %.3f s: truncated or damaged)", declaredSeconds) : "";
            throw new MediaException(input, Kind.CORRUPT, secondsDecoded(), String.format(
                    "corrupt data after %.3f s of audio%s: %s (%s)", secondsDecoded(), declared, what, err(r)));
        }
    }

    private MediaException readFailure(int r) {
        if (interrupted || r == ETIMEDOUT || r == AVERROR_EXIT) {
            return timeout("while reading");
        }
        if (r == AVERROR_INVALIDDATA) {
            return new MediaException(input, Kind.CORRUPT, secondsDecoded(), String.format(
                    "corrupt data after %.3f s of audio: the %s demuxer failed (%s)",
                    secondsDecoded(), fmt.iformat().name().getString(), err(r)));
        }
        return new MediaException(input, Kind.IO, secondsDecoded(),
                String.format("read failed after %.3f s of audio: %s", secondsDecoded(), err(r)));
    }

    private MediaException timeout(String when) {
        return new MediaException(input, Kind.TIMEOUT, secondsDecoded(), String.format(
                "no data for %.1f s %s (timeoutSeconds); %.3f s of audio decoded", options.timeoutSeconds, when,
                secondsDecoded()));
    }

    /** Restarts the live-input deadline before each blocking FFmpeg call. */
    private void arm() {
        interrupted = false;
        deadlineNanos = System.nanoTime() + (long) (options.timeoutSeconds * 1e9);
    }

    private static void setIfAbsent(AVDictionary dict, String key, String value) {
        av_dict_set(dict, key, value, AV_DICT_DONT_OVERWRITE);
    }

    static String err(int code) {
        byte[] buf = new byte[256];
        av_strerror(code, buf, buf.length);
        int len = 0;
        while (len < buf.length && buf[len] != 0) {
            len++;
        }
        return new String(buf, 0, len, java.nio.charset.StandardCharsets.UTF_8) + " [" + code + "]";
    }

    static String scheme(String input) {
        int i = input.indexOf("://");
        return i > 0 ? input.substring(0, i).toLowerCase(java.util.Locale.ROOT) : "";
    }

    /** The local file an input names (plain path or file: URL), or null for other URLs. */
    static Path localPath(String input) {
        if (input.startsWith("file:")) {
            String p = input.substring("file:".length());
            if (p.startsWith("//")) {
                p = p.substring(2);
            }
            return Path.of(p);
        }
        return scheme(input).isEmpty() ? Path.of(input) : null;
    }

    @Override
    public void close() {
        if (swr != null) {
            swr_free(swr);
            swr = null;
        }
        if (swrLayout != null) {
            av_channel_layout_uninit(swrLayout);
            swrLayout.close();
            swrLayout = null;
        }
        if (outBuffer != null) {
            outBuffer.close();
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
