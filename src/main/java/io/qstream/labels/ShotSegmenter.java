package io.qstream.labels;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns per-frame shot labels ({@link ShotLabels#LABELS}: none, cut, gradual) into segments, streaming: a
 * {@code shot} segment runs from the stream start, a {@code cut} frame or the first frame after a gradual
 * transition, up to the next boundary; a {@code gradual} segment covers a run of gradual frames. Its score is the
 * mean of its frames' winning scores.
 *
 * <p>Minimum shot length (like PySceneDetect's {@code min_scene_len}): a shot shorter than {@code minShotSeconds}
 * is not reported on its own but joins the segment before it: after a cut the cut is dropped and the earlier shot
 * goes on; inside a gradual transition (gradual, short shot, gradual: the model wavering) the whole run becomes
 * one gradual segment. A short first shot, with nothing before it, stays. 0 keeps every shot.
 *
 * <p>Each segment is returned once it has ended and can no longer be joined: at most {@code minShotSeconds} after
 * its end, or at the end of a gradual run it may continue into. The state is a small serializable POJO, so
 * chunking and restores do not change the output.
 */
public final class ShotSegmenter {

    /** Segment labels. */
    public static final String SHOT = "shot";
    public static final String GRADUAL = "gradual";
    private static final int SHOT_KIND = 0;
    private static final int GRADUAL_KIND = 2;

    /**
     * @param label {@link #SHOT} or {@link #GRADUAL}
     * @param startFrame first frame, inclusive
     * @param endFrame last frame + 1
     * @param start start time, seconds
     * @param end end time, seconds (the start of the next segment, or the stream end)
     * @param score mean of the frames' winning scores
     */
    public record Segment(String label, long startFrame, long endFrame, double start, double end, double score) {
    }

    /** A segment being built or held back (Flink POJO). */
    public static final class Part implements Serializable {
        private static final long serialVersionUID = 1L;
        /** 0 = shot, 2 = gradual. */
        public int kind;
        public long startFrame;
        public long endFrame;
        public double start;
        public double end;
        public double scoreSum;
        public long scoreCount;

        public Part() {
        }

        Part copy() {
            Part p = new Part();
            p.kind = kind;
            p.startFrame = startFrame;
            p.endFrame = endFrame;
            p.start = start;
            p.end = end;
            p.scoreSum = scoreSum;
            p.scoreCount = scoreCount;
            return p;
        }

        Segment segment() {
            return new Segment(kind == GRADUAL_KIND ? GRADUAL : SHOT, startFrame, endFrame, start, end,
                    scoreCount == 0 ? 0 : scoreSum / scoreCount);
        }

        void absorb(Part later) {
            endFrame = later.endFrame;
            end = later.end;
            scoreSum += later.scoreSum;
            scoreCount += later.scoreCount;
        }
    }

    /** Carried between frames (Flink POJO). */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        /** The segment the current frame belongs to; null before the first frame and after finish. */
        public Part open;
        /** The last ended segment, while the open one may still join it; null when there is none. */
        public Part held;
        /** Whether {@link #held} is a gradual run that took in a short shot (so a gradual run right after joins too). */
        public boolean heldTookShortShot;
        /** Index of the next frame. */
        public long frames;

        public State() {
        }

        State copy() {
            State c = new State();
            c.open = open == null ? null : open.copy();
            c.held = held == null ? null : held.copy();
            c.heldTookShortShot = heldTookShortShot;
            c.frames = frames;
            return c;
        }
    }

    private final double minShotSeconds;
    private final State s;

    /** Keeps every shot. */
    public ShotSegmenter() {
        this(0, new State());
    }

    /** Continues from a state (copied). */
    public ShotSegmenter(double minShotSeconds, State state) {
        if (!(minShotSeconds >= 0) || Double.isInfinite(minShotSeconds)) {
            throw new IllegalArgumentException("minimum shot length must be a finite number of seconds >= 0, got " + minShotSeconds);
        }
        this.minShotSeconds = minShotSeconds;
        this.s = state.copy();
    }

    /** A copy of the state. */
    public State state() {
        return s.copy();
    }

    /**
     * Takes the next frame's label.
     *
     * @param label index into {@link ShotLabels#LABELS}
     * @param seconds the frame's time
     * @param score the frame's score for {@code label}
     * @return the segments that can no longer change (zero, one or two)
     */
    public List<Segment> accept(int label, double seconds, double score) {
        if (label < 0 || label > 2) {
            throw new IllegalArgumentException("shot label index " + label + " is not one of " + ShotLabels.LABELS);
        }
        List<Segment> out = new ArrayList<>(2);
        int kind = label == 2 ? GRADUAL_KIND : SHOT_KIND;
        if (s.open == null || label == 1 || kind != s.open.kind) {
            if (s.open != null) ended(s.open, s.frames, seconds, out);
            Part p = new Part();
            p.kind = kind;
            p.startFrame = s.frames;
            p.start = seconds;
            s.open = p;
        }
        s.open.scoreSum += score;
        s.open.scoreCount++;
        s.frames++;
        // the held segment is final once the open one can no longer join it
        if (s.held != null) {
            boolean mayJoin = s.open.kind == SHOT_KIND ? seconds - s.open.start < minShotSeconds : s.heldTookShortShot;
            if (!mayJoin) release(out);
        }
        return out;
    }

    /**
     * End of stream.
     *
     * @param endSeconds the end of the last frame (its time plus one frame duration)
     * @return the segments not returned yet
     */
    public List<Segment> finish(double endSeconds) {
        List<Segment> out = new ArrayList<>(2);
        if (s.open != null) {
            ended(s.open, s.frames, endSeconds, out);
            s.open = null;
        }
        if (s.held != null) release(out);
        return out;
    }

    /** Segment {@code p} ended before frame {@code endFrame} at {@code endSeconds}: join it to the held one or hold it. */
    private void ended(Part p, long endFrame, double endSeconds, List<Segment> out) {
        p.endFrame = endFrame;
        p.end = endSeconds;
        Part h = s.held;
        if (h != null && p.kind == SHOT_KIND && p.end - p.start < minShotSeconds) {
            h.absorb(p);
            s.heldTookShortShot = h.kind == GRADUAL_KIND;
            return;
        }
        if (h != null && s.heldTookShortShot && p.kind == GRADUAL_KIND) {
            h.absorb(p);
            s.heldTookShortShot = false;
            return;
        }
        if (h != null) release(out);
        s.held = p;
    }

    private void release(List<Segment> out) {
        out.add(s.held.segment());
        s.held = null;
        s.heldTookShortShot = false;
    }
}
