package io.qstream.media;

import java.util.Locale;
import java.util.Set;

/**
 * Which inputs are live network streams (rtsp, rtmp, udp, http, ...): they are read with a timeout, cannot be
 * rewound (a restore or a reconnect renumbers instead of seeking) and tolerate isolated decode errors.
 */
public final class LiveInputs {
    private static final Set<String> LIVE_SCHEMES = Set.of("rtsp", "rtsps", "rtmp", "rtmps", "rtmpt", "rtmpe",
            "rtmpte", "rtp", "udp", "tcp", "srt", "http", "https", "mms", "mmsh", "mmst", "hls", "unix");

    private LiveInputs() {}

    /** Standard input, as an input name. */
    public static final String STDIN = "-";

    /** True for a URL whose scheme is a network protocol, and for pipes ({@link #isPipe}): neither can be rewound. */
    public static boolean isLive(String input) {
        return LIVE_SCHEMES.contains(scheme(input)) || isPipe(input);
    }

    /**
     * True for standard input ({@code -}), FFmpeg's {@code pipe:} URLs and a local path that is a named pipe (FIFO)
     * or another non-regular file: read once as it comes, never rewound, so a stream from one cannot be resumed
     * after a failure.
     */
    public static boolean isPipe(String input) {
        if (input.equals(STDIN) || scheme(input).isEmpty() && input.startsWith("pipe:")) return true;
        if (!scheme(input).isEmpty() || input.contains("%")) return false;
        try {
            java.nio.file.attribute.BasicFileAttributes a = java.nio.file.Files.readAttributes(java.nio.file.Path.of(input),
                    java.nio.file.attribute.BasicFileAttributes.class);
            return a.isOther();
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** The name FFmpeg opens for {@code input}: {@code pipe:0} for standard input, else the input itself. */
    static String ffmpegUrl(String input) {
        return input.equals(STDIN) ? "pipe:0" : input;
    }

    /** The URL scheme in lower case, "" for a plain path. */
    static String scheme(String input) {
        int i = input.indexOf("://");
        return i > 0 ? input.substring(0, i).toLowerCase(Locale.ROOT) : "";
    }
}
