/**
 * The records between the job's operators, Flink POJOs of arrays only: {@link io.qstream.flink.record.MediaChunk}
 * (samples or one video frame of a stream), {@link io.qstream.flink.record.FrameRows} (a block of feature rows or
 * scores), and their {@link io.qstream.flink.record.Kind} (DATA, END, ERROR).
 */
package io.qstream.flink.record;
