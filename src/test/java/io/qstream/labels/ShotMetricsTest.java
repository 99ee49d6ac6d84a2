package io.qstream.labels;

import io.qstream.features.video.VideoFeatureSpec;

import static org.junit.jupiter.api.Assertions.*;

import io.qstream.arrays.FloatMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShotMetricsTest {

    @Test
    void matchesWithinToleranceOneToOne() {
        ShotMetrics m = ShotMetrics.match(new int[] {10, 50, 90}, new int[] {11, 12, 49, 200}, 1);
        assertEquals(2, m.truePositives(), "11 -> 10, 49 -> 50; 12 is a second prediction for 10");
        assertEquals(2, m.falsePositives());
        assertEquals(1, m.falseNegatives());
        assertEquals(0.5, m.precision(), 1e-12);
        assertEquals(2 / 3.0, m.recall(), 1e-12);
        assertEquals(2 * 2 / (2.0 * 2 + 2 + 1), m.f1(), 1e-12);
        assertEquals(0, ShotMetrics.match(new int[] {10}, new int[] {12}, 1).truePositives());
        assertEquals(1, ShotMetrics.match(new int[] {10}, new int[] {12}, 2).truePositives());
    }

    @Test
    void nearestPredictionWinsSoTheNextReferenceStillMatches() {
        ShotMetrics m = ShotMetrics.match(new int[] {10, 11}, new int[] {10, 11}, 1);
        assertEquals(2, m.truePositives());
    }

    @Test
    void emptyCasesAndSums() {
        assertEquals(1.0, ShotMetrics.match(new int[0], new int[0], 1).f1());
        assertEquals(0.0, ShotMetrics.match(new int[] {3}, new int[0], 1).f1());
        ShotMetrics s = new ShotMetrics(1, 2, 3).plus(new ShotMetrics(4, 5, 6));
        assertEquals(new ShotMetrics(5, 7, 9), s);
    }

    @Test
    void thresholdDetectorAndTuning() {
        VideoFeatureSpec spec = VideoFeatureSpec.defaults();
        int col = spec.columnNames().indexOf("diff-hist");
        FloatMatrix f = FloatMatrix.zeros(10, spec.dim());
        f.data()[3 * spec.dim() + col] = 0.6f;
        f.data()[7 * spec.dim() + col] = 0.3f;
        assertArrayEquals(new int[] {3, 7}, new ThresholdShotDetector(spec, 0.25).cuts(f));
        assertArrayEquals(new int[] {3}, new ThresholdShotDetector(spec, 0.5).cuts(f));
        ThresholdShotDetector tuned = ThresholdShotDetector.tune(spec, List.of(f), List.of(new int[] {3}), 1);
        assertTrue(tuned.threshold() > 0.3 && tuned.threshold() <= 0.6, "threshold " + tuned.threshold());
        assertEquals(1.0, tuned.evaluate(List.of(f), List.of(new int[] {3}), 1).f1());
    }

    @Test
    void labelsFileIsCheckedLineByLine(@TempDir Path dir) throws Exception {
        Path ok = dir.resolve("ok.csv");
        Files.writeString(ok, "frame_index,label\n0,none\n1,cut\n2,gradual\n3,cut\n");
        assertArrayEquals(new int[] {0, 1, 2, 1}, ShotLabels.read(ok));
        assertArrayEquals(new int[] {1, 3}, ShotLabels.cutFrames(ShotLabels.read(ok)));
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "frame_index,label\n0,none\n1,wipe\n");
        Exception e = assertThrows(java.io.IOException.class, () -> ShotLabels.read(bad));
        assertTrue(e.getMessage().contains("bad.csv line 3"), e.getMessage());
        Files.writeString(bad, "index,label\n");
        assertThrows(java.io.IOException.class, () -> ShotLabels.read(bad));
    }
}
