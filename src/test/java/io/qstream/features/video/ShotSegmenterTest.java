package io.qstream.features.video;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShotSegmenterTest {

    private static final int N = 0;
    private static final int C = 1;
    private static final int G = 2;

    @Test
    void cutsAndGradualRunsBoundShots() {
        int[] labels = {N, N, C, N, G, G, N, N, C, C, N};
        ShotSegmenter seg = new ShotSegmenter();
        List<ShotSegmenter.Segment> out = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            out.addAll(seg.accept(labels[i], i * 0.04));
        }
        out.addAll(seg.finish(labels.length * 0.04));
        assertEquals(List.of(
                new ShotSegmenter.Segment("shot", 0, 2, 0.0, 2 * 0.04),
                new ShotSegmenter.Segment("shot", 2, 4, 2 * 0.04, 4 * 0.04),
                new ShotSegmenter.Segment("gradual", 4, 6, 4 * 0.04, 6 * 0.04),
                new ShotSegmenter.Segment("shot", 6, 8, 6 * 0.04, 8 * 0.04),
                new ShotSegmenter.Segment("shot", 8, 9, 8 * 0.04, 9 * 0.04),   // a one-frame flash shot
                new ShotSegmenter.Segment("shot", 9, 11, 9 * 0.04, 11 * 0.04)), out);
        assertTrue(seg.finish(1).isEmpty(), "nothing left after finish");
    }

    @Test
    void restoringAtEveryFrameGivesTheSameSegments() {
        int[] labels = {G, G, N, C, N, N, G, C, N};
        List<ShotSegmenter.Segment> whole = new ArrayList<>();
        List<ShotSegmenter.Segment> restored = new ArrayList<>();
        ShotSegmenter a = new ShotSegmenter();
        ShotSegmenter b = new ShotSegmenter();
        for (int i = 0; i < labels.length; i++) {
            whole.addAll(a.accept(labels[i], i));
            b = new ShotSegmenter(b.state());
            restored.addAll(b.accept(labels[i], i));
        }
        whole.addAll(a.finish(labels.length));
        restored.addAll(b.finish(labels.length));
        assertEquals(whole, restored);
        assertEquals("gradual", whole.get(0).label());
        assertThrows(IllegalArgumentException.class, () -> new ShotSegmenter().accept(3, 0));
    }
}
