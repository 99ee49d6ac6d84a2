package io.qstream.plot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Predicted and reference cut frames paired one-to-one within +-{@code tolerance} frames by the rule of
 * {@code ShotMetrics.match} (reference cuts in order, each takes the nearest unused prediction in reach), kept
 * as a list of events so each can be shown: a matched cut, a false cut (predicted only) or a missed cut
 * (reference only).
 */
public final class CutMatch {
    private CutMatch() {}

    public enum Kind { MATCHED, FALSE, MISSED }

    /**
     * @param trueFrame reference cut frame, -1 for a false cut
     * @param predictedFrame predicted cut frame, -1 for a missed cut
     */
    public record Event(Kind kind, int trueFrame, int predictedFrame) {
        /** The frame the event is shown around: the reference frame when there is one. */
        public int frame() { return trueFrame >= 0 ? trueFrame : predictedFrame; }
    }

    /** Events ordered by {@link Event#frame()}. */
    public static List<Event> match(int[] reference, int[] predicted, int tolerance) {
        int[] ref = reference.clone(), pred = predicted.clone();
        Arrays.sort(ref);
        Arrays.sort(pred);
        boolean[] used = new boolean[pred.length];
        List<Event> out = new ArrayList<>();
        int start = 0;
        for (int r : ref) {
            while (start < pred.length && pred[start] < r - tolerance) start++;
            int best = -1;
            for (int j = start; j < pred.length && pred[j] <= r + tolerance; j++) {
                if (!used[j] && (best < 0 || Math.abs(pred[j] - r) < Math.abs(pred[best] - r))) best = j;
            }
            if (best >= 0) {
                used[best] = true;
                out.add(new Event(Kind.MATCHED, r, pred[best]));
            } else {
                out.add(new Event(Kind.MISSED, r, -1));
            }
        }
        for (int j = 0; j < pred.length; j++) if (!used[j]) out.add(new Event(Kind.FALSE, -1, pred[j]));
        out.sort(Comparator.comparingInt(Event::frame));
        return out;
    }
}
