package io.qstream.plot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where things go in a plot of {@code width x height} pixels: horizontal bands stacked from the top (title,
 * spectrogram, scores, one bar row per label row, time axis, legend, thumbnails), all sharing one time axis that
 * maps {@code [start, end)} seconds onto the pixel columns {@code [left, right)}. Deterministic in its arguments,
 * so a test can compute the same geometry and look at the pixels of a written PNG.
 */
public final class PlotLayout {
    /** Band names. */
    public static final String TITLE = "title", SPECTROGRAM = "spectrogram", SCORES = "scores", AXIS = "axis",
            LEGEND = "legend", THUMBNAILS = "thumbnails";
    /** Bar row of the reference labels, and of where prediction and reference differ. */
    public static final String TRUE = "true", ERRORS = "errors";

    /** Rows {@code [top, bottom)}. */
    public record Band(String name, int top, int bottom) {
        public int height() { return bottom - top; }
    }

    static final int MARGIN_LEFT = 150, MARGIN_RIGHT = 24, TITLE_H = 34, BAR_H = 20, BAR_GAP = 5, AXIS_H = 38,
            PANEL_GAP = 10;

    /** The legend takes two lines in pictures narrower than 1300 pixels. */
    static int legendHeight(int width) { return width >= 1300 ? 26 : 46; }
    /** Smallest and largest picture accepted, pixels. */
    public static final int MIN_WIDTH = 480, MIN_HEIGHT = 320, MAX_SIDE = 12000;

    public final int width, height, left, right;
    public final double start, end;
    private final Map<String, Band> bands = new LinkedHashMap<>();

    private PlotLayout(int width, int height, double start, double end) {
        if (width < MIN_WIDTH || width > MAX_SIDE) {
            throw new IllegalArgumentException("--width " + width + ": must be " + MIN_WIDTH + ".." + MAX_SIDE + " pixels");
        }
        if (height < MIN_HEIGHT || height > MAX_SIDE) {
            throw new IllegalArgumentException("--height " + height + ": must be " + MIN_HEIGHT + ".." + MAX_SIDE
                    + " pixels");
        }
        if (!(end > start)) throw new IllegalArgumentException("empty time range " + start + ".." + end + " s");
        this.width = width;
        this.height = height;
        this.left = MARGIN_LEFT;
        this.right = width - MARGIN_RIGHT;
        this.start = start;
        this.end = end;
    }

    /** Name of the bar row of predicted segments of {@code label}. */
    public static String predicted(String label) { return "predicted " + label; }

    /**
     * Audio: title, spectrogram (58% of the free height), scores (the rest), the bar rows, axis, legend.
     *
     * @param barRows names of the bar rows, top to bottom
     */
    public static PlotLayout audio(int width, int height, double start, double end, List<String> barRows) {
        PlotLayout l = new PlotLayout(width, height, start, end);
        int fixed = TITLE_H + 2 * PANEL_GAP + barRows.size() * (BAR_H + BAR_GAP) + AXIS_H + legendHeight(width);
        int free = height - fixed;
        if (free < 120) {
            throw new IllegalArgumentException("--height " + height + ": too small for this plot, give at least "
                    + (fixed + 120));
        }
        int spec = (int) Math.round(free * 0.58);
        int y = l.add(TITLE, 0, TITLE_H);
        y = l.add(SPECTROGRAM, y, spec) + PANEL_GAP;
        y = l.add(SCORES, y, free - spec) + PANEL_GAP;
        for (String r : barRows) y = l.add(r, y, BAR_H) + BAR_GAP;
        y = l.add(AXIS, y, AXIS_H);
        l.add(LEGEND, y, legendHeight(width));
        return l;
    }

    /** Height of the video plot above its thumbnails, pixels. */
    static int videoTopHeight(int width, int scoresHeight, int barRows) {
        return TITLE_H + scoresHeight + PANEL_GAP + barRows * (BAR_H + BAR_GAP) + AXIS_H + legendHeight(width);
    }

    /** Height of the video scores panel for a picture {@code height} high (0 = not given yet). */
    static int videoScoresHeight(int height) {
        return height == 0 ? 190 : Math.max(90, Math.min(190, height / 4));
    }

    /** Video: title, scores, the bar rows, axis, legend, then thumbnails in the rest of the height. */
    public static PlotLayout video(int width, int height, double start, double end, List<String> barRows) {
        PlotLayout l = new PlotLayout(width, height, start, end);
        int scores = videoScoresHeight(height);
        if (videoTopHeight(width, scores, barRows.size()) > height) {
            throw new IllegalArgumentException("--height " + height + ": too small for this plot, give at least "
                    + videoTopHeight(width, scores, barRows.size()));
        }
        int y = l.add(TITLE, 0, TITLE_H);
        y = l.add(SCORES, y, scores) + PANEL_GAP;
        for (String r : barRows) y = l.add(r, y, BAR_H) + BAR_GAP;
        y = l.add(AXIS, y, AXIS_H);
        y = l.add(LEGEND, y, legendHeight(width));
        l.add(THUMBNAILS, y, height - y);
        return l;
    }

    private int add(String name, int top, int h) {
        bands.put(name, new Band(name, top, top + h));
        return top + h;
    }

    /** The band called {@code name}; IllegalArgumentException when there is none. */
    public Band band(String name) {
        Band b = bands.get(name);
        if (b == null) throw new IllegalArgumentException("no band '" + name + "' in " + bands.keySet());
        return b;
    }

    public boolean has(String name) { return bands.containsKey(name); }

    /** x (pixels, fractional) of time {@code t} seconds. */
    public double xOf(double t) { return left + (t - start) / (end - start) * (right - left); }

    /** Time in seconds at pixel x (fractional); the centre of column c is {@code timeAt(c + 0.5)}. */
    public double timeAt(double x) { return start + (x - left) / (right - left) * (end - start); }

    /** First pixel column drawn for an interval starting at {@code t}: intervals cover columns [col(a), col(b)). */
    public int column(double t) { return (int) Math.round(xOf(t)); }
}
