package io.qstream.pipeline;

import java.io.Serializable;

/**
 * How the model operator batches many streams into one model call (YAML {@code batch}, defaults in
 * {@link PipelineSpec.Batch}): a flush runs when {@code maxStreams} streams or {@code maxFrames} frames are
 * waiting, and at the latest {@code maxDelayMillis} after a stream's first waiting frame.
 *
 * @param maxStreams streams with waiting frames that trigger a flush (&gt;= 1)
 * @param maxFrames waiting frames, all streams together, that trigger a flush (&gt;= 1)
 * @param maxDelayMillis longest wait of a frame before its flush, processing-time milliseconds (&gt;= 1)
 */
public record BatchOptions(int maxStreams, int maxFrames, long maxDelayMillis) implements Serializable {
    public BatchOptions {
        if (maxStreams < 1 || maxFrames < 1 || maxDelayMillis < 1) {
            throw new IllegalArgumentException("batch limits must be >= 1, got max-streams " + maxStreams
                    + ", max-frames " + maxFrames + ", max-delay " + maxDelayMillis + " ms");
        }
    }
}
