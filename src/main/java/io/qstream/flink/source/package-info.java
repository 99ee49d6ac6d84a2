/**
 * The Flink Source of media ({@link io.qstream.flink.source.MediaSource}, Source API): one
 * {@link io.qstream.flink.source.MediaSplit} per stream and track (identity and position only), assigned up front by
 * {@link io.qstream.flink.source.MediaSplitEnumerator}, decoded by {@link io.qstream.flink.source.MediaSourceReader}
 * on a thread per split into a small queue, with reconnects for live inputs and pacing. How to decode comes from the
 * resolved {@link io.qstream.pipeline.MediaInput}s the source holds.
 */
package io.qstream.flink.source;
