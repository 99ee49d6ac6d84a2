package io.qstream.flink;

import io.qstream.flink.record.FrameRows;
import io.qstream.flink.record.Kind;
import io.qstream.flink.record.MediaChunk;
import io.qstream.media.Track;

import io.qstream.arrays.FloatMatrix;
import io.qstream.features.video.VideoFeatureExtractor;
import io.qstream.features.video.VideoFeatureSpec;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by stream id, video tracks: one decoded frame in, feature rows {@code [0 or 1, spec.dim()]} out (frame
 * t's row leaves when frame t + lookahead has arrived), numbered from the stream's first frame and carrying each
 * frame's presentation time, seconds. The previous frame's summary and the rows waiting for look-ahead
 * ({@link VideoFeatureExtractor.State}) and the times of those waiting frames live in keyed state, so the rows are
 * bit-identical to {@code OfflineVideoFeatures} across any restore. At END/ERROR the extractor is finished (the
 * last lookahead rows), the marker passed on with the stream's end time and the stream's state cleared.
 */
public final class VideoFeatureFunction extends KeyedProcessFunction<String, MediaChunk, FrameRows> {
    private static final long serialVersionUID = 1L;
    private final VideoFeatureSpec spec;

    /** Scratch buffers only; each stream's state lives in {@link #extractorState}. */
    private transient VideoFeatureExtractor extractor;
    private transient ValueState<VideoFeatureExtractor.State> extractorState;
    /** Presentation times of the frames whose rows wait for look-ahead, oldest first, seconds. */
    private transient ValueState<double[]> waitingTimes;

    public VideoFeatureFunction(VideoFeatureSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open(OpenContext ctx) {
        extractor = new VideoFeatureExtractor(spec);
        extractorState = getRuntimeContext().getState(
                new ValueStateDescriptor<>("video-feature-extractor", VideoFeatureExtractor.State.class));
        waitingTimes = getRuntimeContext().getState(
                new ValueStateDescriptor<>("video-feature-times", PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(MediaChunk chunk, Context ctx, Collector<FrameRows> out) throws Exception {
        String stream = ctx.getCurrentKey();
        // one extractor serves every stream: this stream's state is swapped in (and checked against the spec)
        VideoFeatureExtractor x = extractor;
        x.setState(extractorState.value());
        double[] times = waitingTimes.value();
        if (times == null) times = new double[0];
        if (chunk.kind != Kind.DATA) {
            FloatMatrix rows = x.finish();
            if (rows.rows() > 0) out.collect(FrameRows.data(stream, x.rows() - rows.rows(), rows, times));
            FrameRows last = FrameRows.last(stream, chunk.kind, x.frames(), chunk.error);
            last.times = new double[] {chunk.seconds};
            out.collect(last);
            extractorState.clear();
            waitingTimes.clear();
            return;
        }
        if (chunk.track != Track.VIDEO) {
            throw new IllegalStateException("stream " + stream + ": audio record reached the video features");
        }
        if (chunk.firstSample != x.frames()) {
            // the source resumes at the frames delivered, which the keyed state must have seen exactly
            throw new IllegalStateException("stream " + stream + ": frame " + chunk.firstSample + " arrived after "
                    + x.frames() + " frames");
        }
        if (chunk.width != spec.width() || chunk.height != spec.height()) {
            throw new IllegalStateException("stream " + stream + ": frame is " + chunk.width + "x" + chunk.height
                    + " but the video features need " + spec.width() + "x" + spec.height());
        }
        long first = x.rows();
        FloatMatrix rows = x.accept(chunk.rgb, chunk.width, chunk.height);
        double[] all = Arrays.copyOf(times, times.length + 1);
        all[times.length] = chunk.seconds;
        int n = rows.rows();
        extractorState.update(x.state());
        waitingTimes.update(Arrays.copyOfRange(all, n, all.length));
        if (n > 0) out.collect(FrameRows.data(stream, first, rows, Arrays.copyOf(all, n)));
    }
}
