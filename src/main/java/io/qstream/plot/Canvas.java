package io.qstream.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * A picture on a {@link PlotLayout} and the drawing both kinds of plot share: title, bar rows, score lines, time
 * axis and legend. Bars are drawn without anti-aliasing, so a bar covers exactly the pixel columns
 * {@code [layout.column(start), layout.column(end))} in its colour; lines and text are anti-aliased.
 */
final class Canvas {
    final PlotLayout layout;
    final BufferedImage image;
    final Graphics2D g;
    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);

    /** One line of a score plot: label name, colour and value per frame {@code [frames]}. */
    record Series(String name, Color color, float[] values) {}

    /** One legend entry: a colour swatch (or a line when {@code line}) and its text. */
    record Key(Color color, boolean line, String text) {}

    Canvas(PlotLayout layout) {
        this.layout = layout;
        this.image = new BufferedImage(layout.width, layout.height, BufferedImage.TYPE_INT_RGB);
        this.g = image.createGraphics();
        g.setColor(Palette.BACKGROUND);
        g.fillRect(0, 0, layout.width, layout.height);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(FONT);
    }

    void title(String text) {
        PlotLayout.Band b = layout.band(PlotLayout.TITLE);
        g.setFont(TITLE_FONT);
        g.setColor(Palette.TEXT);
        g.drawString(fit(text, layout.width - 20), 10, b.top() + 22);
        g.setFont(FONT);
    }

    /** Text right-aligned in the left margin, vertically centred on the band. */
    void rowLabel(PlotLayout.Band b, String text) {
        FontMetrics m = g.getFontMetrics();
        g.setColor(Palette.TEXT);
        int y = (b.top() + b.bottom()) / 2 + m.getAscent() / 2 - 1;
        g.drawString(text, layout.left - 8 - m.stringWidth(text), y);
    }

    /** An empty bar row with its name. */
    void barRow(String name, String text) {
        PlotLayout.Band b = layout.band(name);
        g.setColor(Palette.ROW_BACKGROUND);
        g.fillRect(layout.left, b.top(), layout.right - layout.left, b.height());
        rowLabel(b, text);
    }

    /** Fills the columns of {@code [t0, t1)} seconds in a bar row, at least {@code minPixels} wide. */
    void span(String row, double t0, double t1, Color c, int minPixels) {
        PlotLayout.Band b = layout.band(row);
        int x0 = layout.column(t0), x1 = Math.max(layout.column(t1), x0 + minPixels);
        x0 = Math.max(x0, layout.left);
        x1 = Math.min(x1, layout.right);
        if (x1 <= x0) return;
        g.setColor(c);
        g.fillRect(x0, b.top(), x1 - x0, b.height());
    }

    /** Fills one pixel column of a bar row. */
    void column(String row, int x, Color c) {
        PlotLayout.Band b = layout.band(row);
        g.setColor(c);
        g.fillRect(x, b.top(), 1, b.height());
    }

    /** A frame around a panel band and vertical grid lines at the time ticks. */
    void panelFrame(PlotLayout.Band b) {
        g.setColor(Palette.GRID);
        for (double t : ticks()) {
            int x = (int) Math.round(layout.xOf(t));
            g.drawLine(x, b.top(), x, b.bottom() - 1);
        }
        g.setColor(Palette.AXIS);
        g.drawRect(layout.left, b.top(), layout.right - layout.left - 1, b.height() - 1);
    }

    /**
     * Score lines 0..1 over the frames in view (point at each frame's centre); dashed horizontal lines at the
     * given thresholds.
     */
    void scores(PlotLayout.Band b, JobLabels labels, List<Series> series, double[] thresholds, String axisTitle) {
        g.setColor(Palette.GRID);
        for (double v = 0.25; v < 1; v += 0.25) {
            int y = scoreY(b, v);
            g.drawLine(layout.left, y, layout.right - 1, y);
        }
        panelFrame(b);
        g.setColor(Palette.TEXT);
        g.setFont(SMALL);
        for (double v = 0; v <= 1; v += 0.5) {
            String s = String.format(Locale.ROOT, "%.1f", v);
            g.drawString(s, layout.left - 6 - g.getFontMetrics().stringWidth(s), scoreY(b, v) + 4);
        }
        g.setFont(FONT);
        rowLabelTop(b, axisTitle);
        Shape clip = g.getClip();
        g.setClip(layout.left, b.top(), layout.right - layout.left, b.height());
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_BEVEL, 1f, new float[] {5f, 4f}, 0f));
        g.setColor(Palette.THRESHOLD);
        for (double th : thresholds) {
            int y = scoreY(b, th);
            g.drawLine(layout.left, y, layout.right - 1, y);
        }
        g.setStroke(new BasicStroke(1.4f));
        int first = Math.max(0, labels.frameAt(layout.start) - 1);
        int last = Math.min(labels.frames() - 1, labels.frameAt(layout.end) + 1);
        for (Series s : series) {
            Path2D.Double path = new Path2D.Double();
            for (int f = first; f <= last; f++) {
                double x = layout.xOf((labels.frameStart()[f] + labels.frameEnd()[f]) / 2);
                double y = b.bottom() - 2 - s.values()[f] * (b.height() - 4);
                if (f == first) path.moveTo(x, y); else path.lineTo(x, y);
            }
            g.setColor(s.color());
            g.draw(path);
        }
        g.setStroke(new BasicStroke(1f));
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setClip(clip);
    }

    private int scoreY(PlotLayout.Band b, double v) {
        return (int) Math.round(b.bottom() - 2 - v * (b.height() - 4));
    }

    /** Two-line label in the left margin at the top of a panel. */
    void rowLabelTop(PlotLayout.Band b, String text) {
        g.setColor(Palette.TEXT);
        FontMetrics m = g.getFontMetrics();
        int y = b.top() + m.getAscent() + 2;
        for (String line : text.split("\n")) {
            g.drawString(line, layout.left - 32 - m.stringWidth(line), y);
            y += m.getHeight();
        }
    }

    /** Ticks and labels of the time axis, seconds. */
    void timeAxis() {
        PlotLayout.Band b = layout.band(PlotLayout.AXIS);
        g.setColor(Palette.AXIS);
        g.drawLine(layout.left, b.top(), layout.right - 1, b.top());
        double step = tickStep();
        int decimals = step >= 1 ? 0 : step >= 0.1 ? 1 : step >= 0.01 ? 2 : 3;
        FontMetrics m = g.getFontMetrics();
        for (double t : ticks()) {
            int x = (int) Math.round(layout.xOf(t));
            g.setColor(Palette.AXIS);
            g.drawLine(x, b.top(), x, b.top() + 5);
            String s = String.format(Locale.ROOT, "%." + decimals + "f", t);
            g.setColor(Palette.TEXT);
            g.drawString(s, x - m.stringWidth(s) / 2, b.top() + 7 + m.getAscent());
        }
        String unit = "time (s)";
        g.drawString(unit, layout.left - 24 - m.stringWidth(unit), b.top() + 7 + m.getAscent());
    }

    /** Tick step: 1, 2 or 5 times a power of ten, about one tick per 90 pixels. */
    double tickStep() {
        double raw = (layout.end - layout.start) / Math.max(1, (layout.right - layout.left) / 90.0);
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) if (m * p >= raw) return m * p;
        return 10 * p;
    }

    double[] ticks() {
        double step = tickStep();
        double first = Math.ceil(layout.start / step - 1e-9) * step;
        int n = (int) Math.floor((layout.end - first) / step + 1e-9) + 1;
        double[] out = new double[Math.max(0, n)];
        for (int i = 0; i < out.length; i++) out[i] = first + i * step;
        return out;
    }

    void legend(List<Key> keys) {
        PlotLayout.Band b = layout.band(PlotLayout.LEGEND);
        FontMetrics m = g.getFontMetrics();
        int x = layout.left, y = b.top() + 6;
        for (Key k : keys) {
            int w = 18 + m.stringWidth(k.text()) + 22;
            if (x + w > layout.width - 10 && x > layout.left) {
                x = layout.left;
                y += 20;
            }
            if (y + 14 > b.bottom()) break;
            g.setColor(k.color());
            if (k.line()) g.fillRect(x, y + 6, 14, 3); else g.fillRect(x, y + 1, 14, 12);
            g.setColor(Palette.TEXT);
            g.drawString(k.text(), x + 18, y + m.getAscent());
            x += w;
        }
    }

    /** {@code text} cut with an ellipsis to {@code width} pixels in the current font. */
    String fit(String text, int width) {
        FontMetrics m = g.getFontMetrics();
        if (m.stringWidth(text) <= width) return text;
        String s = text;
        while (s.length() > 1 && m.stringWidth(s + "…") > width) s = s.substring(0, s.length() - 1);
        return s + "…";
    }

    BufferedImage finish() {
        g.dispose();
        return image;
    }

    static String seconds(double t) { return String.format(Locale.ROOT, "%.2f s", t); }
}
