package io.qstream.features.video;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns per-frame shot labels ({@link ShotLabels#LABELS}: none, cut, gradual) into segments, streaming: a
 * {@code shot} segment runs from the stream start, a {@code cut} frame or the first frame after a gradual
 * transition, up to the next boundary; a {@code gradual} segment covers a run of gradual frames. Each segment is
 * returned once it has ended; its state is a small serializable POJO, so chunking and restores do not change the
 * output.
 */
public final class ShotSegmenter {

    /** Segment labels. */
    public static final String SHOT = "shot";
    public static final String GRADUAL = "gradual";

    /**
     * @param label {@link #SHOT} or {@link #GRADUAL}
     * @param startFrame first frame, inclusive
     * @param endFrame last frame + 1
     * @param start start time, seconds
     * @param end end time, seconds (the start of the next segment, or the stream end)
     */
    public record Segment(String label, long startFrame, long endFrame, double start, double end) {
    }

    /** Carried between frames (Flink POJO). */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        /** Label of the open segment: -1 = none open yet, 0 = shot, 2 = gradual. */
        public int open = -1;
        public long startFrame;
        public double startSeconds;
        /** Index of the next frame. */
        public long frames;

        public State() {
        }
    }

    private final State s;

    public ShotSegmenter() {
        this(new State());
    }

    /** Continues from a state (copied). */
    public ShotSegmenter(State state) {
        s = new State();
        s.open = state.open;
        s.startFrame = state.startFrame;
        s.startSeconds = state.startSeconds;
        s.frames = state.frames;
    }

    /** A copy of the state. */
    public State state() {
        return new ShotSegmenter(s).s;
    }

    /**
     * Takes the next frame's label.
     *
     * @param label index into {@link ShotLabels#LABELS}
     * @param seconds the frame's time
     * @return the segment this frame ended (empty or one)
     */
    public List<Segment> accept(int label, double seconds) {
        if (label < 0 || label > 2) {
            throw new IllegalArgumentException("shot label index " + label + " is not one of " + ShotLabels.LABELS);
        }
        List<Segment> out = new ArrayList<>(1);
        int kind = label == 2 ? 2 : 0;
        boolean boundary = s.open < 0 || label == 1 || kind != s.open;
        if (boundary) {
            if (s.open >= 0) {
                out.add(new Segment(s.open == 2 ? GRADUAL : SHOT, s.startFrame, s.frames, s.startSeconds, seconds));
            }
            s.open = kind;
            s.startFrame = s.frames;
            s.startSeconds = seconds;
        }
        s.frames++;
        return out;
    }

    /**
     * End of stream.
     *
     * @param endSeconds the end of the last frame (its time plus one frame duration)
     * @return the open segment, if any
     */
    public List<Segment> finish(double endSeconds) {
        List<Segment> out = new ArrayList<>(1);
        if (s.open >= 0) {
            out.add(new Segment(s.open == 2 ? GRADUAL : SHOT, s.startFrame, s.frames, s.startSeconds, endSeconds));
            s.open = -1;
        }
        return out;
    }
}
