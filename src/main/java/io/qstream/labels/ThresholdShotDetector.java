package io.qstream.labels;

import io.qstream.features.video.VideoFeatureSpec;

import io.qstream.arrays.FloatMatrix;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline hard-cut detector: frame i starts a new shot when its {@code diff-hist} column (HSV histogram distance
 * to the previous frame, 0..1) is at least the threshold. No learning, no context; gradual transitions are not
 * detected (they move the histogram a little per frame). {@link #tune} picks the threshold with the best hard-cut F1
 * on labelled clips.
 */
public final class ThresholdShotDetector {

    private final int column;
    private final double threshold;

    /** @param threshold histogram distance 0..1 at or above which a frame is a cut */
    public ThresholdShotDetector(VideoFeatureSpec spec, double threshold) {
        this.column = spec.columnNames().indexOf("diff-hist");
        this.threshold = threshold;
    }

    public double threshold() {
        return threshold;
    }

    /** Cut frames of a clip's feature rows {@code [frames, dim]}, ascending. */
    public int[] cuts(FloatMatrix features) {
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i < features.rows(); i++) {
            if (features.get(i, column) >= threshold) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The threshold with the best summed hard-cut F1 over clips (candidates: 0.01 .. 0.99 in steps of 0.01).
     *
     * @param features per clip {@code [frames, dim]}
     * @param referenceCuts per clip, the reference cut frames
     */
    public static ThresholdShotDetector tune(VideoFeatureSpec spec, List<FloatMatrix> features,
            List<int[]> referenceCuts, int tolerance) {
        double best = 0.5;
        double bestF1 = -1;
        for (int t = 1; t < 100; t++) {
            ThresholdShotDetector d = new ThresholdShotDetector(spec, t / 100.0);
            ShotMetrics m = d.evaluate(features, referenceCuts, tolerance);
            if (m.f1() > bestF1) {
                bestF1 = m.f1();
                best = t / 100.0;
            }
        }
        return new ThresholdShotDetector(spec, best);
    }

    /** Summed (micro-averaged) hard-cut scores over clips. */
    public ShotMetrics evaluate(List<FloatMatrix> features, List<int[]> referenceCuts, int tolerance) {
        ShotMetrics sum = new ShotMetrics(0, 0, 0);
        for (int i = 0; i < features.size(); i++) {
            sum = sum.plus(ShotMetrics.match(referenceCuts.get(i), cuts(features.get(i)), tolerance));
        }
        return sum;
    }
}
