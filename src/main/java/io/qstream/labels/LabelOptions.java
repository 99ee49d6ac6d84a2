package io.qstream.labels;

import java.io.Serializable;
import java.util.List;

/**
 * What the label stage of an audio stream writes (YAML {@code labels}, defaults in {@code PipelineSpec.Labels}):
 * per-frame records when {@code frames}, and segments of {@code segmentLabels}, each smoothed by a
 * {@link SegmentMerger} with these thresholds and minimum lengths.
 *
 * @param labels the model head's labels, in score column order
 * @param segmentLabels labels cut into segments (each one of {@code labels})
 * @param frameShiftSeconds seconds between frames: frame {@code i} is at {@code i * frameShiftSeconds}
 * @param frames also write one record per frame
 * @param scoreDecimals decimal places of scores in the output (0..9)
 * @param onThreshold a segment opens when its label's score is at least this
 * @param offThreshold an open segment closes when the score falls below this (&lt;= onThreshold)
 * @param minSegmentSeconds shorter segments are dropped (after bridging gaps), seconds
 * @param minGapSeconds shorter gaps between two segments of a label are bridged, seconds
 */
public record LabelOptions(List<String> labels, List<String> segmentLabels, double frameShiftSeconds, boolean frames,
                           int scoreDecimals, double onThreshold, double offThreshold, double minSegmentSeconds,
                           double minGapSeconds) implements Serializable {
    public LabelOptions {
        labels = List.copyOf(labels);
        segmentLabels = List.copyOf(segmentLabels);
        for (String l : segmentLabels) {
            if (!labels.contains(l)) {
                throw new IllegalArgumentException("segment label '" + l + "' is not one of the model's labels " + labels);
            }
        }
        if (!(frameShiftSeconds > 0)) throw new IllegalArgumentException("frame shift must be > 0 s, got " + frameShiftSeconds);
    }

    /** The segment smoothing these options describe, in frames. */
    public SegmentMerger merger() {
        return new SegmentMerger(onThreshold, offThreshold, Math.round(minSegmentSeconds / frameShiftSeconds),
                Math.round(minGapSeconds / frameShiftSeconds));
    }
}
