/**
 * From per-frame scores to what users read, without Flink: {@link io.qstream.labels.SegmentMerger} (hysteresis,
 * minimum segment and gap, streaming state), {@link io.qstream.labels.ShotSegmenter} and
 * {@link io.qstream.labels.ShotLabels} (shot / gradual segments from none/cut/gradual frames), their options records,
 * the JSON Lines records ({@link io.qstream.labels.LabelJson}), comparing label files
 * ({@link io.qstream.labels.LabelDiff}), and shot-detection metrics and the histogram-threshold baseline.
 */
package io.qstream.labels;
