package io.qstream.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class FrameMetricsTest {
    private static final List<String> LABELS = List.of("nonspeech", "speech");

    @Test
    void countsFramesAndSegments() {
        FrameMetrics m = new FrameMetrics(LABELS, 0);
        int[] ref = {0, 0, 1, 1, 1, 1, 0, 0, 1, 1};
        int[] hyp = {0, 1, 1, 1, 0, 1, 0, 0, 0, 0};
        m.add(ref, hyp);
        // speech: TP = frames 2, 3, 5; FP = frame 1; FN = frames 4, 8, 9.
        assertEquals(10, m.scoredFrames());
        assertEquals(0.6, m.accuracy(), 1e-12);
        assertEquals(3.0 / 4, m.precision(1), 1e-12);
        assertEquals(3.0 / 6, m.recall(1), 1e-12);
        assertEquals(2 * 0.75 * 0.5 / 1.25, m.f1("speech"), 1e-12);
        assertEquals(3.0 / 6, m.precision(0), 1e-12);
        assertEquals(3.0 / 4, m.recall(0), 1e-12);
        // speech segments: ref [2,6) [8,10); hyp [1,4) [5,6): the first ref hit, the second missed, no false alarm.
        assertEquals(2, m.referenceSegments(1));
        assertEquals(2, m.predictedSegments(1));
        assertEquals(1, m.segmentHits(1));
        assertEquals(0, m.segmentFalseAlarms(1));
        // nonspeech: ref [0,2) [6,8); hyp [0,1) [4,5) [6,10): [4,5) overlaps no reference nonspeech.
        assertEquals(3, m.predictedSegments(0));
        assertEquals(2, m.segmentHits(0));
        assertEquals(1, m.segmentFalseAlarms(0));
    }

    @Test
    void collarSkipsFramesAroundReferenceChanges() {
        FrameMetrics m = new FrameMetrics(LABELS, 1);
        int[] ref = {0, 0, 0, 1, 1, 1, 1};
        int[] hyp = {0, 0, 1, 0, 1, 1, 1};
        m.add(ref, hyp);
        // The change is between frames 2 and 3: both are skipped, the rest is right.
        assertEquals(5, m.scoredFrames());
        assertEquals(1.0, m.accuracy(), 1e-12);
    }

    @Test
    void rejectsMismatchedLengths() {
        FrameMetrics m = new FrameMetrics(LABELS, 0);
        assertThrows(IllegalArgumentException.class, () -> m.add(new int[3], new int[4]));
    }

    @Test
    void falseRateIsTheShareOfOtherReferenceFramesPredictedAsTheLabel() {
        FrameMetrics m = new FrameMetrics(java.util.List.of("nonspeech", "speech"), 0);
        // 6 nonspeech reference frames, 2 of them predicted speech; 2 speech frames, 1 predicted speech.
        m.add(new int[] {0, 0, 0, 0, 0, 0, 1, 1}, new int[] {1, 0, 0, 1, 0, 0, 1, 0});
        assertEquals(2.0 / 6, m.falseRate(1), 1e-12);
        assertEquals(1.0 / 2, m.falseRate(0), 1e-12);
        assertEquals(6, m.referenceFrames(0));
        assertEquals(2, m.referenceFrames(1));
        FrameMetrics onlySpeech = new FrameMetrics(java.util.List.of("nonspeech", "speech"), 0);
        onlySpeech.add(new int[] {1, 1}, new int[] {1, 0});
        assertEquals(0.0, onlySpeech.falseRate(1), 1e-12);
    }
}
