package io.qstream.flink.source;

import io.qstream.flink.record.MediaChunk;
import io.qstream.pipeline.MediaInput;
import io.qstream.pipeline.PipelineSpec;

import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Flink source of decoded audio and video frames: one split per media stream and track (files, globs and directories expanded by
 * {@link MediaInputs}; URLs), records are {@link MediaChunk}s keyed by stream id with event time = media time.
 * The resolved inputs (how to decode each) are part of the source; splits and checkpoints hold only identity and
 * position ({@link MediaSplit}). Bounded when every input is a file; unbounded when any is a URL or a capture device (decode.format alsa,
 * pulse, v4l2, ...); those still end when their stream ends.
 */
public final class MediaSource implements Source<MediaChunk, MediaSplit, List<MediaSplit>> {
    private static final long serialVersionUID = 1L;
    private final List<MediaInput> inputs;

    /** @param inputs the resolved pipeline inputs ({@code ResolvedPipeline.inputs}) */
    public MediaSource(List<MediaInput> inputs) {
        if (inputs.isEmpty()) throw new IllegalArgumentException("no media inputs");
        this.inputs = List.copyOf(inputs);
    }

    /** FFmpeg input devices (decode.format): capture until stopped, like network streams. */
    private static final java.util.Set<String> DEVICE_FORMATS = java.util.Set.of("alsa", "pulse", "oss", "jack",
            "openal", "sndio", "v4l2", "video4linux2", "avfoundation", "dshow", "x11grab", "kmsgrab", "lavfi");

    @Override
    public Boundedness getBoundedness() {
        boolean live = inputs.stream().anyMatch(i -> (PipelineSpec.isUrl(i.uri()) && !i.uri().startsWith("file:"))
                || (i.audio().format != null && DEVICE_FORMATS.contains(i.audio().format)));
        return live ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    public SplitEnumerator<MediaSplit, List<MediaSplit>> createEnumerator(SplitEnumeratorContext<MediaSplit> context) {
        return new MediaSplitEnumerator(context, MediaInputs.expand(inputs));
    }

    @Override
    public SplitEnumerator<MediaSplit, List<MediaSplit>> restoreEnumerator(
            SplitEnumeratorContext<MediaSplit> context, List<MediaSplit> pending) {
        return new MediaSplitEnumerator(context, pending);
    }

    @Override
    public SimpleVersionedSerializer<MediaSplit> getSplitSerializer() {
        return MediaSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<List<MediaSplit>> getEnumeratorCheckpointSerializer() {
        return MediaSplitSerializer.PendingSplits.INSTANCE;
    }

    @Override
    public SourceReader<MediaChunk, MediaSplit> createReader(SourceReaderContext readerContext) {
        return new MediaSourceReader(readerContext, inputs);
    }
}
