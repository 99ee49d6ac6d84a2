/**
 * Per-frame video features and shot-boundary helpers, in plain Java on RGB24 byte arrays (no FFmpeg, OpenCV or
 * Flink): {@link io.qstream.features.video.VideoFeatureSpec} says what to compute (kebab-case options, stored in
 * model files), {@link io.qstream.features.video.VideoFeatureExtractor} computes one row per frame in a stream with
 * its state in a serializable POJO (chunking and restores do not change a bit), and
 * {@link io.qstream.features.video.OfflineVideoFeatures} is the one-pass reference. Frames come from
 * {@code io.qstream.media.VideoDecoder}. {@link io.qstream.labels.ShotLabels},
 * {@link io.qstream.labels.ShotMetrics} (hard-cut F1 within a frame tolerance),
 * {@link io.qstream.labels.ShotSegmenter} (per-frame labels to shot/gradual segments, streaming) and the
 * {@link io.qstream.labels.ThresholdShotDetector} baseline support training and evaluating shot models.
 */
package io.qstream.features.video;
