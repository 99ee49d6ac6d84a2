package io.qstream.features.video;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What per-frame video features to compute, and at what decoded frame size/rate. Kebab-case option names like the
 * audio {@code FeatureSpec}; the map form ({@link #fromMap}/{@link #toMap}) is what model files store under
 * "features" and what pipeline YAML holds. Immutable.
 *
 * <p>Options (defaults in brackets):
 * <ul>
 *   <li>{@code type} ["video"]: the only type;</li>
 *   <li>{@code width}, {@code height} [160, 120]: pixels the decoder scales every frame to (RGB24);</li>
 *   <li>{@code fps} [0]: frame rate the decoder resamples to, 0 = native rate;</li>
 *   <li>{@code hue-bins} [16], {@code saturation-bins} [8], {@code value-bins} [8]: HSV histogram bins (OpenCV's
 *       HSV: V = max(R,G,B), S = (max-min)/max, H in degrees);</li>
 *   <li>{@code min-saturation} [0.15]: pixels below this saturation (or below this value) have no reliable hue
 *       and are left out of the hue histogram, which then sums to the colourful fraction of the frame;</li>
 *   <li>{@code thumb-width}, {@code thumb-height} [16, 12]: block-mean luma thumbnail for the pixel difference;</li>
 *   <li>{@code edge-grid-cols}, {@code edge-grid-rows} [8, 6]: cells of the edge-density grid for the edge change;</li>
 *   <li>{@code edge-threshold} [24]: a pixel is an edge when its Sobel gradient (|gx|+|gy|)/4, in luma levels
 *       0..255 per pixel step, is at least this;</li>
 *   <li>{@code lookahead} [2]: row t also carries the difference columns of frames t+1 .. t+lookahead, so a
 *       causal model can tell a hard cut (one large change) from the start of a dissolve or a flash (changes that
 *       go on); the cost is a latency of that many frames (the row of frame t is complete when frame t+lookahead
 *       arrives; at the end of a stream, missing later frames count as no change).</li>
 *   <li>{@code return-diffs} [0]: 1 = row t also carries, per lookahead frame k = 1..lookahead, the histogram
 *       distance and the thumbnail pixel difference from frame t-1 (the frame before the change) to frame t+k
 *       ({@code return<k>-diff-hist}, {@code return<k>-diff-pixel}): a camera flash, or an object passing the
 *       lens, returns to the content it interrupted, a cut does not (at the end of a stream the last frame stands
 *       in for missing later frames; 0 for the first frame of a stream).</li>
 * </ul>
 *
 * <p>The row layout is documented on {@link VideoFrameFeatures}; {@link #columnNames()} names every column.
 */
public final class VideoFeatureSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The type name. */
    public static final String TYPE = "video";

    private final int width;
    private final int height;
    private final double fps;
    private final int hueBins;
    private final int saturationBins;
    private final int valueBins;
    private final double minSaturation;
    private final int thumbWidth;
    private final int thumbHeight;
    private final int edgeGridCols;
    private final int edgeGridRows;
    private final double edgeThreshold;
    private final int lookahead;
    private final int returnDiffs;

    private VideoFeatureSpec(Map<String, Object> v) {
        width = (Integer) v.get("width");
        height = (Integer) v.get("height");
        fps = (Double) v.get("fps");
        hueBins = (Integer) v.get("hue-bins");
        saturationBins = (Integer) v.get("saturation-bins");
        valueBins = (Integer) v.get("value-bins");
        minSaturation = (Double) v.get("min-saturation");
        thumbWidth = (Integer) v.get("thumb-width");
        thumbHeight = (Integer) v.get("thumb-height");
        edgeGridCols = (Integer) v.get("edge-grid-cols");
        edgeGridRows = (Integer) v.get("edge-grid-rows");
        edgeThreshold = (Double) v.get("edge-threshold");
        lookahead = (Integer) v.get("lookahead");
        returnDiffs = (Integer) v.get("return-diffs");
        positive("width", width, 7680);
        positive("height", height, 7680);
        if (!(fps >= 0 && fps <= 1000)) {
            throw new IllegalArgumentException("video feature option fps=" + fps + ": must be 0 (native) or in (0, 1000]");
        }
        positive("hue-bins", hueBins, 360);
        positive("saturation-bins", saturationBins, 256);
        positive("value-bins", valueBins, 256);
        if (!(minSaturation >= 0 && minSaturation < 1)) {
            throw new IllegalArgumentException("video feature option min-saturation=" + minSaturation
                    + ": must be in [0, 1)");
        }
        positive("thumb-width", thumbWidth, width);
        positive("thumb-height", thumbHeight, height);
        positive("edge-grid-cols", edgeGridCols, width);
        positive("edge-grid-rows", edgeGridRows, height);
        if (!(edgeThreshold > 0 && edgeThreshold <= 255)) {
            throw new IllegalArgumentException("video feature option edge-threshold=" + edgeThreshold
                    + ": must be in (0, 255] luma levels");
        }
        if (lookahead < 0 || lookahead > 25) {
            throw new IllegalArgumentException("video feature option lookahead=" + lookahead + ": must be in 0..25");
        }
        if (returnDiffs != 0 && returnDiffs != 1) {
            throw new IllegalArgumentException("video feature option return-diffs=" + returnDiffs
                    + ": must be 0 (off) or 1 (on)");
        }
    }

    private static void positive(String key, int v, int max) {
        if (v < 1 || v > max) {
            throw new IllegalArgumentException("video feature option " + key + "=" + v + ": must be in 1.." + max);
        }
    }

    private static Map<String, Object> defaultMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", TYPE);
        m.put("width", 160);
        m.put("height", 120);
        m.put("fps", 0.0);
        m.put("hue-bins", 16);
        m.put("saturation-bins", 8);
        m.put("value-bins", 8);
        m.put("min-saturation", 0.15);
        m.put("thumb-width", 16);
        m.put("thumb-height", 12);
        m.put("edge-grid-cols", 8);
        m.put("edge-grid-rows", 6);
        m.put("edge-threshold", 24.0);
        m.put("lookahead", 2);
        m.put("return-diffs", 0);
        return m;
    }

    /** The defaults listed on the class. */
    public static VideoFeatureSpec defaults() {
        return new VideoFeatureSpec(defaultMap());
    }

    /** Every option name, "type" first. */
    public static List<String> optionNames() {
        return Collections.unmodifiableList(new ArrayList<>(defaultMap().keySet()));
    }

    /**
     * The spec for a map of options; missing options take their defaults. Values may be typed (Number, String) or
     * strings to parse.
     *
     * @throws IllegalArgumentException naming the key for an unknown option, a wrong type or an invalid value
     */
    public static VideoFeatureSpec fromMap(Map<String, ?> map) {
        Map<String, Object> v = defaultMap();
        for (Map.Entry<String, ?> e : map.entrySet()) {
            String key = e.getKey();
            Object def = v.get(key);
            if (def == null) {
                throw new IllegalArgumentException("unknown video feature option '" + key + "' (known: "
                        + String.join(", ", v.keySet()) + ")");
            }
            v.put(key, convert(key, def, e.getValue()));
        }
        if (!TYPE.equals(v.get("type"))) {
            throw new IllegalArgumentException("video feature option type=" + v.get("type") + ": must be \"video\"");
        }
        return new VideoFeatureSpec(v);
    }

    private static Object convert(String key, Object def, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("video feature option " + key + ": value is null");
        }
        try {
            if (def instanceof Integer) {
                if (value instanceof Integer || value instanceof Long || value instanceof Short) {
                    long l = ((Number) value).longValue();
                    if (l != (int) l) {
                        throw new NumberFormatException("out of int range");
                    }
                    return (int) l;
                }
                if (value instanceof Number) {
                    double d = ((Number) value).doubleValue();
                    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
                        throw new NumberFormatException("not an integer");
                    }
                    return (int) d;
                }
                if (value instanceof String s) {
                    return Integer.parseInt(s.trim());
                }
                throw new NumberFormatException("wrong type " + value.getClass().getSimpleName());
            }
            if (def instanceof Double) {
                double d;
                if (value instanceof Number n) {
                    d = n.doubleValue();
                } else if (value instanceof String s) {
                    d = Double.parseDouble(s.trim());
                } else {
                    throw new NumberFormatException("wrong type " + value.getClass().getSimpleName());
                }
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException("not finite");
                }
                return d;
            }
            if (value instanceof String s) {
                return s;
            }
            throw new IllegalArgumentException("video feature option " + key + "=" + value + ": expected a string");
        } catch (NumberFormatException e) {
            String what = def instanceof Integer ? "an integer" : "a number";
            throw new IllegalArgumentException("video feature option " + key + "=" + value + ": expected " + what, e);
        }
    }

    /** Every option with its value ("type" first); {@code fromMap(toMap())} equals this. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", TYPE);
        m.put("width", width);
        m.put("height", height);
        m.put("fps", fps);
        m.put("hue-bins", hueBins);
        m.put("saturation-bins", saturationBins);
        m.put("value-bins", valueBins);
        m.put("min-saturation", minSaturation);
        m.put("thumb-width", thumbWidth);
        m.put("thumb-height", thumbHeight);
        m.put("edge-grid-cols", edgeGridCols);
        m.put("edge-grid-rows", edgeGridRows);
        m.put("edge-threshold", edgeThreshold);
        m.put("lookahead", lookahead);
        m.put("return-diffs", returnDiffs);
        return m;
    }

    public String type() {
        return TYPE;
    }

    /**
     * Columns of a feature row: the frame's own columns ({@link #frameDim()}) plus, per lookahead frame, that later
     * frame's {@link VideoFrameFeatures#DIFF_COLUMNS}.
     */
    public int dim() {
        return frameDim() + lookahead * VideoFrameFeatures.DIFF_COLUMNS.size() + returnDim();
    }

    /** The return columns at the end of a row: 2 per lookahead frame when {@code return-diffs} is 1, else 0. */
    public int returnDim() {
        return returnDiffs == 1 ? 2 * lookahead : 0;
    }

    /** Columns computed from the frame and its predecessor: the histograms plus the fixed columns. */
    public int frameDim() {
        return histogramBins() + VideoFrameFeatures.FIXED_COLUMNS.size();
    }

    /** Hue + saturation + value bins: the leading columns of a row. */
    public int histogramBins() {
        return hueBins + saturationBins + valueBins;
    }

    /** Name of every column, in row order: {@code hue-0.., saturation-0.., value-0..}, then the fixed columns. */
    public List<String> columnNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < hueBins; i++) {
            names.add("hue-" + i);
        }
        for (int i = 0; i < saturationBins; i++) {
            names.add("saturation-" + i);
        }
        for (int i = 0; i < valueBins; i++) {
            names.add("value-" + i);
        }
        names.addAll(VideoFrameFeatures.FIXED_COLUMNS);
        for (int k = 1; k <= lookahead; k++) {
            for (String d : VideoFrameFeatures.DIFF_COLUMNS) {
                names.add("next" + k + "-" + d);
            }
        }
        if (returnDiffs == 1) {
            for (int k = 1; k <= lookahead; k++) {
                names.add("return" + k + "-diff-hist");
                names.add("return" + k + "-diff-pixel");
            }
        }
        return names;
    }

    public int width() { return width; }
    public int height() { return height; }
    /** Decoder frame rate, frames/s; 0 = native. */
    public double fps() { return fps; }
    public int hueBins() { return hueBins; }
    public int saturationBins() { return saturationBins; }
    public int valueBins() { return valueBins; }
    public double minSaturation() { return minSaturation; }
    public int thumbWidth() { return thumbWidth; }
    public int thumbHeight() { return thumbHeight; }
    public int edgeGridCols() { return edgeGridCols; }
    public int edgeGridRows() { return edgeGridRows; }
    /** Luma levels per pixel step. */
    public double edgeThreshold() { return edgeThreshold; }
    /** Frames of look-ahead: row t also holds the difference columns of frames t+1..t+lookahead (latency). */
    public int lookahead() { return lookahead; }
    /** 1 when rows carry the frame t-1 to frame t+k distances ({@link #returnDim()} columns), else 0. */
    public int returnDiffs() { return returnDiffs; }

    @Override
    public boolean equals(Object o) {
        return o instanceof VideoFeatureSpec s && toMap().equals(s.toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        return "VideoFeatureSpec" + toMap().toString().toLowerCase(Locale.ROOT);
    }
}
