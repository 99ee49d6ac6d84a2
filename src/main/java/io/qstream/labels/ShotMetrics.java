package io.qstream.labels;

import java.util.Arrays;

/**
 * Hard-cut detection scores: predicted cut frames matched one-to-one to reference cut frames within a tolerance of
 * +-{@code tolerance} frames (in order, each reference to the nearest unmatched prediction). A prediction inside a
 * gradual transition that matches no reference cut is a false positive.
 *
 * @param truePositives matched predictions
 * @param falsePositives unmatched predictions
 * @param falseNegatives unmatched reference cuts
 */
public record ShotMetrics(int truePositives, int falsePositives, int falseNegatives) {

    /** Matches predicted to reference cut frames (both any order; duplicates count separately). */
    public static ShotMetrics match(int[] reference, int[] predicted, int tolerance) {
        int[] ref = reference.clone();
        int[] pred = predicted.clone();
        Arrays.sort(ref);
        Arrays.sort(pred);
        boolean[] used = new boolean[pred.length];
        int tp = 0;
        int start = 0;
        for (int r : ref) {
            while (start < pred.length && pred[start] < r - tolerance) {
                start++;
            }
            int best = -1;
            for (int j = start; j < pred.length && pred[j] <= r + tolerance; j++) {
                if (!used[j] && (best < 0 || Math.abs(pred[j] - r) < Math.abs(pred[best] - r))) {
                    best = j;
                }
            }
            if (best >= 0) {
                used[best] = true;
                tp++;
            }
        }
        return new ShotMetrics(tp, pred.length - tp, ref.length - tp);
    }

    /** Sum of counts (micro-average over several videos). */
    public ShotMetrics plus(ShotMetrics o) {
        return new ShotMetrics(truePositives + o.truePositives, falsePositives + o.falsePositives,
                falseNegatives + o.falseNegatives);
    }

    /** tp / (tp + fp); 1 when nothing was predicted. */
    public double precision() {
        int p = truePositives + falsePositives;
        return p == 0 ? 1 : truePositives / (double) p;
    }

    /** tp / (tp + fn); 1 when there is nothing to find. */
    public double recall() {
        int r = truePositives + falseNegatives;
        return r == 0 ? 1 : truePositives / (double) r;
    }

    public double f1() {
        int d = 2 * truePositives + falsePositives + falseNegatives;
        return d == 0 ? 1 : 2.0 * truePositives / d;
    }

    @Override
    public String toString() {
        return String.format("F1 %.4f (precision %.4f, recall %.4f; tp %d, fp %d, fn %d)", f1(), precision(),
                recall(), truePositives, falsePositives, falseNegatives);
    }
}
