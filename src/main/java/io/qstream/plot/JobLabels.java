package io.qstream.plot;

import java.util.List;

/**
 * What the job writes for one stream, read back from its JSON Lines: per-frame scores and the merged segments.
 *
 * @param stream     stream name as in the records
 * @param labels     the model's labels in score order (index 0 is the background label)
 * @param frameStart start time of each frame, seconds {@code [frames]}
 * @param frameEnd   end time of each frame, seconds {@code [frames]} (the next frame's start; the last one ends
 *                   where the input ends)
 * @param scores     per-frame scores {@code [frames][labels]}, as the job prints them (rounded to its
 *                   {@code score-decimals})
 * @param segments   segments in output order, times in seconds as the job prints them (3 decimals)
 */
public record JobLabels(String stream, List<String> labels, double[] frameStart, double[] frameEnd, float[][] scores,
                        List<Segment> segments) {

    /** One output segment {@code [start, end)} seconds. */
    public record Segment(String label, double start, double end, double score) {}

    public int frames() { return frameStart.length; }

    /** End of the last frame, seconds (0 when there are no frames). */
    public double endSeconds() { return frameEnd.length == 0 ? 0 : frameEnd[frameEnd.length - 1]; }

    /** Scores of label {@code j} over all frames {@code [frames]}. */
    public float[] column(int j) {
        float[] out = new float[scores.length];
        for (int f = 0; f < out.length; f++) out[f] = scores[f][j];
        return out;
    }

    /** The frame whose span holds time {@code t} (clamped to the first/last frame). */
    public int frameAt(double t) {
        int lo = 0, hi = frameStart.length - 1;
        if (hi < 0) return -1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (frameStart[mid] <= t) lo = mid; else hi = mid - 1;
        }
        return lo;
    }
}
