package io.qstream.media;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import io.qstream.media.MediaException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVProbeData;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avformat.Read_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One input opened with FFmpeg for decoding one stream, the part audio and video decoding share: the demuxer (forced
 * format, user AVOptions, timeouts for live inputs), the decoder of the best stream of one media type, and the packet
 * loop that hands every decoded frame to a {@link FrameConsumer}. Every FFmpeg failure becomes a
 * {@link MediaException} of the right kind; the sources built on it only convert frames (resample or scale).
 *
 * <p>Use: {@link #open}, read the chosen {@link #stream()}'s properties, {@link #openDecoder}, then
 * {@link #decodePacket} until it returns false.
 *
 * <p>Strictness: for files the decoder runs with {@code err_detect=crccheck+explode} and the first decode error or
 * frame flagged corrupt fails with CORRUPT. Live inputs tolerate decode errors (lost packets are normal there) and
 * only count them; every blocking call is bounded by {@code timeoutSeconds} instead.
 */
final class FfmpegInput implements AutoCloseable {

    /** How far the caller's decoding got, in its own units: error messages report it. */
    interface Progress {
        /** Output seconds decoded so far, from the stream start. */
        double secondsDecoded();

        /** What was decoded so far, e.g. "1.234 s of audio" or "30 frames (1.200 s) of video". */
        String decodedSoFar();

        /** The end of a timeout message, e.g. "1.234 s of audio decoded" or "30 frames decoded". */
        String decodedForTimeout();

        /** Appended to corrupt-data messages, e.g. " (the header declares 2.000 s: truncated or damaged)", or "". */
        String declaredNote();
    }

    /** Receives each decoded frame; FFmpeg reuses the frame afterwards, so copy what must be kept. */
    @FunctionalInterface
    interface FrameConsumer {
        void accept(AVFrame frame) throws MediaException;
    }

    private static final int AV_FRAME_FLAG_CORRUPT_BIT = 1;
    // Linux errno values as FFmpeg returns them (AVERROR(e) = -e).
    private static final int EAGAIN = -11;
    private static final int ENOENT = -2;
    private static final int ETIMEDOUT = -110;
    private static final int EACCES = -13;
    private static final int EIO = -5;

    static {
        if (av_log_get_level() > AV_LOG_ERROR) {
            av_log_set_level(AV_LOG_ERROR); // FFmpeg's info/warning chatter would drown the application's logs
        }
    }

    private final String input;
    private final InputOptions options;
    private final boolean live;
    private final Progress progress;

    private AVFormatContext fmt;
    /** Options given to the demuxer; what it leaves unused goes on to the decoder. Freed once that is open. */
    private AVDictionary dict = new AVDictionary(null);
    private final Set<String> userKeys;
    private int streamIndex = -1;
    private int mediaType = AVMEDIA_TYPE_UNKNOWN;
    private String codecName = "?";
    private AVCodecContext codec;
    private AVPacket packet;
    private AVFrame frame;
    private int decodeErrors;

    private volatile long deadlineNanos = Long.MAX_VALUE;
    private volatile boolean interrupted;
    private AVIOInterruptCB.Callback_Pointer interruptCallback;
    /** Pipes only: FFmpeg reads them through these, so that a silent writer times out (see {@link PipeFeed}). */
    private PipeFeed pipe;
    private AVIOContext pipeIo;
    private Read_packet_Pointer_BytePointer_int pipeRead;
    private volatile IOException pipeFailure;

    private FfmpegInput(String input, InputOptions options, boolean live, Progress progress) {
        this.input = input;
        this.options = options;
        this.live = live;
        this.progress = progress;
        this.userKeys = new LinkedHashSet<>(options.ffmpegOptions().keySet());
    }

    /**
     * Opens the demuxer, reads the stream information and selects the best stream of one media type, discarding the
     * others.
     *
     * @param demuxerDefaults AVOptions set unless the user gave them, e.g. {@code sample_rate} for raw PCM
     * @param mediaType {@code AVMEDIA_TYPE_AUDIO} or {@code AVMEDIA_TYPE_VIDEO}
     * @param progress the caller's decoding progress, for error messages
     * @throws MediaException NOT_FOUND, NOT_MEDIA, NO_AUDIO/NO_VIDEO, CORRUPT, BAD_OPTIONS, IO or TIMEOUT
     */
    static FfmpegInput open(String input, InputOptions options, boolean live, Map<String, String> demuxerDefaults,
            int mediaType, Progress progress) throws MediaException {
        FfmpegInput in = new FfmpegInput(input, options, live, progress);
        try {
            in.openDemuxer(demuxerDefaults);
            in.selectStream(mediaType);
        } catch (MediaException | RuntimeException e) {
            in.close();
            throw e;
        }
        return in;
    }

    private void openDemuxer(Map<String, String> demuxerDefaults) throws MediaException {
        AVInputFormat forced = null;
        if (options.format() != null) {
            forced = av_find_input_format(options.format());
            if (forced == null) {
                throw new MediaException(input, Kind.BAD_OPTIONS, 0, "unknown input format '" + options.format()
                        + "' (not an FFmpeg demuxer name, see ffmpeg -formats)");
            }
        }
        options.ffmpegOptions().forEach((k, v) -> av_dict_set(dict, k, v, 0));
        demuxerDefaults.forEach(this::setIfAbsent);
        if (live) {
            // Microseconds. rw_timeout bounds every protocol read; "timeout" is the socket timeout of these
            // protocols (for rtmp it means something else, so it is not set there).
            String micros = Long.toString((long) (options.timeoutSeconds() * 1e6));
            setIfAbsent("rw_timeout", micros);
            String scheme = LiveInputs.scheme(input);
            if (scheme.startsWith("rtsp") || scheme.equals("tcp") || scheme.equals("udp")
                    || scheme.startsWith("http")) {
                setIfAbsent("timeout", micros);
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
        if (LiveInputs.isPipe(input)) {
            readThroughPipeFeed();
        }
        arm();
        int r = avformat_open_input(fmt, LiveInputs.ffmpegUrl(input), forced, dict);
        if (r < 0) {
            fmt = null; // freed by FFmpeg on failure
            throw openFailure(r);
        }
        arm();
        r = avformat_find_stream_info(fmt, (PointerPointer<?>) null);
        if (r < 0) {
            if (timedOut(r)) {
                throw timeout("while probing streams");
            }
            throw new MediaException(input, Kind.CORRUPT, 0, "could not read stream information: " + err(r), null);
        }
    }

    /**
     * Gives the demuxer a custom I/O context that reads the pipe through a {@link PipeFeed}, each read bounded by
     * the deadline {@link #arm} set, instead of FFmpeg's own blocking pipe protocol.
     */
    private void readThroughPipeFeed() {
        pipe = PipeFeed.open(input);
        pipeRead = new Read_packet_Pointer_BytePointer_int() {
            @Override
            public int call(Pointer opaque, BytePointer buf, int size) {
                try {
                    int n = pipe.read((b, off, len) -> buf.position(0).put(b, off, len), size,
                            Math.max(0, deadlineNanos - System.nanoTime()));
                    if (n == PipeFeed.TIMED_OUT) {
                        interrupted = true;
                        return ETIMEDOUT;
                    }
                    return n == PipeFeed.END_OF_PIPE ? AVERROR_EOF : n;
                } catch (IOException | RuntimeException e) {
                    pipeFailure = e instanceof IOException io ? io : new IOException(e);
                    return EIO;
                }
            }
        };
        BytePointer buffer = new BytePointer(av_malloc(PipeFeed.BLOCK_BYTES));
        pipeIo = avio_alloc_context(buffer, PipeFeed.BLOCK_BYTES, 0, null, pipeRead, null, null);
        fmt.pb(pipeIo);
        fmt.flags(fmt.flags() | AVFormatContext.AVFMT_FLAG_CUSTOM_IO);
    }

    private void selectStream(int mediaType) throws MediaException {
        int idx = av_find_best_stream(fmt, mediaType, -1, -1, (PointerPointer<?>) null, 0);
        if (idx < 0) {
            String unusable = unusableStream(mediaType);
            if (unusable != null) throw new MediaException(input, Kind.CORRUPT, 0, unusable);
            Kind kind = mediaType == AVMEDIA_TYPE_AUDIO ? Kind.NO_AUDIO : Kind.NO_VIDEO;
            throw new MediaException(input, kind, 0, "no " + mediaWord(mediaType) + " stream (" + describeStreams()
                    + ")");
        }
        streamIndex = idx;
        this.mediaType = mediaType;
        // Only this stream is wanted; discarding the rest saves demuxing work (audio in video files and vice versa).
        for (int i = 0; i < fmt.nb_streams(); i++) {
            if (i != idx) {
                fmt.streams(i).discard(AVDISCARD_ALL);
            }
        }
    }

    /**
     * Why a stream of the wanted type that FFmpeg would not pick cannot be decoded (a header that declares 0 channels,
     * a 0 Hz sample rate or a 0x0 picture), or null when there is no such stream: "no audio stream" would mislead.
     */
    private String unusableStream(int mediaType) {
        for (int i = 0; i < fmt.nb_streams(); i++) {
            AVCodecParameters p = fmt.streams(i).codecpar();
            if (p.codec_type() != mediaType) continue;
            String codec = avcodec_get_name(p.codec_id()).getString();
            if (mediaType == AVMEDIA_TYPE_AUDIO && p.ch_layout().nb_channels() <= 0) {
                return "the " + codec + " audio stream's header declares " + p.ch_layout().nb_channels() + " channels";
            }
            if (mediaType == AVMEDIA_TYPE_AUDIO && p.sample_rate() <= 0) {
                return "the " + codec + " audio stream's header declares a sample rate of " + p.sample_rate() + " Hz";
            }
            if (mediaType != AVMEDIA_TYPE_AUDIO && (p.width() <= 0 || p.height() <= 0)) {
                return "the " + codec + " video stream declares a " + p.width() + "x" + p.height() + " picture";
            }
        }
        return null;
    }

    private static String mediaWord(int mediaType) {
        return mediaType == AVMEDIA_TYPE_AUDIO ? "audio" : "video";
    }

    private String describeStreams() {
        if (fmt.nb_streams() == 0) {
            return "the " + demuxerName() + " input has no streams";
        }
        List<String> kinds = new ArrayList<>();
        for (int i = 0; i < fmt.nb_streams(); i++) {
            AVCodecParameters p = fmt.streams(i).codecpar();
            BytePointer type = av_get_media_type_string(p.codec_type());
            kinds.add((type == null ? "unknown" : type.getString()) + " " + avcodec_get_name(p.codec_id()).getString());
        }
        return "the " + demuxerName() + " input has only: " + String.join(", ", kinds);
    }

    /**
     * Opens the decoder of the selected stream with the options the demuxer left unused.
     *
     * @param decoderDefaults AVOptions set unless the user gave them, e.g. {@code threads}
     * @throws MediaException UNSUPPORTED_CODEC, CORRUPT, or BAD_OPTIONS for user options nothing recognized
     */
    void openDecoder(Map<String, String> decoderDefaults) throws MediaException {
        try {
            AVStream st = stream();
            AVCodecParameters par = st.codecpar();
            codecName = avcodec_get_name(par.codec_id()).getString();
            AVCodec dec = avcodec_find_decoder(par.codec_id());
            if (dec == null) {
                String tag = par.codec_tag() != 0 ? String.format(" (codec tag 0x%x)", par.codec_tag()) : "";
                throw new MediaException(input, Kind.UNSUPPORTED_CODEC, 0, mediaWord(mediaType) + " codec '"
                        + codecName + "'" + tag + " in " + demuxerName() + " is not supported: this FFmpeg build has "
                        + "no decoder for it");
            }
            codec = avcodec_alloc_context3(dec);
            int r = avcodec_parameters_to_context(codec, par);
            if (r < 0) {
                throw new MediaException(input, Kind.UNSUPPORTED_CODEC, 0,
                        "could not set up the " + codecName + " decoder: " + err(r));
            }
            codec.pkt_timebase(st.time_base());
            decoderDefaults.forEach(this::setIfAbsent);
            if (!live) {
                // Make FFmpeg report damage it would otherwise conceal: without these, the FLAC decoder logs a CRC
                // mismatch but still outputs the damaged frame, and video decoders paint grey or repeated blocks.
                setIfAbsent("err_detect", "crccheck+explode");
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
                        + " not recognized by the " + demuxerName() + " demuxer, its protocol or the "
                        + codecName + " decoder");
            }
            packet = av_packet_alloc();
            frame = av_frame_alloc();
        } finally {
            freeOptions();
        }
    }

    private MediaException openFailure(int r) {
        // AVERROR_EXIT comes only from the interrupt callback, which only ever fires on the deadline.
        if (timedOut(r)) {
            return timeout("while opening");
        }
        if (r == ENOENT || r == AVERROR_HTTP_NOT_FOUND) {
            return new MediaException(input, Kind.NOT_FOUND, 0, "not found (" + err(r) + ")");
        }
        if (r == AVERROR_INVALIDDATA) {
            if (options.format() != null) {
                return new MediaException(input, Kind.NOT_MEDIA, 0,
                        "not valid " + options.format() + " data (" + err(r) + ")");
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
        Path path = localPath(input);
        // Not a regular file: an image-sequence pattern names none, and reading a pipe would consume its data.
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
            // Above the extension-only score means the content itself matched (no filename was given anyway).
            return f != null && score[0] > AVPROBE_SCORE_RETRY ? f.name().getString() : null;
        }
    }

    /** The selected stream (its time base, duration, frame rate, ...). */
    AVStream stream() {
        return fmt.streams(streamIndex);
    }

    /** The open demuxer context (container-level duration and its estimation method). */
    AVFormatContext formatContext() {
        return fmt;
    }

    /** The demuxer's name, e.g. "wav" or "mov,mp4,m4a,3gp,3g2,mj2". */
    String demuxerName() {
        return fmt == null ? "?" : fmt.iformat().name().getString();
    }

    /**
     * True for a file served over http(s) with a known size (Content-Length), as opposed to an endless live stream:
     * its declared duration is checked against what decodes, as for a local file, so a truncated file or a dropped
     * connection is an error, never a silently short stream.
     */
    boolean isSizedHttpFile() {
        String scheme = LiveInputs.scheme(input);
        return (scheme.equals("http") || scheme.equals("https")) && fmt != null && fmt.pb() != null
                && avio_size(fmt.pb()) > 0;
    }

    /** Read timeout of the input, seconds. */
    double timeoutSeconds() {
        return options.timeoutSeconds();
    }

    /**
     * Catches a cut Ogg file (Opus, Vorbis, Theora), which Ogg's missing duration lets pass for a shorter, complete one:
     * CORRUPT unless a local Ogg file ends with a complete end-of-stream page ({@link OggEnd}). Live inputs and other
     * containers pass.
     *
     * @param media "audio" or "video", for the message
     */
    void checkOggEnded(double secondsDecoded, String media) throws MediaException {
        Path local = live ? null : localPath(input);
        if (local == null || !"ogg".equals(demuxerName())) return;
        String problem = OggEnd.problem(local);
        if (problem != null) {
            throw new MediaException(input, Kind.CORRUPT, secondsDecoded, String.format(
                    "truncated: %s after %.3f s of %s (a finished Ogg file ends with an end-of-stream page)",
                    problem, secondsDecoded, media));
        }
    }

    /**
     * Catches the truncated inputs FFmpeg decodes without complaint: CORRUPT when the decoded media ends more than
     * {@code toleranceSeconds} + 1% before the duration the input declares. The message reads "truncated: the
     * {demuxer} {declares} {declared} s of {media} but {ends} after {got} s".
     */
    void checkNotTruncated(double declaredSeconds, double gotSeconds, double toleranceSeconds, String declares,
                           String media, String ends) throws MediaException {
        if (declaredSeconds - gotSeconds > toleranceSeconds + 0.01 * declaredSeconds) {
            throw new MediaException(input, Kind.CORRUPT, gotSeconds, String.format(
                    "truncated: the %s %s %.3f s of %s but %s after %.3f s",
                    demuxerName(), declares, declaredSeconds, media, ends, gotSeconds));
        }
    }

    /** The open decoder (null before {@link #openDecoder}). */
    AVCodecContext decoder() {
        return codec;
    }

    /** Codec and demuxer, e.g. "flac in flac". */
    String describe() {
        return codecName + " in " + demuxerName();
    }

    /** Decode errors tolerated so far (live inputs only; files fail on the first). */
    int decodeErrors() {
        return decodeErrors;
    }

    /**
     * Reads one packet and, if it belongs to the selected stream, decodes it, handing every frame it completes to
     * {@code frames}. At the end of the input it drains the decoder's held-back frames instead.
     *
     * @return false at the end of the input (after draining)
     * @throws MediaException CORRUPT, IO or TIMEOUT, or what {@code frames} throws
     */
    boolean decodePacket(FrameConsumer frames) throws MediaException {
        arm();
        int r = av_read_frame(fmt, packet);
        if (r == AVERROR_EOF) {
            if (avcodec_send_packet(codec, null) >= 0) {
                receiveFrames(frames);
            }
            return false;
        }
        if (r < 0) {
            throw readFailure(r);
        }
        try {
            if (packet.stream_index() == streamIndex) {
                int s = avcodec_send_packet(codec, packet);
                if (s < 0 && s != EAGAIN) {
                    decodeError(s, "could not decode " + codecName + " packet");
                }
                receiveFrames(frames);
            }
        } finally {
            av_packet_unref(packet);
        }
        return true;
    }

    private void receiveFrames(FrameConsumer frames) throws MediaException {
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
                    // Throws for files; a live input keeps the decoder's concealed output.
                    decodeError(AVERROR_INVALIDDATA, "the " + codecName + " decoder flagged a frame as corrupt");
                }
                frames.accept(frame);
            } finally {
                av_frame_unref(frame);
            }
        }
    }

    private void decodeError(int r, String what) throws MediaException {
        decodeErrors++;
        if (!live) {
            throw new MediaException(input, Kind.CORRUPT, progress.secondsDecoded(), String.format(
                    "corrupt data after %s%s: %s (%s)", progress.decodedSoFar(), progress.declaredNote(), what,
                    err(r)));
        }
    }

    private MediaException readFailure(int r) {
        if (timedOut(r)) {
            return timeout("while reading");
        }
        if (r == AVERROR_INVALIDDATA) {
            return new MediaException(input, Kind.CORRUPT, progress.secondsDecoded(), String.format(
                    "corrupt data after %s: the %s demuxer failed (%s)", progress.decodedSoFar(), demuxerName(),
                    err(r)));
        }
        String cause = pipeFailure != null ? pipeFailure.toString() : err(r);
        return new MediaException(input, Kind.IO, progress.secondsDecoded(),
                String.format("read failed after %s: %s", progress.decodedSoFar(), cause));
    }

    private boolean timedOut(int r) {
        return interrupted || r == ETIMEDOUT || r == AVERROR_EXIT;
    }

    private MediaException timeout(String when) {
        return new MediaException(input, Kind.TIMEOUT, progress.secondsDecoded(), String.format(
                "no data for %.1f s %s (timeoutSeconds); %s", options.timeoutSeconds(), when,
                progress.decodedForTimeout()));
    }

    /** Restarts the live-input deadline before each blocking FFmpeg call. */
    private void arm() {
        interrupted = false;
        deadlineNanos = System.nanoTime() + (long) (options.timeoutSeconds() * 1e9);
    }

    private void setIfAbsent(String key, String value) {
        av_dict_set(dict, key, value, AV_DICT_DONT_OVERWRITE);
    }

    private void freeOptions() {
        if (dict != null) {
            av_dict_free(dict);
            dict = null;
        }
    }

    /** FFmpeg's text for an error code, with the code, e.g. "Invalid data found when processing input [-1094995529]". */
    static String err(int code) {
        byte[] buf = new byte[256];
        av_strerror(code, buf, buf.length);
        int len = 0;
        while (len < buf.length && buf[len] != 0) {
            len++;
        }
        return new String(buf, 0, len, java.nio.charset.StandardCharsets.UTF_8) + " [" + code + "]";
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
        return LiveInputs.scheme(input).isEmpty() ? Path.of(input) : null;
    }

    /**
     * Fails early, with a clear message, for a local file that cannot be media: FFmpeg's own errors for these are
     * vague. Does nothing for URLs.
     *
     * @throws MediaException NOT_FOUND, NOT_MEDIA (a directory), IO (unreadable) or EMPTY (0 bytes)
     */
    static void checkLocalFile(String input) throws MediaException {
        Path local = localPath(input);
        if (local == null || input.equals(LiveInputs.STDIN) || input.startsWith("pipe:")) {
            return;
        }
        if (!Files.exists(local)) {
            if (Files.isSymbolicLink(local)) {
                // a link whose target is missing, or a loop of links: "no such file" would hide which
                try {
                    local.toRealPath();
                } catch (java.nio.file.NoSuchFileException e) {
                    throw new MediaException(input, Kind.NOT_FOUND, 0, "broken symbolic link (its target does not exist)");
                } catch (IOException e) {
                    String why = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                            : e.getMessage();
                    throw new MediaException(input, Kind.IO, 0, "cannot follow symbolic link: " + why);
                }
            }
            throw new MediaException(input, Kind.NOT_FOUND, 0, "no such file");
        }
        if (Files.isDirectory(local)) {
            throw new MediaException(input, Kind.NOT_MEDIA, 0, "is a directory, not a media file");
        }
        if (!Files.isReadable(local)) {
            throw new MediaException(input, Kind.IO, 0, "file is not readable (permission denied)");
        }
        if (LiveInputs.isPipe(input)) {
            return; // a named pipe has no size: its data arrives as the writer writes it
        }
        long size;
        try {
            size = Files.size(local);
        } catch (IOException e) {
            throw new MediaException(input, Kind.IO, 0, "cannot stat file: " + e.getMessage(), e);
        }
        if (size == 0) {
            throw new MediaException(input, Kind.EMPTY, 0, "empty file (0 bytes)");
        }
    }

    @Override
    public void close() {
        freeOptions();
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
        if (pipeIo != null) {
            // FFmpeg may have replaced the buffer it was given; free the one it holds now.
            av_free(pipeIo.buffer());
            avio_context_free(pipeIo);
            pipeIo = null;
        }
        if (pipe != null) {
            pipe.close();
            pipe = null;
        }
        interruptCallback = null;
    }
}
