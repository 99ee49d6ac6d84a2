package io.qstream.features.video;

import io.qstream.arrays.FloatMatrix;
import java.io.Serializable;

/**
 * The streaming per-frame video feature computer: one feature row per frame, with the previous frame's summary
 * carried in a {@link State} so that any chunking, or a checkpoint/restore between any two frames, gives rows
 * bit-identical to one pass over the whole stream ({@link OfflineVideoFeatures}).
 *
 * <p>Not thread-safe: one instance per stream.
 */
public final class VideoFeatureExtractor {

    /**
     * Everything carried from frame to frame: the previous frame's summary as float arrays (a Flink POJO: public
     * no-arg constructor, public fields). Null arrays = no previous frame. About 3.5 KB with the default spec.
     */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        /** Previous frame's HSV histograms {@code [histogramBins]}, or null before the first frame. */
        public float[] hist;
        /** Previous frame's RGB thumbnail {@code [thumbHeight * thumbWidth * 3]}. */
        public float[] thumb;
        /** Previous frame's edge grid {@code [edgeGridRows * edgeGridCols]}. */
        public float[] edgeGrid;
        public float lumaMean;
        public float lumaStd;
        public float edgeDensity;
        public float gradientMean;
        /** Frames seen so far: the index of the next frame. */
        public long frames;

        public State() {
        }
    }

    private final VideoFeatureSpec spec;
    private final VideoFrameFeatures computer;
    private VideoFrameFeatures.Summary prev;
    private long frames;

    public VideoFeatureExtractor(VideoFeatureSpec spec) {
        this.spec = spec;
        this.computer = new VideoFrameFeatures(spec);
    }

    /**
     * The feature row of the next frame.
     *
     * @param rgb packed RGB24 {@code [height, width, 3]}
     * @return {@code [spec.dim()]}
     */
    public float[] accept(byte[] rgb, int width, int height) {
        VideoFrameFeatures.Summary cur = computer.summarize(rgb, width, height);
        float[] row = new float[spec.dim()];
        computer.row(cur, prev, row);
        prev = cur;
        frames++;
        return row;
    }

    /** Rows for several frames of the same size: {@code [frames.length, dim]}. */
    public FloatMatrix accept(byte[][] rgbFrames, int width, int height) {
        int dim = spec.dim();
        float[] data = new float[rgbFrames.length * dim];
        for (int i = 0; i < rgbFrames.length; i++) {
            System.arraycopy(accept(rgbFrames[i], width, height), 0, data, i * dim, dim);
        }
        return new FloatMatrix(rgbFrames.length, dim, data);
    }

    /** Frames seen so far. */
    public long frames() {
        return frames;
    }

    public VideoFeatureSpec spec() {
        return spec;
    }

    /** A copy of the carried state (safe to keep while this extractor goes on). */
    public State state() {
        State s = new State();
        s.frames = frames;
        if (prev != null) {
            s.hist = prev.hist.clone();
            s.thumb = prev.thumb.clone();
            s.edgeGrid = prev.edgeGrid.clone();
            s.lumaMean = prev.lumaMean;
            s.lumaStd = prev.lumaStd;
            s.edgeDensity = prev.edgeDensity;
            s.gradientMean = prev.gradientMean;
        }
        return s;
    }

    /**
     * An extractor that continues where the one that produced {@code s} stopped.
     *
     * @throws IllegalArgumentException when the state's array sizes do not fit the spec
     */
    public static VideoFeatureExtractor restore(VideoFeatureSpec spec, State s) {
        VideoFeatureExtractor e = new VideoFeatureExtractor(spec);
        if (s.frames < 0) {
            throw new IllegalArgumentException("video feature state has negative frames " + s.frames);
        }
        e.frames = s.frames;
        if (s.hist != null) {
            check("hist", s.hist, spec.histogramBins());
            check("thumb", s.thumb, 3 * spec.thumbWidth() * spec.thumbHeight());
            check("edgeGrid", s.edgeGrid, spec.edgeGridCols() * spec.edgeGridRows());
            e.prev = new VideoFrameFeatures.Summary(s.hist.clone(), s.thumb.clone(), s.edgeGrid.clone(), s.lumaMean,
                    s.lumaStd, s.edgeDensity, s.gradientMean);
        } else if (s.frames > 0) {
            throw new IllegalArgumentException("video feature state has " + s.frames
                    + " frames but no previous-frame summary");
        }
        return e;
    }

    private static void check(String name, float[] a, int expected) {
        if (a == null || a.length != expected) {
            throw new IllegalArgumentException("video feature state " + name + " has " + (a == null ? "no" : a.length)
                    + " values, the spec needs " + expected);
        }
    }
}
