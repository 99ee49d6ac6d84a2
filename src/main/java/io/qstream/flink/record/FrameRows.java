package io.qstream.flink.record;

import io.qstream.arrays.FloatMatrix;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * Consecutive DATA blocks of one stream as one block: rows (and, for video, times) in order, starting at the
     * first block's frame.
     */
    public static FrameRows concat(List<FrameRows> blocks) {
        if (blocks.size() == 1) return blocks.get(0);
        FrameRows first = blocks.get(0);
        List<FloatMatrix> parts = new ArrayList<>(blocks.size());
        int frames = 0;
        for (FrameRows b : blocks) {
            parts.add(b.matrix());
            frames += b.frames();
        }
        FloatMatrix rows = FloatMatrix.concatRows(parts, first.cols);
        if (!first.hasTimes()) return data(first.stream, first.firstFrame, rows);
        double[] times = new double[frames];
        int at = 0;
        for (FrameRows b : blocks) {
            System.arraycopy(b.times, 0, times, at, b.frames());
            at += b.frames();
        }
        return data(first.stream, first.firstFrame, rows, times);
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
