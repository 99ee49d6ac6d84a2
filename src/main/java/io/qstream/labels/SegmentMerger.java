package io.qstream.labels;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns one label's per-frame scores into segments, streaming: hysteresis (a segment opens when the score
 * reaches {@code onThreshold} and closes when it falls below {@code offThreshold}), then gaps shorter than
 * {@code minGapFrames} are bridged, then segments shorter than {@code minSegmentFrames} are dropped.
 *
 * <p>A segment is returned by {@link #accept} as soon as no later frame can change it (its trailing gap has
 * reached {@code minGapFrames}), and the rest by {@link #finish}. All memory is in {@link State}, a POJO kept in
 * Flink keyed state; the output depends only on the sequence of scores, not on how it is chunked.
 * Times are frame indices; {@link Segment} end is exclusive. Plain Java, no Flink.
 */
public final class SegmentMerger implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** A merged segment: frames {@code [startFrame, endFrame)}, {@code score} = mean score of its "on" frames. */
    public record Segment(long startFrame, long endFrame, double score) {}

    /** The whole streaming memory of one merger (Flink POJO: public fields, no-arg constructor). */
    public static final class State implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        /** Index of the next frame to be accepted. */
        public long nextFrame;
        /** Hysteresis is "on": a raw segment is open since {@code openStart}. */
        public boolean open;
        public long openStart;
        public double openSum;
        public long openCount;
        /** A closed raw segment (possibly several bridged) that may still be extended by a short gap. */
        public boolean pending;
        public long pendingStart;
        public long pendingEnd;
        public double pendingSum;
        public long pendingCount;

        public State() {}
    }

    private final double onThreshold;
    private final double offThreshold;
    private final long minSegmentFrames;
    private final long minGapFrames;

    /**
     * @param onThreshold score at or above which a segment opens
     * @param offThreshold score below which an open segment closes; must be &lt;= onThreshold
     * @param minSegmentFrames shorter segments (after bridging) are dropped; 0 keeps all
     * @param minGapFrames gaps shorter than this between two segments are bridged; 0 bridges none
     */
    public SegmentMerger(double onThreshold, double offThreshold, long minSegmentFrames, long minGapFrames) {
        if (offThreshold > onThreshold) {
            throw new IllegalArgumentException("off threshold " + offThreshold + " is above on threshold " + onThreshold);
        }
        if (minSegmentFrames < 0 || minGapFrames < 0) {
            throw new IllegalArgumentException("minimum segment/gap must be >= 0 frames");
        }
        this.onThreshold = onThreshold;
        this.offThreshold = offThreshold;
        this.minSegmentFrames = minSegmentFrames;
        this.minGapFrames = minGapFrames;
    }

    /** Feeds the next scores (frames {@code s.nextFrame ...}); returns the segments that became final. */
    public List<Segment> accept(State s, float[] scores) {
        List<Segment> out = new ArrayList<>(0);
        for (float score : scores) {
            long frame = s.nextFrame++;
            if (s.open) {
                if (score < offThreshold) {
                    close(s, frame);
                } else {
                    s.openSum += score;
                    s.openCount++;
                }
            } else if (score >= onThreshold) {
                s.open = true;
                s.openStart = frame;
                s.openSum = score;
                s.openCount = 1;
            }
            // The pending segment is final once the gap after it can no longer be bridged.
            if (s.pending && !s.open && s.nextFrame - s.pendingEnd >= minGapFrames) {
                emitPending(s, out);
            }
        }
        return out;
    }

    /** End of stream: closes any open segment and returns the remaining final segments. */
    public List<Segment> finish(State s) {
        List<Segment> out = new ArrayList<>(0);
        if (s.open) close(s, s.nextFrame);
        if (s.pending) emitPending(s, out);
        return out;
    }

    /** Closes the open raw segment at {@code end} (exclusive), bridging it to the pending one if the gap is short. */
    private void close(State s, long end) {
        s.open = false;
        if (s.pending && s.openStart - s.pendingEnd < minGapFrames) {
            s.pendingEnd = end;
            s.pendingSum += s.openSum;
            s.pendingCount += s.openCount;
        } else {
            // accept() emits a pending segment before a new one can open past the gap, so none is pending here
            s.pending = true;
            s.pendingStart = s.openStart;
            s.pendingEnd = end;
            s.pendingSum = s.openSum;
            s.pendingCount = s.openCount;
        }
        s.openSum = 0;
        s.openCount = 0;
    }

    private void emitPending(State s, List<Segment> out) {
        s.pending = false;
        if (s.pendingEnd - s.pendingStart >= minSegmentFrames) {
            out.add(new Segment(s.pendingStart, s.pendingEnd, s.pendingSum / s.pendingCount));
        }
    }
}
