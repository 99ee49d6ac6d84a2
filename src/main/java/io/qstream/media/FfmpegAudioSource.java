package io.qstream.media;

import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swresample.*;

import io.qstream.media.MediaException.Kind;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One pass of FFmpeg over one input: demux, decode the best audio stream, and convert every decoded frame with
 * libswresample to mono float at the output rate, appending the samples (int16 scale) to a {@link SampleQueue}.
 *
 * <p>Downmix: libswresample's default stereo-to-mono matrix is not (L+R)/2: with float output it is 0.7071*(L+R)
 * (unnormalized; measured with FFmpeg 8.0.1 through JavaCV's grabber and with the ffmpeg 5.1 CLI), and only with
 * int16 output does its normalization give (L+R)/2, rounded to integers. So a custom matrix of 1/channels per input
 * channel is set; for stereo that is exactly (L+R)/2, applied in float before resampling. Int16 scale: samples are float in [-1, 1) times 32768,
 * which for
 * 16-bit PCM input at the output rate reproduces the int16 values exactly (no resampling or dither happens then).
 *
 * <p>Opening, demuxing, decoding and classifying failures are {@link FfmpegInput}'s; this class adds what is
 * audio's own: the resampler and the truncation check against the declared duration.
 *
 * <p>Strictness: FFmpeg conceals many errors. For files, any decode error fails with CORRUPT (FLAC CRCs are
 * checked), and reaching the end well short of the duration the container header declares fails as truncated.
 * Live inputs tolerate decode errors (lost packets are normal there) and only count them.
 */
final class FfmpegAudioSource implements DecodingSource, FfmpegInput.Progress {

    /**
     * Shortfall against the declared duration that counts as truncation: this many seconds plus 1% of the declared
     * duration (codec priming/padding and frame rounding make valid files differ by a few ms).
     */
    static final double TRUNCATION_TOLERANCE_SECONDS = 0.1;
    private static final int AV_SAMPLE_FMT_FLT_PACKED = AV_SAMPLE_FMT_FLT;

    private final String input;
    private final DecodeOptions options;
    private final SampleQueue sink;
    private final FfmpegInput in;
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
    private boolean ended;

    FfmpegAudioSource(String input, DecodeOptions options, boolean live, SampleQueue sink) throws MediaException {
        this.input = input;
        this.options = options;
        this.sink = sink;
        // Raw PCM has no header to state these; the demuxer takes them as options.
        Map<String, String> demuxerDefaults = new LinkedHashMap<>();
        if (options.inputSampleRate > 0) {
            demuxerDefaults.put("sample_rate", Integer.toString(options.inputSampleRate));
        }
        if (options.inputChannels > 0) {
            demuxerDefaults.put("ch_layout", options.inputChannels + "c");
        }
        in = FfmpegInput.open(input, options.inputOptions(), live, demuxerDefaults, AVMEDIA_TYPE_AUDIO, this);
        try {
            if (!live || in.isSizedHttpFile()) {
                declaredSeconds = readDeclaredSeconds();
            }
            in.openDecoder(Map.of());
        } catch (MediaException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Duration the file's header states for the audio, seconds; -1 when it states none. */
    private double readDeclaredSeconds() {
        AVFormatContext fmt = in.formatContext();
        AVStream st = in.stream();
        double declared = -1;
        if (st.duration() != AV_NOPTS_VALUE && st.duration() > 0
                && fmt.duration_estimation_method() == AVFMT_DURATION_FROM_STREAM) {
            declared = st.duration() * av_q2d(st.time_base());
        }
        if ("wav".equals(in.demuxerName())) {
            Path local = FfmpegInput.localPath(input);
            declared = local != null ? WavHeader.declaredSeconds(local) : WavHeader.declaredSeconds(input, in.timeoutSeconds());
        }
        return declared;
    }

    /** Name of the audio codec being decoded, e.g. "flac", and the demuxer, e.g. "flac in flac". */
    @Override
    public String describe() {
        return in.describe();
    }

    /** Output samples produced so far (appended to the sink). */
    long samplesDecoded() {
        return samplesDecoded;
    }

    @Override
    public double secondsDecoded() {
        return samplesDecoded / (double) options.sampleRate;
    }

    @Override
    public String decodedSoFar() {
        return String.format("%.3f s of audio", secondsDecoded());
    }

    @Override
    public String decodedForTimeout() {
        return decodedSoFar() + " decoded";
    }

    @Override
    public String declaredNote() {
        return declaredSeconds > 0
                ? String.format(" (the header declares %.3f s: truncated or damaged)", declaredSeconds) : "";
    }

    /** Decode errors tolerated so far (live inputs only; files fail on the first). */
    @Override
    public int decodeErrors() {
        return in.decodeErrors();
    }

    boolean ended() {
        return ended;
    }

    /**
     * Reads and decodes one packet (or, at the end, drains decoder and resampler).
     *
     * @return false once the stream has ended and everything was delivered
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

    private void finish() throws MediaException {
        // The decoder was drained; the resampler still holds its tail.
        if (swr != null) {
            drainResampler();
        }
        ended = true;
        if (declaredSeconds > 0) {
            in.checkNotTruncated(declaredSeconds, secondsDecoded(), TRUNCATION_TOLERANCE_SECONDS, "header declares",
                    "audio", "the data ends");
        }
        in.checkOggEnded(secondsDecoded(), "audio");
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
            throw new MediaException(input, Kind.CORRUPT, secondsDecoded(),
                    "resampling failed: " + FfmpegInput.err(n));
        }
        emit(n);
    }

    /** (Re)creates the resampler for the frame's format; a mid-stream format change first flushes the old one. */
    private void rebuildResampler(AVFrame f) throws MediaException {
        if (swr != null) {
            drainResampler();
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
                        "cannot convert " + describeFormat(f) + " audio: " + FfmpegInput.err(r));
            }
            swr = new SwrContext(pp.get(0));
            if (channels > 1) {
                double[] matrix = new double[channels];
                java.util.Arrays.fill(matrix, 1.0 / channels);
                r = swr_set_matrix(swr, matrix, channels);
                if (r < 0) {
                    throw new MediaException(input, Kind.UNSUPPORTED_CODEC, secondsDecoded(),
                            "cannot downmix " + describeFormat(f) + " audio: " + FfmpegInput.err(r));
                }
            }
            r = swr_init(swr);
            if (r < 0) {
                throw new MediaException(input, Kind.UNSUPPORTED_CODEC, secondsDecoded(),
                        "cannot resample " + describeFormat(f) + " audio to " + options.sampleRate + " Hz: "
                                + FfmpegInput.err(r));
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

    /** Emits the samples the resampler holds back (its filter delay). */
    private void drainResampler() {
        while (true) {
            int n = swr_convert(swr, outPlanes.put(0, ensureOut(swr_get_out_samples(swr, 0) + 32)), outCapacity,
                    (PointerPointer<?>) null, 0);
            if (n <= 0) {
                break;
            }
            emit(n);
        }
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
        in.close();
    }
}
