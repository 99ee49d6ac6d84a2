/**
 * Per-frame video features, in plain Java on RGB24 byte arrays (no FFmpeg, OpenCV or
 * Flink): {@link io.qstream.features.video.VideoFeatureSpec} says what to compute (kebab-case options, stored in
 * model files), {@link io.qstream.features.video.VideoFeatureExtractor} computes one row per frame in a stream with
 * its state in a serializable POJO (chunking and restores do not change a bit), and
 * {@link io.qstream.features.video.OfflineVideoFeatures} is the one-pass reference. Frames come from
 * {@code io.qstream.media.VideoDecoder}; what the shot model's scores become (segments, metrics, the threshold
 * baseline) is in {@code io.qstream.labels}.
 */
package io.qstream.features.video;
