/**
 * The streaming job: media to labels on Apache Flink, as thin keyed operators around the plain-Java cores.
 *
 * <pre>
 * MediaSource ──keyBy(stream)──► FeatureFunction ──► QrnnOperator ──► LabelFunction ──► sink (FileSink | stdout)
 * (one split per    MediaChunk    (framing remainder  (buffers rows per  (SegmentMerger per
 *  input; decode                   + online CMVN in    stream, one batched label, JSONL)
 *  thread per split)               keyed state)        model call, QrnnState
 *                                                      in keyed state)
 *             └─(video track)─► VideoFeatureFunction ──► QrnnOperator ──► ShotLabelFunction ──┘
 *                               (VideoFeatureExtractor   (same operator,   (ShotSegmenter: shot /
 *                                state + frame times)     video model)      gradual segments)
 *
 * both label functions ──(side output: one summary per stream)──► SummaryCollector (parallelism 1, lines in
 *                                                                  operator state, accumulator at end of input)
 * </pre>
 *
 * An input's {@code track} (audio, video or both) decides which branch its streams take; "both" makes two
 * streams {@code <id>#audio} and {@code <id>#video} of one file, each labelled by its own model.
 *
 * <ul>
 *   <li>{@link io.qstream.pipeline.PipelineSpec}: the YAML pipeline (all defaults in one place), checked against
 *       the model and feature code by {@link io.qstream.pipeline.ResolvedPipeline} before a job starts.
 *   <li>{@link io.qstream.flink.LabelJob}: assembles the job with a given source and sink;
 *       {@link io.qstream.flink.LocalRun} runs it on an embedded MiniCluster ({@code qstream run}).
 *   <li>Records: {@link io.qstream.flink.record.MediaChunk} (samples or one video frame), {@link io.qstream.flink.record.FrameRows} (features,
 *       then scores), JSON Lines strings ({@link io.qstream.labels.LabelJson}). Every stream ends with an END or
 *       ERROR marker, after which no keyed state or timer of that stream remains.
 *   <li>References for tests and replay: {@link io.qstream.replay.OfflineLabels} and
 *       {@link io.qstream.replay.OfflineShotLabels} (no Flink, whole-stream),
 *       {@link io.qstream.labels.LabelDiff}, {@link io.qstream.replay.Replay} ({@code qstream replay}).
 *   <li>{@link io.qstream.bench.JobBench}: throughput and end-to-end latency of the whole job.
 * </ul>
 *
 * State is float[] / small POJOs only (never an INDArray); every keyed operator gives the same output whatever
 * the chunking and across a failure and restore.
 */
package io.qstream.flink;
