/**
 * The streaming job: thin keyed operators around the plain-Java cores, and its assembly.
 *
 * <pre>
 * MediaSource ──keyBy(stream)──► FeatureFunction ──► QrnnOperator ──► LabelFunction ──► sink (FileSink | stdout)
 * (flink.source)  MediaChunk     (framing remainder  (buffers rows per  (SegmentMerger per
 *                                 + online CMVN in    stream, one batched label, JSONL)
 *                                 keyed state)        model call, QrnnState
 *                                                     in keyed state)
 *             └─(video track)─► VideoFeatureFunction ──► QrnnOperator ──► ShotLabelFunction ──┘
 *                               (VideoFeatureExtractor   (same operator,   (ShotSegmenter: shot /
 *                                state + frame times)     video model)      gradual segments)
 *
 * both label functions ──(side output: one summary per stream)──► SummaryCollector (parallelism 1, lines in
 *                                                                  operator state, accumulator at end of input)
 * </pre>
 *
 * <ul>
 *   <li>{@link io.qstream.flink.LabelJob}: assembles the job from a {@link io.qstream.pipeline.ResolvedPipeline} with
 *       a given source and sink (one branch builder for both tracks); {@link io.qstream.flink.LocalRun} runs it on an
 *       embedded MiniCluster ({@code qstream run}).
 *   <li>Operators take settings objects built by the pipeline resolution ({@code BatchOptions}, {@code LabelOptions},
 *       {@code ShotLabelOptions}); state is float[] / small POJOs only (never an INDArray); every keyed operator
 *       gives the same output whatever the chunking and across a failure and restore.
 * </ul>
 */
package io.qstream.flink;
