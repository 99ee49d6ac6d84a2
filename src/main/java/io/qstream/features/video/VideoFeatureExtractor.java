package io.qstream.features.video;

import io.qstream.arrays.FloatMatrix;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The streaming per-frame video feature computer: one feature row per frame. The previous frame's summary and the
 * rows still waiting for their look-ahead frames are carried in a {@link State}, so any chunking, or a
 * checkpoint/restore between any two frames, gives rows bit-identical to one pass over the whole stream
 * ({@link OfflineVideoFeatures}).
 *
 * <p>Latency: the row of frame t is complete when frame t + {@code lookahead} has arrived, so {@link #accept}
 * returns the rows completed by the frames given (row i is always frame i), and {@link #finish} the last
 * {@code lookahead} rows at the end of the stream (their missing later frames count as no change).
 *
 * <p>With {@code return-diffs} 1 the extractor also keeps the histograms and thumbnails of the last
 * {@code lookahead + 1} frames, so that row t can hold the distances from frame t-1 to frames t+1..t+lookahead.
 *
 * <p>Not thread-safe: one instance per stream.
 */
public final class VideoFeatureExtractor {

    /**
     * Everything carried from frame to frame (a Flink POJO: public no-arg constructor, public fields). About 4 KB
     * with the default spec.
     */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 3L;
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
        /** Frame columns of the frames whose rows wait for look-ahead, oldest first: {@code [waiting, frameDim]}. */
        public float[] waiting = new float[0];
        /** Frames seen so far. */
        public long frames;
        /** Rows emitted so far: the frame index of the oldest waiting row. */
        public long rows;
        /**
         * With return-diffs: histograms of the last {@code min(frames, lookahead + 1)} frames, oldest first,
         * {@code [recent, histogramBins]}; empty otherwise.
         */
        public float[] recentHist = new float[0];
        /** With return-diffs: the thumbnails of the same frames, {@code [recent, thumbHeight * thumbWidth * 3]}. */
        public float[] recentThumb = new float[0];

        public State() {
        }
    }

    private final VideoFeatureSpec spec;
    private final VideoFrameFeatures computer;
    private final int frameDim;
    private final int diffOffset;
    private final int diffs;
    private VideoFrameFeatures.Summary prev;
    private final ArrayDeque<float[]> waiting = new ArrayDeque<>();
    /** With return-diffs: histograms and thumbnails of the last lookahead + 1 frames, oldest first. */
    private final ArrayDeque<float[]> recentHist = new ArrayDeque<>();
    private final ArrayDeque<float[]> recentThumb = new ArrayDeque<>();
    private final int keepRecent;
    private long frames;
    private long rows;
    private boolean finished;

    public VideoFeatureExtractor(VideoFeatureSpec spec) {
        this.spec = spec;
        this.computer = new VideoFrameFeatures(spec);
        this.frameDim = spec.frameDim();
        this.diffs = VideoFrameFeatures.DIFF_COLUMNS.size();
        this.diffOffset = frameDim - diffs;
        this.keepRecent = spec.returnDim() > 0 ? spec.lookahead() + 1 : 0;
    }

    /**
     * Takes the next frame.
     *
     * @param rgb packed RGB24 {@code [height, width, 3]}
     * @return the rows this frame completed, {@code [0 or 1, dim]}
     */
    public FloatMatrix accept(byte[] rgb, int width, int height) {
        List<float[]> out = new ArrayList<>(1);
        push(rgb, width, height, out);
        return matrix(out);
    }

    /** Takes several frames; returns the rows they completed {@code [rows, dim]}. */
    public FloatMatrix accept(byte[][] rgbFrames, int width, int height) {
        List<float[]> out = new ArrayList<>(rgbFrames.length);
        for (byte[] f : rgbFrames) {
            push(f, width, height, out);
        }
        return matrix(out);
    }

    /** End of stream: the rows still waiting for look-ahead frames, {@code [min(frames, lookahead), dim]}. */
    public FloatMatrix finish() {
        finished = true;
        List<float[]> out = new ArrayList<>();
        while (!waiting.isEmpty()) {
            out.add(emit());
        }
        return matrix(out);
    }

    private void push(byte[] rgb, int width, int height, List<float[]> out) {
        if (finished) {
            throw new IllegalStateException("video features: frame after finish()");
        }
        VideoFrameFeatures.Summary cur = computer.summarize(rgb, width, height);
        float[] own = new float[frameDim];
        computer.row(cur, prev, own);
        prev = cur;
        frames++;
        waiting.add(own);
        if (keepRecent > 0) {
            recentHist.add(cur.hist);
            recentThumb.add(cur.thumb);
        }
        if (waiting.size() > spec.lookahead()) {
            out.add(emit());
        }
        while (recentHist.size() > keepRecent) {
            recentHist.poll();
            recentThumb.poll();
        }
    }

    /** The oldest waiting row with the diff columns of the frames after it (zeros where there are none). */
    private float[] emit() {
        float[] row = new float[spec.dim()];
        float[] own = waiting.poll();
        System.arraycopy(own, 0, row, 0, frameDim);
        int k = 0;
        for (float[] later : waiting) {
            if (k == spec.lookahead()) {
                break;
            }
            System.arraycopy(later, diffOffset, row, frameDim + k * diffs, diffs);
            k++;
        }
        if (keepRecent > 0) {
            returnColumns(row, frameDim + spec.lookahead() * diffs);
        }
        rows++;
        return row;
    }

    /**
     * The return columns of the row being emitted (frame {@code rows}): distances from frame rows-1 to frames
     * rows+1..rows+lookahead, the last frame seen standing in for frames not seen (end of stream).
     */
    private void returnColumns(float[] row, int at) {
        if (rows == 0) {
            return; // no frame before the first: zeros
        }
        // recent holds frames (frames - size) .. frames-1; frame rows-1 is in it (see push)
        long first = frames - recentHist.size();
        float[][] hist = recentHist.toArray(new float[0][]);
        float[][] thumb = recentThumb.toArray(new float[0][]);
        int before = (int) (rows - 1 - first);
        for (int k = 1; k <= spec.lookahead(); k++) {
            int later = (int) Math.min(rows + k - first, hist.length - 1);
            row[at++] = VideoFrameFeatures.histDistance(hist[later], hist[before]);
            row[at++] = VideoFrameFeatures.pixelDistance(thumb[later], thumb[before]);
        }
    }

    private FloatMatrix matrix(List<float[]> out) {
        int dim = spec.dim();
        float[] data = new float[out.size() * dim];
        for (int i = 0; i < out.size(); i++) {
            System.arraycopy(out.get(i), 0, data, i * dim, dim);
        }
        return new FloatMatrix(out.size(), dim, data);
    }

    /** Frames taken so far. */
    public long frames() {
        return frames;
    }

    /** Rows returned so far: the frame index of the next row. */
    public long rows() {
        return rows;
    }

    public VideoFeatureSpec spec() {
        return spec;
    }

    /** A copy of the carried state (safe to keep while this extractor goes on). */
    public State state() {
        State s = new State();
        s.frames = frames;
        s.rows = rows;
        if (prev != null) {
            s.hist = prev.hist.clone();
            s.thumb = prev.thumb.clone();
            s.edgeGrid = prev.edgeGrid.clone();
            s.lumaMean = prev.lumaMean;
            s.lumaStd = prev.lumaStd;
            s.edgeDensity = prev.edgeDensity;
            s.gradientMean = prev.gradientMean;
        }
        s.waiting = flatten(waiting, frameDim);
        s.recentHist = flatten(recentHist, spec.histogramBins());
        s.recentThumb = flatten(recentThumb, thumbLength());
        return s;
    }

    private int thumbLength() {
        return 3 * spec.thumbWidth() * spec.thumbHeight();
    }

    private static float[] flatten(ArrayDeque<float[]> rows, int dim) {
        float[] out = new float[rows.size() * dim];
        int i = 0;
        for (float[] r : rows) {
            System.arraycopy(r, 0, out, i++ * dim, dim);
        }
        return out;
    }

    /**
     * An extractor that continues where the one that produced {@code s} stopped.
     *
     * @throws IllegalArgumentException when the state does not fit the spec or is inconsistent
     */
    public static VideoFeatureExtractor restore(VideoFeatureSpec spec, State s) {
        VideoFeatureExtractor e = new VideoFeatureExtractor(spec);
        e.setState(s);
        return e;
    }

    /**
     * Continues from {@code s} (a fresh stream when null), keeping this extractor's scratch buffers: a keyed
     * operator swaps each stream's state in instead of building an extractor per frame.
     *
     * @throws IllegalArgumentException when the state does not fit the spec or is inconsistent
     */
    public void setState(State s) {
        int fd = spec.frameDim();
        waiting.clear();
        recentHist.clear();
        recentThumb.clear();
        prev = null;
        finished = false;
        if (s == null) {
            frames = 0;
            rows = 0;
            return;
        }
        if (s.frames < 0 || s.rows < 0 || s.waiting == null || s.waiting.length % fd != 0
                || s.frames - s.rows != s.waiting.length / fd || s.waiting.length / fd > spec.lookahead()) {
            throw new IllegalArgumentException("video feature state does not fit the spec: frames " + s.frames
                    + ", rows " + s.rows + ", waiting " + (s.waiting == null ? "null" : s.waiting.length + " values")
                    + " (frameDim " + fd + ", lookahead " + spec.lookahead() + ")");
        }
        frames = s.frames;
        rows = s.rows;
        for (int i = 0; i < s.waiting.length; i += fd) {
            waiting.add(java.util.Arrays.copyOfRange(s.waiting, i, i + fd));
        }
        int hb = spec.histogramBins();
        int tl = thumbLength();
        long recent = Math.min(s.frames, keepRecent);
        if (s.recentHist == null || s.recentThumb == null || s.recentHist.length != recent * hb
                || s.recentThumb.length != recent * tl) {
            throw new IllegalArgumentException("video feature state does not fit the spec: recent frames "
                    + (s.recentHist == null ? "null" : s.recentHist.length + " histogram values") + ", "
                    + (s.recentThumb == null ? "null" : s.recentThumb.length + " thumbnail values") + " (expected "
                    + recent + " frames of " + hb + " and " + tl + ")");
        }
        for (int i = 0; i < recent; i++) {
            recentHist.add(java.util.Arrays.copyOfRange(s.recentHist, i * hb, (i + 1) * hb));
            recentThumb.add(java.util.Arrays.copyOfRange(s.recentThumb, i * tl, (i + 1) * tl));
        }
        if (s.hist != null) {
            check("hist", s.hist, spec.histogramBins());
            check("thumb", s.thumb, 3 * spec.thumbWidth() * spec.thumbHeight());
            check("edgeGrid", s.edgeGrid, spec.edgeGridCols() * spec.edgeGridRows());
            prev = new VideoFrameFeatures.Summary(s.hist.clone(), s.thumb.clone(), s.edgeGrid.clone(), s.lumaMean,
                    s.lumaStd, s.edgeDensity, s.gradientMean);
        } else if (s.frames > 0) {
            throw new IllegalArgumentException("video feature state has " + s.frames
                    + " frames but no previous-frame summary");
        }
    }

    private static void check(String name, float[] a, int expected) {
        if (a == null || a.length != expected) {
            throw new IllegalArgumentException("video feature state " + name + " has " + (a == null ? "no" : a.length)
                    + " values, the spec needs " + expected);
        }
    }
}
