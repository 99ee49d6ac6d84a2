package io.qstream.train;

import io.qstream.arrays.FloatMatrix;

/**
 * One labelled sequence: feature rows [frames, dim] and a class index per frame (index into the label list).
 *
 * @param name     where it came from (media path), for messages
 * @param features [frames, dim]
 * @param labels   [frames] class indices
 */
public record LabeledSequence(String name, FloatMatrix features, int[] labels) {
    public LabeledSequence {
        if (features.rows() != labels.length) {
            throw new IllegalArgumentException(name + ": " + features.rows() + " feature rows but " + labels.length
                    + " labels");
        }
    }

    public int frames() { return labels.length; }
}
