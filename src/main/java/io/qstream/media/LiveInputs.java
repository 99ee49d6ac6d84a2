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

    /** True for a URL whose scheme is a network protocol. */
    public static boolean isLive(String input) {
        return LIVE_SCHEMES.contains(scheme(input));
    }

    /** The URL scheme in lower case, "" for a plain path. */
    static String scheme(String input) {
        int i = input.indexOf("://");
        return i > 0 ? input.substring(0, i).toLowerCase(Locale.ROOT) : "";
    }
}
