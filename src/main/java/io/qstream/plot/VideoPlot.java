package io.qstream.plot;

import io.qstream.media.VideoFrame;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The video plot: the model's per-frame cut and gradual scores, a bar row of the job's predicted cuts (a tick at
 * the first frame of each new shot after a shot, as the job's shot segments give them) and gradual segments, and,
 * with reference labels, a row of the true cuts and gradual frames and one of the errors (false cuts red, missed
 * purple, matched within +-tolerance frames as {@code ShotMetrics} matches them). Below, for every predicted and
 * every true cut in view, a strip of thumbnails of frames t-2..t+2 (errors first), so false cuts show at a glance.
 */
public final class VideoPlot {
    private VideoPlot() {}

    /** Name of the bar row of predicted cuts and gradual segments. */
    public static final String PREDICTED = PlotLayout.predicted("cuts");
    /** Frames shown before and after each cut. */
    static final int CONTEXT = 2;
    private static final int GAP = 4, PAD = 8, HEADER = 17, CAPTION = 14;

    /** Bar rows top to bottom. */
    public static List<String> barRows(boolean truth) {
        return truth ? List.of(PREDICTED, PlotLayout.TRUE, PlotLayout.ERRORS) : List.of(PREDICTED);
    }

    /** Predicted cut frames: the first frame of each shot segment that follows a shot segment. */
    public static int[] predictedCuts(JobLabels labels) {
        List<Integer> out = new ArrayList<>();
        List<JobLabels.Segment> segs = labels.segments();
        for (int i = 1; i < segs.size(); i++) {
            if (segs.get(i).label().equals("shot") && segs.get(i - 1).label().equals("shot")) {
                out.add(nearestFrame(labels, segs.get(i).start()));
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The frame whose start time is nearest {@code t} (segment times are printed to 3 decimals). */
    static int nearestFrame(JobLabels labels, double t) {
        int f = labels.frameAt(t);
        if (f + 1 < labels.frames() && Math.abs(labels.frameStart()[f + 1] - t) < Math.abs(labels.frameStart()[f] - t)) f++;
        return f;
    }

    /** Thumbnail width for a picture {@code width} wide, pixels. */
    static int thumbWidth(int width) { return width >= 1500 ? 92 : 80; }

    static int thumbHeight(int width, List<VideoFrame> frames) {
        if (frames.isEmpty()) return 1;
        VideoFrame f = frames.get(0);
        return Math.max(1, (int) Math.round(thumbWidth(width) * (double) f.height() / f.width()));
    }

    static int stripWidth(int width) { return (2 * CONTEXT + 1) * (thumbWidth(width) + GAP) - GAP + 2 * PAD; }

    static int stripHeight(int width, List<VideoFrame> frames) {
        return HEADER + thumbHeight(width, frames) + CAPTION + PAD + 4;
    }

    static int stripsPerRow(PlotLayout l) { return Math.max(1, (l.width - 10) / (stripWidth(l.width) + 10)); }

    /** Events in view: every predicted and every true cut whose frame starts in [start, end). */
    static List<CutMatch.Event> events(JobLabels labels, int[] predicted, TruthLabels truth, int tolerance,
                                       double start, double end) {
        int[] ref = truth == null ? new int[0] : cutsIn(truth.frames(), labels.frames());
        List<CutMatch.Event> out = new ArrayList<>();
        for (CutMatch.Event e : CutMatch.match(ref, predicted, tolerance)) {
            double t = labels.frameStart()[e.frame()];
            if (t >= start && t < end) out.add(e);
        }
        return out;
    }

    private static int[] cutsIn(int[] truth, int frames) {
        List<Integer> out = new ArrayList<>();
        for (int f = 0; f < Math.min(frames, truth.length); f++) if (truth[f] == 1) out.add(f);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The height a picture needs to show every strip (when --height is not given). */
    public static int naturalHeight(OfflineRun.Video run, TruthLabels truth, int width, int tolerance, double start,
                                    double end) {
        int n = events(run.labels(), predictedCuts(run.labels()), truth, tolerance, start, end).size();
        PlotLayout probe = PlotLayout.video(width, PlotLayout.MAX_SIDE, start, end, barRows(truth != null));
        int rows = (n + stripsPerRow(probe) - 1) / stripsPerRow(probe);
        int top = PlotLayout.videoTopHeight(width, PlotLayout.videoScoresHeight(0), barRows(truth != null).size());
        return Math.max(PlotLayout.MIN_HEIGHT, Math.min(PlotLayout.MAX_SIDE,
                top + 24 + rows * (stripHeight(width, run.frames()) + 8) + 8));
    }

    public static Picture draw(OfflineRun.Video run, TruthLabels truth, String title, int width, int height,
                                        int tolerance, double start, double end) {
        JobLabels labels = run.labels();
        List<String> names = labels.labels();
        PlotLayout layout = PlotLayout.video(width, height, start, end, barRows(truth != null));
        Canvas c = new Canvas(layout);
        c.title(title);
        Color cut = Palette.label(names, "cut"), gradual = Palette.label(names, "gradual");
        c.scores(layout.band(PlotLayout.SCORES), labels, List.of(new Canvas.Series("cut", cut, labels.column(1)),
                new Canvas.Series("gradual", gradual, labels.column(2))), new double[0], "scores");
        int[] predicted = predictedCuts(labels);
        c.barRow(PREDICTED, "predicted");
        for (JobLabels.Segment s : labels.segments()) {
            if (s.label().equals("gradual")) c.span(PREDICTED, s.start(), s.end(), gradual, 1);
        }
        for (int f : predicted) c.span(PREDICTED, labels.frameStart()[f], labels.frameEnd()[f], cut, 2);
        List<CutMatch.Event> events = events(labels, predicted, truth, tolerance, start, end);
        if (truth != null) {
            c.barRow(PlotLayout.TRUE, "true");
            c.barRow(PlotLayout.ERRORS, "errors");
            int n = Math.min(labels.frames(), truth.frames().length);
            for (int f = 0; f < n; f++) {
                if (truth.frames()[f] == 2) c.span(PlotLayout.TRUE, labels.frameStart()[f], labels.frameEnd()[f], gradual, 1);
            }
            for (int f = 0; f < n; f++) {
                if (truth.frames()[f] == 1) c.span(PlotLayout.TRUE, labels.frameStart()[f], labels.frameEnd()[f], cut, 2);
            }
            for (CutMatch.Event e : events) {
                if (e.kind() == CutMatch.Kind.MATCHED) continue;
                int f = e.frame();
                c.span(PlotLayout.ERRORS, labels.frameStart()[f], labels.frameEnd()[f],
                        e.kind() == CutMatch.Kind.FALSE ? Palette.FALSE : Palette.MISSED, 3);
            }
        }
        c.timeAxis();
        List<Canvas.Key> keys = new ArrayList<>(List.of(new Canvas.Key(cut, true, "P(cut) per frame"),
                new Canvas.Key(gradual, true, "P(gradual) per frame"), new Canvas.Key(cut, false, "cut"),
                new Canvas.Key(gradual, false, "gradual transition")));
        if (truth != null) {
            keys.add(new Canvas.Key(Palette.FALSE, false, "false cut"));
            keys.add(new Canvas.Key(Palette.MISSED, false, "missed cut"));
            keys.add(new Canvas.Key(Palette.MATCHED, false, "found cut (+-" + tolerance + " frames)"));
        }
        c.legend(keys);
        int shown = strips(c, run, events, predicted, truth);
        long falses = events.stream().filter(e -> e.kind() == CutMatch.Kind.FALSE).count();
        long misses = events.stream().filter(e -> e.kind() == CutMatch.Kind.MISSED).count();
        String summary = truth == null
                ? String.format(Locale.ROOT, "%d predicted cuts in view, %d shown as thumbnails", events.size(), shown)
                : String.format(Locale.ROOT, "cuts in view: %d matched, %d false, %d missed (+-%d frames); %d of %d"
                        + " shown as thumbnails", events.size() - falses - misses, falses, misses, tolerance, shown,
                        events.size());
        return new Picture(c.finish(), summary);
    }

    /** Thumbnail strips, errors first, as many as fit; returns how many were drawn. */
    private static int strips(Canvas c, OfflineRun.Video run, List<CutMatch.Event> events, int[] predicted,
                              TruthLabels truth) {
        PlotLayout l = c.layout;
        PlotLayout.Band b = l.band(PlotLayout.THUMBNAILS);
        List<CutMatch.Event> order = new ArrayList<>(events);
        order.sort(Comparator.comparingInt((CutMatch.Event e) -> e.kind() == CutMatch.Kind.MATCHED ? 2
                : e.kind() == CutMatch.Kind.FALSE ? 0 : 1).thenComparingInt(CutMatch.Event::frame));
        int perRow = stripsPerRow(l), sw = stripWidth(l.width), sh = stripHeight(l.width, run.frames());
        int rows = Math.max(0, (b.height() - 24) / (sh + 8));
        int shown = Math.min(order.size(), rows * perRow);
        c.g.setColor(Palette.TEXT);
        String head = order.isEmpty() ? "no cuts in view"
                : "frames t-" + CONTEXT + " .. t+" + CONTEXT + " around each cut (under each: frame, P(cut);"
                        + " P = predicted cut, T = true cut)"
                        + (truth != null ? ", false and missed cuts first" : "")
                        + (shown < order.size() ? " (" + (order.size() - shown) + " more not shown: raise --height)" : "");
        if (b.height() >= 20) c.g.drawString(head, 10, b.top() + 16);
        Set<Integer> predSet = new HashSet<>();
        for (int f : predicted) predSet.add(f);
        c.g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        for (int i = 0; i < shown; i++) {
            int x = 10 + (i % perRow) * (sw + 10), y = b.top() + 24 + (i / perRow) * (sh + 8);
            strip(c, run, order.get(i), x, y, sw, sh, predSet, truth);
        }
        return shown;
    }

    private static void strip(Canvas c, OfflineRun.Video run, CutMatch.Event e, int x, int y, int sw, int sh,
                              Set<Integer> predicted, TruthLabels truth) {
        JobLabels labels = run.labels();
        Color kind = switch (e.kind()) {
            case MATCHED -> Palette.MATCHED;
            case FALSE -> Palette.FALSE;
            case MISSED -> Palette.MISSED;
        };
        c.g.setColor(new Color(247, 247, 247));
        c.g.fillRect(x, y, sw, sh);
        c.g.setColor(kind);
        c.g.drawRect(x, y, sw - 1, sh - 1);
        int f0 = e.frame();
        String what = switch (e.kind()) {
            case MATCHED -> "found cut" + (e.predictedFrame() != e.trueFrame()
                    ? " (predicted at frame " + e.predictedFrame() + ")" : "");
            case FALSE -> "FALSE cut";
            case MISSED -> "MISSED cut";
        };
        c.g.setFont(Canvas.FONT);
        c.g.drawString(c.fit(String.format(Locale.ROOT, "%s  %s  frame %d", what, Canvas.seconds(labels.frameStart()[f0]),
                f0), sw - 2 * PAD), x + PAD, y + 14);
        int tw = thumbWidth(c.layout.width), th = thumbHeight(c.layout.width, run.frames());
        c.g.setFont(Canvas.SMALL);
        FontMetrics m = c.g.getFontMetrics();
        for (int k = -CONTEXT; k <= CONTEXT; k++) {
            int f = f0 + k, tx = x + PAD + (k + CONTEXT) * (tw + GAP), ty = y + HEADER + 2;
            if (f < 0 || f >= run.frames().size()) {
                c.g.setColor(Palette.ROW_BACKGROUND);
                c.g.fillRect(tx, ty, tw, th);
                continue;
            }
            c.g.drawImage(image(run.frames().get(f)), tx, ty, tw, th, null);
            c.g.setColor(Palette.GRID);  // a white (flash) frame stays visible on the strip
            c.g.drawRect(tx, ty, tw - 1, th - 1);
            boolean p = predicted.contains(f), t = truth != null && truth.at(f) == 1;
            if (f == f0) {
                c.g.setColor(kind);
                c.g.drawRect(tx - 2, ty - 2, tw + 3, th + 3);
                c.g.drawRect(tx - 1, ty - 1, tw + 1, th + 1);
            }
            String cap = String.format(Locale.ROOT, "%d  cut %.2f%s%s", f, labels.scores()[f][1], p ? "  P" : "",
                    t ? "  T" : "");
            c.g.setColor(p || t ? Palette.TEXT : Palette.AXIS);
            c.g.drawString(c.fit(cap, tw), tx + (tw - Math.min(tw, m.stringWidth(cap))) / 2, ty + th + 12);
        }
        c.g.setFont(Canvas.FONT);
    }

    private static BufferedImage image(VideoFrame f) {
        BufferedImage img = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_INT_RGB);
        byte[] rgb = f.rgb();
        for (int y = 0, i = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++, i += 3) {
                img.setRGB(x, y, ((rgb[i] & 0xff) << 16) | ((rgb[i + 1] & 0xff) << 8) | (rgb[i + 2] & 0xff));
            }
        }
        return img;
    }
}
