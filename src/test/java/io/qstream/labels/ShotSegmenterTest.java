package io.qstream.labels;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShotSegmenterTest {

    private static final int N = 0;
    private static final int C = 1;
    private static final int G = 2;
    private static final double FRAME = 0.04;

    /** Segments of {@code labels} at 25 frames/s, frame i scoring {@code 0.5 + i / 100}. */
    private static List<ShotSegmenter.Segment> segments(double minShot, int... labels) {
        ShotSegmenter seg = new ShotSegmenter(minShot, new ShotSegmenter.State());
        List<ShotSegmenter.Segment> out = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) out.addAll(seg.accept(labels[i], i * FRAME, score(i)));
        out.addAll(seg.finish(labels.length * FRAME));
        assertTrue(seg.finish(1).isEmpty(), "nothing left after finish");
        return out;
    }

    private static double score(int frame) {
        return 0.5 + frame / 100.0;
    }

    private static ShotSegmenter.Segment seg(String label, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) sum += score(i);
        return new ShotSegmenter.Segment(label, from, to, from * FRAME, to * FRAME, sum / (to - from));
    }

    @Test
    void cutsAndGradualRunsBoundShots() {
        assertEquals(List.of(
                seg("shot", 0, 2),
                seg("shot", 2, 4),
                seg("gradual", 4, 6),
                seg("shot", 6, 8),
                seg("shot", 8, 9),   // a one-frame flash shot, kept without a minimum
                seg("shot", 9, 11)), segments(0, N, N, C, N, G, G, N, N, C, C, N));
    }

    @Test
    void aShortShotInsideAGradualTransitionBecomesPartOfIt() {
        // gradual, one "shot" frame (the model wavering), gradual: one transition
        assertEquals(List.of(seg("shot", 0, 3), seg("gradual", 3, 9), seg("shot", 9, 20)),
                segments(0.1, N, N, N, G, G, G, N, G, G, N, N, N, N, N, N, N, N, N, N, N));
        // the same frames without a minimum flicker between the two
        assertEquals(5, segments(0, N, N, N, G, G, G, N, G, G, N, N, N, N, N, N, N, N, N, N, N).size());
    }

    @Test
    void aShortShotAfterACutJoinsTheShotBeforeIt() {
        // shot, cut to a 2-frame flash, cut to another shot: the flash stays with the first shot, the second cut stays
        assertEquals(List.of(seg("shot", 0, 7), seg("shot", 7, 15)),
                segments(0.1, N, N, N, N, N, C, N, C, N, N, N, N, N, N, N));
    }

    @Test
    void aShortFirstShotStaysAndAShortLastShotJoinsTheSegmentBeforeIt() {
        assertEquals(List.of(seg("shot", 0, 1), seg("gradual", 1, 6)), segments(0.1, N, G, G, G, G, N));
    }

    @Test
    void aSegmentIsReturnedAsSoonAsTheNextOneIsLongerThanTheMinimum() {
        ShotSegmenter s = new ShotSegmenter(0.2, new ShotSegmenter.State());
        int[] labels = {N, N, C, N, N, N, N, N, N, N};
        int returnedAt = -1;
        for (int i = 0; i < labels.length; i++) {
            List<ShotSegmenter.Segment> out = s.accept(labels[i], i * FRAME, 1);
            if (!out.isEmpty()) {
                assertEquals(List.of(new ShotSegmenter.Segment("shot", 0, 2, 0, 2 * FRAME, 1)), out);
                returnedAt = i;
            }
        }
        // the shot after the cut starts at frame 2 (0.08 s) and is 0.2 s old at frame 7
        assertEquals(7, returnedAt);
    }

    @Test
    void restoringAtEveryFrameGivesTheSameSegments() {
        int[] labels = {G, G, N, C, N, N, G, N, G, C, N, G, G, N, N, N, C, N};
        for (double min : new double[] {0, 0.1, 0.3}) {
            List<ShotSegmenter.Segment> whole = new ArrayList<>();
            List<ShotSegmenter.Segment> restored = new ArrayList<>();
            ShotSegmenter a = new ShotSegmenter(min, new ShotSegmenter.State());
            ShotSegmenter b = new ShotSegmenter(min, new ShotSegmenter.State());
            for (int i = 0; i < labels.length; i++) {
                whole.addAll(a.accept(labels[i], i * FRAME, score(i)));
                b = new ShotSegmenter(min, b.state());
                restored.addAll(b.accept(labels[i], i * FRAME, score(i)));
            }
            whole.addAll(a.finish(labels.length * FRAME));
            restored.addAll(b.finish(labels.length * FRAME));
            assertEquals(whole, restored, "min " + min);
            assertEquals(whole, segments(min, labels), "min " + min);
            assertEquals(labels.length, whole.stream().mapToLong(g -> g.endFrame() - g.startFrame()).sum(), "every frame once");
        }
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ShotSegmenter().accept(3, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ShotSegmenter(-1, new ShotSegmenter.State()));
    }
}
