package io.qstream.plot;

import io.qstream.arrays.FloatMatrix;
import io.qstream.features.FeatureSpec;
import io.qstream.features.FrameExtractionOptions;
import io.qstream.features.OfflineFeatures;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The audio plot: a log-mel spectrogram (64 mel bins at 16 kHz and up, 40 below; the model's frame shift and
 * length), the model's per-frame scores of every foreground label with the segmentation thresholds, one bar row
 * per segment label with the job's segments, and, with reference labels, a bar row of them and one of the frames
 * where the two differ (false in red, missed in purple). All on one time axis in seconds.
 */
public final class AudioPlot {
    private AudioPlot() {}

    /** Bar rows top to bottom: one per segment label, then (with reference labels) true and errors. */
    public static List<String> barRows(List<String> segmentLabels, boolean truth) {
        List<String> rows = new ArrayList<>();
        for (String l : segmentLabels) rows.add(PlotLayout.predicted(l));
        if (truth) {
            rows.add(PlotLayout.TRUE);
            rows.add(PlotLayout.ERRORS);
        }
        return rows;
    }

    /**
     * @param truth reference labels or null
     * @param title first line of the picture
     * @return the picture and a one-line summary of the window (frames, and per segment label frame F1 when a
     *     reference is given)
     */
    public static Picture draw(OfflineRun.Audio run, TruthLabels truth, String title, int width, int height,
                              double start, double end) {
        PlotLayout layout = PlotLayout.audio(width, height, start, end, barRows(run.segmentLabels(), truth != null));
        JobLabels labels = run.labels();
        Canvas c = new Canvas(layout);
        c.title(title);
        spectrogram(c, run);
        List<Canvas.Series> series = new ArrayList<>();
        List<String> names = labels.labels();
        for (int j = names.size() > 1 ? 1 : 0; j < names.size(); j++) {
            series.add(new Canvas.Series(names.get(j), Palette.LABELS[Math.max(0, j - 1) % Palette.LABELS.length],
                    labels.column(j)));
        }
        double[] thresholds = run.onThreshold() == run.offThreshold() ? new double[] {run.onThreshold()}
                : new double[] {run.onThreshold(), run.offThreshold()};
        String scoreTitle = names.size() == 2 ? "P(" + names.get(1) + ")" : "scores";
        c.scores(layout.band(PlotLayout.SCORES), labels, series, thresholds, scoreTitle);
        int[] predicted = predictedFrames(run);
        for (String l : run.segmentLabels()) {
            String row = PlotLayout.predicted(l);
            c.barRow(row, "predicted " + l);
            Color col = Palette.label(names, l);
            for (JobLabels.Segment s : labels.segments()) if (s.label().equals(l)) c.span(row, s.start(), s.end(), col, 1);
        }
        String summary;
        if (truth != null) {
            TruthLabels scored = scoredTruth(truth, labels.labels(), run.segmentLabels());
            c.barRow(PlotLayout.TRUE, "true");
            c.barRow(PlotLayout.ERRORS, "errors");
            for (int x = layout.left; x < layout.right; x++) {
                double t = layout.timeAt(x + 0.5);
                if (t < 0 || t >= labels.endSeconds()) continue;
                int k = truth.at(labels.frameAt(t));
                if (k > 0) c.column(PlotLayout.TRUE, x, Palette.LABELS[(k - 1) % Palette.LABELS.length]);
                Color err = errorColour(labels, scored, predicted, layout.timeAt(x), layout.timeAt(x + 1));
                if (err != null) c.column(PlotLayout.ERRORS, x, err);
            }
            summary = scoreSummary(run, scored, predicted, start, end);
        } else {
            summary = String.format(Locale.ROOT, "%d segments in view", labels.segments().stream()
                    .filter(s -> s.end() > start && s.start() < end).count());
        }
        c.timeAxis();
        List<Canvas.Key> keys = new ArrayList<>();
        for (String l : run.segmentLabels()) keys.add(new Canvas.Key(Palette.label(names, l), false, l + " segment / true " + l));
        for (Canvas.Series s : series) keys.add(new Canvas.Key(s.color(), true, "P(" + s.name() + ") per frame"));
        keys.add(new Canvas.Key(Palette.THRESHOLD, true, "on/off thresholds"));
        if (truth != null) {
            keys.add(new Canvas.Key(Palette.FALSE, false, "false (predicted, not true)"));
            keys.add(new Canvas.Key(Palette.MISSED, false, "missed (true, not predicted)"));
        }
        c.legend(keys);
        return new Picture(c.finish(), summary);
    }

    /** Label index per frame from the job's segments (0 where no segment is), first segment label first. */
    static int[] predictedFrames(OfflineRun.Audio run) {
        JobLabels labels = run.labels();
        int[] out = new int[labels.frames()];
        List<String> segLabels = new ArrayList<>(run.segmentLabels());
        java.util.Collections.reverse(segLabels);  // the first segment label wins where segments overlap
        for (String l : segLabels) {
            int k = labels.labels().indexOf(l);
            for (JobLabels.Segment s : labels.segments()) {
                if (!s.label().equals(l)) continue;
                for (int f = Math.max(0, labels.frameAt(s.start())); f < out.length; f++) {
                    double centre = (labels.frameStart()[f] + labels.frameEnd()[f]) / 2;
                    if (centre >= s.end()) break;
                    if (centre >= s.start()) out[f] = k;
                }
            }
        }
        return out;
    }

    /**
     * The reference as the prediction can be compared with it: labels that are not segment labels (no segments
     * are predicted for them) count as background. The true row still draws every label.
     */
    private static TruthLabels scoredTruth(TruthLabels truth, List<String> labels, List<String> segmentLabels) {
        int[] out = truth.frames().clone();
        for (int f = 0; f < out.length; f++) if (!segmentLabels.contains(labels.get(out[f]))) out[f] = 0;
        return new TruthLabels(truth.file(), out);
    }

    /** FALSE or MISSED when a frame overlapping {@code [t0, t1)} is wrong (the more frequent kind), else null. */
    private static Color errorColour(JobLabels labels, TruthLabels truth, int[] predicted, double t0, double t1) {
        int falses = 0, misses = 0;
        for (int f = Math.max(0, labels.frameAt(t0)); f < labels.frames() && labels.frameStart()[f] < t1; f++) {
            if (labels.frameEnd()[f] <= t0) continue;
            int k = truth.at(f);
            if (k < 0 || k == predicted[f]) continue;
            if (predicted[f] == 0) misses++; else falses++;
        }
        return falses + misses == 0 ? null : falses >= misses ? Palette.FALSE : Palette.MISSED;
    }

    private static String scoreSummary(OfflineRun.Audio run, TruthLabels truth, int[] predicted, double start,
                                       double end) {
        JobLabels labels = run.labels();
        StringBuilder out = new StringBuilder();
        int from = labels.frameAt(start), to = labels.frameAt(end - 1e-9) + 1;
        out.append(String.format(Locale.ROOT, "frames %d..%d", from, to - 1));
        for (String l : run.segmentLabels()) {
            int k = labels.labels().indexOf(l);
            long tp = 0, fp = 0, fn = 0;
            for (int f = from; f < to; f++) {
                boolean p = predicted[f] == k, t = truth.at(f) == k;
                if (p && t) tp++; else if (p) fp++; else if (t) fn++;
            }
            double f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
            out.append(String.format(Locale.ROOT, "; %s frames: %d true, %d false, %d missed, F1 %.3f (no collar)",
                    l, tp, fp, fn, f1));
        }
        return out.toString();
    }

    /** The display spectrogram: fbank with the model's framing, scaled per picture between robust extremes. */
    private static void spectrogram(Canvas c, OfflineRun.Audio run) {
        PlotLayout layout = c.layout;
        PlotLayout.Band b = layout.band(PlotLayout.SPECTROGRAM);
        FeatureSpec model = run.features();
        FrameExtractionOptions fo = model.frameOptions();
        int bins = model.sampleRate() >= 16000 ? 64 : 40;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "fbank");
        m.put("sample-frequency", (double) model.sampleRate());
        m.put("frame-shift", fo.frameShiftMs);
        m.put("frame-length", fo.frameLengthMs);
        m.put("snip-edges", fo.snipEdges);
        m.put("num-mel-bins", bins);
        FeatureSpec display = FeatureSpec.fromMap(m);
        FloatMatrix fb = OfflineFeatures.compute(display, run.samples());
        double shift = display.frameShiftSeconds();
        int w = layout.right - layout.left, h = b.height();
        float[][] cols = new float[w][];
        List<Float> seen = new ArrayList<>();
        for (int x = 0; x < w; x++) {
            int f0 = (int) Math.floor(layout.timeAt(layout.left + x) / shift);
            int f1 = Math.max(f0 + 1, (int) Math.ceil(layout.timeAt(layout.left + x + 1) / shift));
            f0 = Math.max(0, f0);
            f1 = Math.min(fb.rows(), f1);
            if (f1 <= f0) continue;
            float[] col = new float[bins];
            for (int f = f0; f < f1; f++) for (int k = 0; k < bins; k++) col[k] += fb.get(f, k) / (f1 - f0);
            cols[x] = col;
            if (x % 3 == 0) for (float v : col) seen.add(v);
        }
        float[] sorted = new float[seen.size()];
        for (int i = 0; i < sorted.length; i++) sorted[i] = seen.get(i);
        Arrays.sort(sorted);
        double hi = sorted.length == 0 ? 1 : sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * 0.997))];
        double lo = sorted.length == 0 ? 0 : sorted[(int) Math.floor(sorted.length * 0.02)];
        lo = Math.max(lo, hi - Math.log(1e8));  // at most 80 dB of range
        if (hi - lo < 1e-3) hi = lo + 1;
        BufferedImage img = c.image;
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                int rgb = 0x202020;
                if (cols[x] != null) {
                    int k = Math.min(bins - 1, (int) ((h - 1 - y) * (long) bins / h));
                    rgb = Palette.viridis((cols[x][k] - lo) / (hi - lo));
                }
                img.setRGB(layout.left + x, b.top() + y, rgb);
            }
        }
        c.g.setColor(Palette.AXIS);
        c.g.drawRect(layout.left, b.top(), w - 1, h - 1);
        // frequency ticks: mel bins are equally spaced in mel between low-freq (20 Hz) and Nyquist
        double lowMel = mel(20), highMel = mel(model.sampleRate() / 2.0), delta = (highMel - lowMel) / (bins + 1);
        c.g.setFont(Canvas.SMALL);
        FontMetrics fm = c.g.getFontMetrics();
        for (int hz : new int[] {100, 250, 500, 1000, 2000, 4000, 8000, 16000}) {
            if (hz >= model.sampleRate() / 2.0) break;
            double pos = (mel(hz) - lowMel) / delta - 1;
            if (pos < 0) continue;
            int y = (int) Math.round(b.bottom() - (pos + 0.5) / bins * h);
            String s = hz >= 1000 ? (hz / 1000) + "k" : Integer.toString(hz);
            c.g.setColor(Palette.AXIS);
            c.g.drawLine(layout.left - 4, y, layout.left - 1, y);
            c.g.setColor(Palette.TEXT);
            c.g.drawString(s, layout.left - 6 - fm.stringWidth(s), y + 4);
        }
        c.g.setFont(Canvas.FONT);
        c.rowLabelTop(b, "log-mel\n(Hz)");
    }

    private static double mel(double hz) { return 1127.0 * Math.log(1 + hz / 700.0); }
}
