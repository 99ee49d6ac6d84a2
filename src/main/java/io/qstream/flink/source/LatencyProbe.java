package io.qstream.flink.source;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-JVM record of when each paced stream started (for latency measurements on an embedded MiniCluster, where
 * source and sink share the JVM): with pace p, media time t of a stream is due at wall time
 * {@code start + (t - startMedia) / p}. The end-to-end latency of a frame is the wall time its label is emitted
 * minus the wall time its last sample was due. Unused on a real cluster (sources run elsewhere).
 */
public final class LatencyProbe {
    private record Start(long nanos, double mediaSeconds, double pace) {}

    /**
     * stream → when it started. Process-wide because the source reader that writes it and the benchmark's sink that
     * reads it are separate objects built by Flink in one JVM. Read by the benchmark ({@code JobBench}, one run per
     * JVM; {@link #clear} before another run in the same JVM). Only paced streams are recorded.
     */
    private static final Map<String, Start> STARTS = new ConcurrentHashMap<>();

    private LatencyProbe() {}

    static void streamStarted(String stream, long nanos, long samplesDelivered, int sampleRate, double pace) {
        if (pace > 0 && sampleRate > 0) STARTS.put(stream, new Start(nanos, samplesDelivered / (double) sampleRate, pace));
    }

    /** System.nanoTime when media time {@code mediaSeconds} of {@code stream} was due, or -1 if not paced. */
    public static long dueNanos(String stream, double mediaSeconds) {
        Start s = STARTS.get(stream);
        if (s == null) return -1;
        return s.nanos + (long) ((mediaSeconds - s.mediaSeconds) / s.pace * 1e9);
    }

    public static void clear() {
        STARTS.clear();
    }
}
