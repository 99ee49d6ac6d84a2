package io.qstream.media;

import java.util.Map;

/**
 * The options that say how FFmpeg opens an input, whatever is decoded from it: the shared part of
 * {@link DecodeOptions} and {@link VideoDecodeOptions}, handed to {@link FfmpegInput}.
 *
 * <p>The static checks validate these fields for both option classes; each class calls them at its own place in its
 * {@code validate()}, so the first reported problem stays the same when several options are bad.
 *
 * @param format FFmpeg demuxer name to force, or null to probe the input
 * @param timeoutSeconds live inputs: longest wait for data, seconds
 * @param ffmpegOptions extra AVOptions, offered to the demuxer/protocol first, then to the decoder
 */
record InputOptions(String format, double timeoutSeconds, Map<String, String> ffmpegOptions) {

    /** @throws IllegalArgumentException unless timeoutSeconds is a finite number &gt; 0 */
    static void checkTimeout(double timeoutSeconds) {
        if (!(timeoutSeconds > 0) || Double.isInfinite(timeoutSeconds)) {
            throw new IllegalArgumentException("timeoutSeconds must be a finite number > 0, got " + timeoutSeconds);
        }
    }

    /** @throws IllegalArgumentException for a blank format (null means probe) */
    static void checkFormat(String format) {
        if (format != null && format.isBlank()) {
            throw new IllegalArgumentException("format must be null (probe) or an FFmpeg demuxer name, got blank");
        }
    }

    /** @throws IllegalArgumentException for a null map, or an entry with a blank key or a null value */
    static void checkFfmpegOptions(Map<String, String> ffmpegOptions) {
        if (ffmpegOptions == null) {
            throw new IllegalArgumentException("ffmpegOptions must not be null (use an empty map)");
        }
        for (Map.Entry<String, String> e : ffmpegOptions.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
                throw new IllegalArgumentException("ffmpegOptions entry " + e.getKey() + "=" + e.getValue()
                        + " needs a non-blank key and a non-null value");
            }
        }
    }
}
