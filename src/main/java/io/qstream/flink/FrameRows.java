package io.qstream.flink;

import io.qstream.arrays.FloatMatrix;

/**
 * A block of consecutive frames of one stream: feature rows {@code [frames, cols]} (after the feature
 * operator) or model outputs {@code [frames, labels]} (after the QRNN operator), row-major, starting at frame
 * index {@code firstFrame}. END/ERROR records carry no rows and {@code firstFrame} = frames in the stream.
 * Flink POJO (float[] only, never an INDArray).
 */
public final class FrameRows {
    public String stream;
    public Kind kind;
    public long firstFrame;
    public int cols;
    public float[] data = new float[0];
    /** ERROR only: what went wrong, naming the input. */
    public String error;
    /**
     * Video streams, whose frames are not evenly spaced in general: DATA = presentation time of each row's frame,
     * seconds {@code [frames]}; END/ERROR = one value, the end of the last frame. Empty for audio streams (their
     * frame times follow from the frame shift).
     */
    public double[] times = new double[0];

    public FrameRows() {}

    public static FrameRows data(String stream, long firstFrame, FloatMatrix rows) {
        FrameRows r = new FrameRows();
        r.stream = stream;
        r.kind = Kind.DATA;
        r.firstFrame = firstFrame;
        r.cols = rows.cols();
        r.data = rows.data();
        return r;
    }

    /** An END or ERROR marker after {@code frames} frames. */
    public static FrameRows last(String stream, Kind kind, long frames, String error) {
        FrameRows r = new FrameRows();
        r.stream = stream;
        r.kind = kind;
        r.firstFrame = frames;
        r.error = error;
        return r;
    }

    /** A DATA record with per-row times (video). */
    public static FrameRows data(String stream, long firstFrame, FloatMatrix rows, double[] times) {
        FrameRows r = data(stream, firstFrame, rows);
        r.times = times;
        return r;
    }

    public boolean hasTimes() { return times != null && times.length > 0; }

    public int frames() { return cols == 0 ? 0 : data.length / cols; }

    public FloatMatrix matrix() { return new FloatMatrix(frames(), cols, data); }

    @Override
    public String toString() {
        return "FrameRows{" + stream + " " + kind + " @" + firstFrame + " [" + frames() + "x" + cols + "]"
                + (error == null ? "" : " error=" + error) + "}";
    }
}
