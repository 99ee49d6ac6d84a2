package io.qstream.media;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to open and decode an audio input. Plain mutable fields with the documented defaults; call {@link #validate()}
 * (done by {@link AudioDecoder#open}) before use.
 */
public final class DecodeOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * FFmpeg demuxer name to force, e.g. {@code "s16le"} for headerless 16-bit little-endian PCM; null = probe the
     * input. Raw PCM demuxers also need {@link #inputSampleRate} and {@link #inputChannels}.
     */
    public String format = null;
    /** Sample rate of raw PCM input, Hz (required with a raw PCM {@link #format}); 0 = not given. */
    public int inputSampleRate = 0;
    /** Channel count of raw PCM input (required with a raw PCM {@link #format}); 0 = not given. */
    public int inputChannels = 0;
    /** Output sample rate, Hz; FFmpeg's resampler (libswresample) converts to it. */
    public int sampleRate = 16000;
    /** Maximum samples per {@link AudioChunk}; every chunk but the last has exactly this many. */
    public int chunkSamples = 4000;
    /** Live/network inputs: longest wait for data, seconds, before failing with TIMEOUT instead of hanging. */
    public double timeoutSeconds = 10;
    /**
     * Extra FFmpeg AVOptions, e.g. {@code "probesize" -> "32768"}; offered to the demuxer/protocol first, then to the
     * decoder. A key that neither accepts fails the open with BAD_OPTIONS.
     */
    public Map<String, String> ffmpegOptions = new LinkedHashMap<>();

    /** Largest channel count accepted for raw input (FFmpeg's own limit is higher, but no real input has more). */
    static final int MAX_CHANNELS = 64;

    /** @throws IllegalArgumentException naming the bad option and its value */
    public void validate() {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate must be > 0 Hz, got " + sampleRate);
        }
        if (chunkSamples <= 0) {
            throw new IllegalArgumentException("chunkSamples must be > 0, got " + chunkSamples);
        }
        InputOptions.checkTimeout(timeoutSeconds);
        if (inputSampleRate < 0) {
            throw new IllegalArgumentException("inputSampleRate must be >= 0 Hz (0 = not given), got "
                    + inputSampleRate);
        }
        if (inputChannels < 0 || inputChannels > MAX_CHANNELS) {
            throw new IllegalArgumentException("inputChannels must be in 0.." + MAX_CHANNELS + " (0 = not given), got "
                    + inputChannels);
        }
        InputOptions.checkFormat(format);
        if (format == null && (inputSampleRate > 0 || inputChannels > 0)) {
            throw new IllegalArgumentException("inputSampleRate/inputChannels are for raw input and need format "
                    + "(e.g. s16le), got format=null");
        }
        if (isRawPcm(format) && (inputSampleRate == 0 || inputChannels == 0)) {
            throw new IllegalArgumentException("raw PCM format " + format
                    + " needs inputSampleRate and inputChannels, got " + inputSampleRate + " Hz, "
                    + inputChannels + " channels");
        }
        InputOptions.checkFfmpegOptions(ffmpegOptions);
    }

    /** True for FFmpeg's headerless PCM demuxers (s16le, f32le, u8, alaw, ...), which cannot probe rate/channels. */
    static boolean isRawPcm(String format) {
        return format != null && format.matches("[su](8|16|24|32)(le|be)?|f(32|64)(le|be)|alaw|mulaw");
    }

    /** How FFmpeg opens the input (validated options only). */
    InputOptions inputOptions() {
        return new InputOptions(format, timeoutSeconds, ffmpegOptions);
    }

    /** A deep copy, so a decoder is unaffected by later changes to the caller's object. */
    public DecodeOptions copy() {
        DecodeOptions c = new DecodeOptions();
        c.format = format;
        c.inputSampleRate = inputSampleRate;
        c.inputChannels = inputChannels;
        c.sampleRate = sampleRate;
        c.chunkSamples = chunkSamples;
        c.timeoutSeconds = timeoutSeconds;
        c.ffmpegOptions = ffmpegOptions == null ? null : new LinkedHashMap<>(ffmpegOptions);
        return c;
    }

    @Override
    public String toString() {
        return "DecodeOptions{format=" + format + ", inputSampleRate=" + inputSampleRate + ", inputChannels="
                + inputChannels + ", sampleRate=" + sampleRate + ", chunkSamples=" + chunkSamples
                + ", timeoutSeconds=" + timeoutSeconds + ", ffmpegOptions=" + ffmpegOptions + "}";
    }
}
