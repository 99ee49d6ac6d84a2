package io.qstream.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Frame- and segment-level scores of predicted labels against reference labels, accumulated over many sequences.
 *
 * <p>Frame level: accuracy and per-label precision, recall and F1. With a collar of N frames, frames within N
 * frames of a reference label change are not scored (boundaries of hand or energy labels are uncertain by a few
 * frames). Segment level per label: reference segments, predicted segments, reference segments hit (overlapped by
 * at least one predicted segment of that label) and false-alarm segments (predicted segments that overlap no
 * reference segment of that label).
 */
public final class FrameMetrics {
    private final List<String> labels;
    private final int collar;
    private final long[][] confusion; // [reference][predicted]
    private final long[] refSegments, hypSegments, hits, falseAlarms;

    public FrameMetrics(List<String> labels, int collarFrames) {
        if (collarFrames < 0) throw new IllegalArgumentException("collar must be >= 0 frames, got " + collarFrames);
        this.labels = List.copyOf(labels);
        this.collar = collarFrames;
        int c = labels.size();
        confusion = new long[c][c];
        refSegments = new long[c];
        hypSegments = new long[c];
        hits = new long[c];
        falseAlarms = new long[c];
    }

    /** Adds one sequence; both arrays hold class indices per frame and must have the same length. */
    public void add(int[] reference, int[] predicted) {
        if (reference.length != predicted.length) {
            throw new IllegalArgumentException("reference has " + reference.length + " frames, prediction "
                    + predicted.length);
        }
        int n = reference.length;
        boolean[] skip = new boolean[n];
        if (collar > 0) {
            for (int i = 1; i < n; i++) {
                if (reference[i] != reference[i - 1]) {
                    // The change sits between frames i-1 and i: skip N frames on each side.
                    for (int j = Math.max(0, i - collar); j < Math.min(n, i + collar); j++) skip[j] = true;
                }
            }
        }
        for (int i = 0; i < n; i++) if (!skip[i]) confusion[reference[i]][predicted[i]]++;
        List<int[]> ref = segments(reference), hyp = segments(predicted);
        for (int[] r : ref) {
            refSegments[r[2]]++;
            for (int[] h : hyp) {
                if (h[2] == r[2] && h[0] < r[1] && r[0] < h[1]) {
                    hits[r[2]]++;
                    break;
                }
            }
        }
        for (int[] h : hyp) {
            hypSegments[h[2]]++;
            boolean overlaps = false;
            for (int[] r : ref) {
                if (h[2] == r[2] && h[0] < r[1] && r[0] < h[1]) {
                    overlaps = true;
                    break;
                }
            }
            if (!overlaps) falseAlarms[h[2]]++;
        }
    }

    /** Maximal runs of one label: {start, end (exclusive), label}. */
    static List<int[]> segments(int[] frames) {
        List<int[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= frames.length; i++) {
            if (i == frames.length || frames[i] != frames[start]) {
                if (frames.length > 0) out.add(new int[] {start, i, frames[start]});
                start = i;
            }
        }
        return out;
    }

    public long scoredFrames() {
        long s = 0;
        for (long[] row : confusion) for (long v : row) s += v;
        return s;
    }

    public double accuracy() {
        long correct = 0;
        for (int i = 0; i < confusion.length; i++) correct += confusion[i][i];
        long total = scoredFrames();
        return total == 0 ? 0 : (double) correct / total;
    }

    public double precision(int label) {
        long predicted = 0;
        for (long[] row : confusion) predicted += row[label];
        return predicted == 0 ? 0 : (double) confusion[label][label] / predicted;
    }

    public double recall(int label) {
        long actual = 0;
        for (long v : confusion[label]) actual += v;
        return actual == 0 ? 0 : (double) confusion[label][label] / actual;
    }

    public double f1(int label) {
        double p = precision(label), r = recall(label);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double f1(String label) { return f1(index(label)); }

    /**
     * False-alarm rate of a label: the fraction of scored frames whose reference is another label that were
     * predicted as this one (for {@code speech}: the false-speech rate over the nonspeech frames); 0 when no
     * scored frame has another reference label.
     */
    public double falseRate(int label) {
        long other = 0, wrong = 0;
        for (int r = 0; r < confusion.length; r++) {
            if (r == label) continue;
            for (long v : confusion[r]) other += v;
            wrong += confusion[r][label];
        }
        return other == 0 ? 0 : (double) wrong / other;
    }

    /** Scored frames whose reference label is {@code label}. */
    public long referenceFrames(int label) {
        long n = 0;
        for (long v : confusion[label]) n += v;
        return n;
    }

    private int index(String label) {
        int i = labels.indexOf(label);
        if (i < 0) throw new IllegalArgumentException("unknown label '" + label + "', labels are " + labels);
        return i;
    }

    public long referenceSegments(int label) { return refSegments[label]; }
    public long predictedSegments(int label) { return hypSegments[label]; }
    public long segmentHits(int label) { return hits[label]; }
    public long segmentFalseAlarms(int label) { return falseAlarms[label]; }

    /** A human-readable table. */
    public String report() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "frames scored %d (collar %d), accuracy %.4f%n", scoredFrames(), collar,
                accuracy()));
        sb.append(String.format(Locale.ROOT, "%-12s %9s %9s %9s %8s %8s %8s %8s%n", "label", "precision", "recall",
                "F1", "ref.seg", "hyp.seg", "hit.seg", "fa.seg"));
        for (int i = 0; i < labels.size(); i++) {
            sb.append(String.format(Locale.ROOT, "%-12s %9.4f %9.4f %9.4f %8d %8d %8d %8d%n", labels.get(i),
                    precision(i), recall(i), f1(i), refSegments[i], hypSegments[i], hits[i], falseAlarms[i]));
        }
        return sb.toString();
    }
}
