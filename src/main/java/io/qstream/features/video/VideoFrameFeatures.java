package io.qstream.features.video;

import java.util.List;

/**
 * The per-frame computation: a {@link Summary} of one RGB24 frame, and the feature row from that summary and the
 * previous frame's. Plain Java on byte arrays (no OpenCV), deterministic to the bit.
 *
 * <p>Row layout, {@code [spec.dim()]} floats:
 * <ol>
 *   <li>{@code hue-i} (hue-bins): fraction of the frame's pixels whose hue falls in bin i of 0..360 degrees; only
 *       pixels with saturation and value &gt;= min-saturation count, so the bins sum to the colourful fraction;</li>
 *   <li>{@code saturation-i} (saturation-bins), {@code value-i} (value-bins): fractions of pixels per bin (sum 1);</li>
 *   <li>{@code luma-mean}, {@code luma-std}: of Y = (77R + 150G + 29B)/256, divided by 255;</li>
 *   <li>{@code edge-density}: fraction of interior pixels whose Sobel gradient (|gx|+|gy|)/4 &gt;= edge-threshold;</li>
 *   <li>{@code gradient-mean}: mean of that gradient / 255;</li>
 *   <li>{@code diff-hist}: histogram distance to the previous frame, (L1(hue)+L1(saturation)+L1(value))/6, 0..1;</li>
 *   <li>{@code diff-pixel}: mean absolute difference of the block-mean RGB thumbnails (thumb-width x thumb-height
 *       cells) / 255, 0..1;</li>
 *   <li>{@code diff-edge}: mean absolute difference of the edge-density grids (edge-grid-cols x edge-grid-rows);</li>
 *   <li>{@code diff-luma-mean}: luma-mean minus the previous frame's (signed: fades have a steady sign).</li>
 * </ol>
 * The diff columns are 0 for the first frame of a stream. These {@code frameDim} columns are followed by the
 * lookahead columns {@code next<k>-diff-*}: the four diff columns of frame t+k, k = 1..lookahead (see
 * {@link VideoFeatureSpec}), added by {@link VideoFeatureExtractor}; with {@code return-diffs} 1, then the
 * {@code return<k>-diff-hist} and {@code return<k>-diff-pixel} distances from frame t-1 to frame t+k.
 */
public final class VideoFrameFeatures {

    /** Columns after the histograms, in row order. */
    public static final List<String> FIXED_COLUMNS = List.of("luma-mean", "luma-std", "edge-density",
            "gradient-mean", "diff-hist", "diff-pixel", "diff-edge", "diff-luma-mean");
    /** The difference columns: the last of {@link #FIXED_COLUMNS}, repeated per lookahead frame. */
    public static final List<String> DIFF_COLUMNS = FIXED_COLUMNS.subList(4, 8);

    /** What one frame contributes to the next frame's differences, and its own columns. */
    public static final class Summary {
        /** Hue, saturation and value fractions, concatenated ({@code [histogramBins]}). */
        public final float[] hist;
        /** Block-mean RGB, 0..255, {@code [thumbHeight, thumbWidth, 3]}. */
        public final float[] thumb;
        /** Edge fraction per cell, {@code [edgeGridRows, edgeGridCols]}. */
        public final float[] edgeGrid;
        public final float lumaMean;
        public final float lumaStd;
        public final float edgeDensity;
        public final float gradientMean;

        Summary(float[] hist, float[] thumb, float[] edgeGrid, float lumaMean, float lumaStd, float edgeDensity,
                float gradientMean) {
            this.hist = hist;
            this.thumb = thumb;
            this.edgeGrid = edgeGrid;
            this.lumaMean = lumaMean;
            this.lumaStd = lumaStd;
            this.edgeDensity = edgeDensity;
            this.gradientMean = gradientMean;
        }
    }

    private final VideoFeatureSpec spec;
    // Scratch, reused across frames of the same size.
    private int[] luma = new int[0];
    private int[] cellX = new int[0];
    private int[] cellY = new int[0];
    private int[] gridX = new int[0];
    private int[] gridY = new int[0];
    private int cachedWidth = -1;
    private int cachedHeight = -1;

    public VideoFrameFeatures(VideoFeatureSpec spec) {
        this.spec = spec;
    }

    /**
     * Summarizes one frame.
     *
     * @param rgb packed RGB24, row-major {@code [height, width, 3]}
     * @throws IllegalArgumentException when rgb does not hold width*height*3 bytes
     */
    public Summary summarize(byte[] rgb, int width, int height) {
        if (width < 1 || height < 1 || rgb.length != 3 * width * height) {
            throw new IllegalArgumentException("frame of " + rgb.length + " bytes is not RGB24 " + width + "x"
                    + height);
        }
        prepare(width, height);
        int hb = spec.hueBins();
        int sb = spec.saturationBins();
        int vb = spec.valueBins();
        int tw = spec.thumbWidth();
        int th = spec.thumbHeight();
        long[] hueCount = new long[hb];
        long[] satCount = new long[sb];
        long[] valCount = new long[vb];
        long[] cellSum = new long[3 * tw * th];
        long[] cellCount = new long[tw * th];
        int minV = (int) Math.ceil(spec.minSaturation() * 255);
        float minS = (float) spec.minSaturation();
        long lumaSum = 0;
        long lumaSq = 0;
        int p = 0;
        for (int y = 0; y < height; y++) {
            int rowCell = cellY[y] * tw;
            for (int x = 0; x < width; x++, p++) {
                int r = rgb[3 * p] & 0xff;
                int g = rgb[3 * p + 1] & 0xff;
                int b = rgb[3 * p + 2] & 0xff;
                int max = Math.max(r, Math.max(g, b));
                int min = Math.min(r, Math.min(g, b));
                int d = max - min;
                float s = max == 0 ? 0f : d / (float) max;
                satCount[Math.min(sb - 1, (int) (s * sb))]++;
                valCount[max * vb / 256]++;
                if (d > 0 && s >= minS && max >= minV) {
                    float h;
                    if (max == r) {
                        h = 60f * (g - b) / d;
                    } else if (max == g) {
                        h = 120f + 60f * (b - r) / d;
                    } else {
                        h = 240f + 60f * (r - g) / d;
                    }
                    if (h < 0) {
                        h += 360f;
                    }
                    hueCount[Math.min(hb - 1, (int) (h * hb / 360f))]++;
                }
                int yv = (77 * r + 150 * g + 29 * b + 128) >> 8;
                luma[p] = yv;
                lumaSum += yv;
                lumaSq += (long) yv * yv;
                int c = rowCell + cellX[x];
                cellSum[3 * c] += r;
                cellSum[3 * c + 1] += g;
                cellSum[3 * c + 2] += b;
                cellCount[c]++;
            }
        }
        double n = (double) width * height;
        float[] hist = new float[hb + sb + vb];
        for (int i = 0; i < hb; i++) {
            hist[i] = (float) (hueCount[i] / n);
        }
        for (int i = 0; i < sb; i++) {
            hist[hb + i] = (float) (satCount[i] / n);
        }
        for (int i = 0; i < vb; i++) {
            hist[hb + sb + i] = (float) (valCount[i] / n);
        }
        float[] thumb = new float[3 * tw * th];
        for (int c = 0; c < tw * th; c++) {
            for (int k = 0; k < 3; k++) {
                thumb[3 * c + k] = cellCount[c] == 0 ? 0f : (float) (cellSum[3 * c + k] / (double) cellCount[c]);
            }
        }
        double mean = lumaSum / n;
        double var = Math.max(0, lumaSq / n - mean * mean);
        float[] edgeGrid = new float[spec.edgeGridCols() * spec.edgeGridRows()];
        float[] edges = sobel(width, height, edgeGrid);
        return new Summary(hist, thumb, edgeGrid, (float) (mean / 255), (float) (Math.sqrt(var) / 255), edges[0],
                edges[1]);
    }

    /** Sobel over the interior pixels of {@link #luma}; fills the edge grid; returns {edge density, gradient mean}. */
    private float[] sobel(int w, int h, float[] grid) {
        if (w < 3 || h < 3) {
            return new float[] {0f, 0f};
        }
        int gc = spec.edgeGridCols();
        long[] cellEdges = new long[grid.length];
        long[] cellPixels = new long[grid.length];
        int threshold4 = (int) Math.ceil(4 * spec.edgeThreshold()); // |gx|+|gy| >= 4 * threshold
        long edgeCount = 0;
        long gradSum = 0;
        int[] l = luma;
        for (int y = 1; y < h - 1; y++) {
            int row = y * w;
            int rowCell = gridY[y] * gc;
            for (int x = 1; x < w - 1; x++) {
                int i = row + x;
                int a = l[i - w - 1];
                int b = l[i - w];
                int c = l[i - w + 1];
                int d = l[i - 1];
                int f = l[i + 1];
                int g = l[i + w - 1];
                int hh = l[i + w];
                int k = l[i + w + 1];
                int gx = (c + 2 * f + k) - (a + 2 * d + g);
                int gy = (g + 2 * hh + k) - (a + 2 * b + c);
                int mag = Math.abs(gx) + Math.abs(gy);
                gradSum += mag;
                int cell = rowCell + gridX[x];
                cellPixels[cell]++;
                if (mag >= threshold4) {
                    edgeCount++;
                    cellEdges[cell]++;
                }
            }
        }
        for (int c = 0; c < grid.length; c++) {
            grid[c] = cellPixels[c] == 0 ? 0f : (float) (cellEdges[c] / (double) cellPixels[c]);
        }
        double interior = (double) (w - 2) * (h - 2);
        return new float[] {(float) (edgeCount / interior), (float) (gradSum / 4.0 / interior / 255)};
    }

    private void prepare(int w, int h) {
        if (w == cachedWidth && h == cachedHeight) {
            return;
        }
        luma = new int[w * h];
        cellX = cells(w, spec.thumbWidth());
        cellY = cells(h, spec.thumbHeight());
        gridX = cells(w, spec.edgeGridCols());
        gridY = cells(h, spec.edgeGridRows());
        cachedWidth = w;
        cachedHeight = h;
    }

    /** Cell of each coordinate when {@code size} pixels are split into {@code cells} near-equal cells. */
    private static int[] cells(int size, int cells) {
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = (int) ((long) i * cells / size);
        }
        return out;
    }

    /**
     * The feature row of a frame from its summary and the previous frame's (null for the first frame of a stream).
     *
     * @param out {@code [spec.frameDim()]} or longer, the first frameDim values overwritten
     */
    public void row(Summary cur, Summary prev, float[] out) {
        int nb = cur.hist.length;
        System.arraycopy(cur.hist, 0, out, 0, nb);
        int i = nb;
        out[i++] = cur.lumaMean;
        out[i++] = cur.lumaStd;
        out[i++] = cur.edgeDensity;
        out[i++] = cur.gradientMean;
        if (prev == null) {
            out[i++] = 0f;
            out[i++] = 0f;
            out[i++] = 0f;
            out[i] = 0f;
            return;
        }
        out[i++] = histDistance(cur.hist, prev.hist);
        out[i++] = pixelDistance(cur.thumb, prev.thumb);
        out[i++] = (float) meanAbsDiff(cur.edgeGrid, prev.edgeGrid);
        out[i] = cur.lumaMean - prev.lumaMean;
    }

    /** The {@code diff-hist} distance of two frames' histograms {@code [histogramBins]}: (L1 of H, S, V) / 6, 0..1. */
    static float histDistance(float[] a, float[] b) {
        double dh = 0;
        for (int k = 0; k < a.length; k++) {
            dh += Math.abs(a[k] - b[k]);
        }
        return (float) (dh / 6);
    }

    /** The {@code diff-pixel} distance of two frames' RGB thumbnails: mean absolute difference / 255, 0..1. */
    static float pixelDistance(float[] a, float[] b) {
        return (float) (meanAbsDiff(a, b) / 255);
    }

    private static double meanAbsDiff(float[] a, float[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += Math.abs(a[k] - b[k]);
        }
        return s / a.length;
    }
}
