package io.qstream.labels;

import java.io.Serializable;
import java.util.List;

/**
 * What the label stage of a video stream writes (YAML {@code labels}, defaults in {@code PipelineSpec.Labels}):
 * per-frame records when {@code frames}, and shot / gradual segments from a {@link ShotSegmenter}.
 *
 * @param labels the shot model's labels, {@link ShotLabels#LABELS}
 * @param frames also write one record per frame
 * @param scoreDecimals decimal places of scores in the output (0..9)
 * @param minShotSeconds shorter shots join the segment before them, seconds (0 keeps every shot)
 */
public record ShotLabelOptions(List<String> labels, boolean frames, int scoreDecimals, double minShotSeconds)
        implements Serializable {
    public ShotLabelOptions {
        labels = List.copyOf(labels);
    }
}
