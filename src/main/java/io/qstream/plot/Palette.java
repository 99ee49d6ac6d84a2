package io.qstream.plot;

import java.awt.Color;
import java.util.List;

/**
 * The colours of every plot, fixed so a reader learns them once and tests can look for them: label {@code i}
 * of a model (i &gt;= 1; 0 is the background and stays {@link #ROW_BACKGROUND}) gets {@code LABELS[i - 1]} in
 * score lines, predicted bars and reference bars alike.
 */
public final class Palette {
    private Palette() {}

    static final Color[] LABELS = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(140, 86, 75), new Color(23, 190, 207), new Color(188, 189, 34)};
    /** Empty part of a bar row. */
    public static final Color ROW_BACKGROUND = new Color(236, 236, 236);
    /** Predicted but not true (false alarm), and true but not predicted (missed). */
    public static final Color FALSE = new Color(214, 39, 40), MISSED = new Color(148, 103, 189);
    /** A correctly found cut (thumbnails). */
    public static final Color MATCHED = new Color(44, 160, 44);
    static final Color BACKGROUND = Color.WHITE, TEXT = new Color(30, 30, 30), GRID = new Color(215, 215, 215),
            AXIS = new Color(90, 90, 90), THRESHOLD = new Color(120, 120, 120);

    /** Colour of label {@code name} of a model with {@code labels} (index 0, the background, has none). */
    public static Color label(List<String> labels, String name) {
        int i = labels.indexOf(name);
        if (i < 1) throw new IllegalArgumentException("'" + name + "' is not a foreground label of " + labels);
        return LABELS[(i - 1) % LABELS.length];
    }

    /** Viridis, 0..1 (piecewise linear through 9 of its stops): dark blue = quiet, yellow = loud. */
    static int viridis(double v) {
        int[][] stops = {{68, 1, 84}, {71, 44, 122}, {59, 81, 139}, {44, 113, 142}, {33, 144, 141}, {39, 173, 129},
            {92, 200, 99}, {170, 220, 50}, {253, 231, 37}};
        double x = Math.max(0, Math.min(1, v)) * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) x);
        double f = x - i;
        int r = (int) Math.round(stops[i][0] + f * (stops[i + 1][0] - stops[i][0]));
        int g = (int) Math.round(stops[i][1] + f * (stops[i + 1][1] - stops[i][1]));
        int b = (int) Math.round(stops[i][2] + f * (stops[i + 1][2] - stops[i][2]));
        return (r << 16) | (g << 8) | b;
    }
}
