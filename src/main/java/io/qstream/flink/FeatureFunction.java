package io.qstream.flink;

import io.qstream.arrays.FloatMatrix;
import io.qstream.features.FeatureSpec;
import io.qstream.features.StreamingFeatureExtractor;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by stream id: samples in, feature rows {@code [frames, dim]} out, numbered from the stream's first frame.
 * The framing remainder lives in keyed state ({@link StreamingFeatureExtractor.State}), so the rows are the same
 * whatever the chunking and across a restore. Live extractors are cached per stream only to avoid rebuilding
 * them per record; the keyed state is always the truth and is written after every record.
 * At END/ERROR the extractor is finished, the marker passed on and the stream's state cleared.
 */
public final class FeatureFunction extends KeyedProcessFunction<String, MediaChunk, FrameRows> {
    private static final long serialVersionUID = 1L;
    private final FeatureSpec spec;

    private transient ValueState<StreamingFeatureExtractor.State> extractorState;
    private transient Map<String, StreamingFeatureExtractor> live;

    public FeatureFunction(FeatureSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open(OpenContext ctx) {
        extractorState = getRuntimeContext().getState(
                new ValueStateDescriptor<>("feature-extractor", StreamingFeatureExtractor.State.class));
        live = new HashMap<>();
    }

    @Override
    public void processElement(MediaChunk chunk, Context ctx, Collector<FrameRows> out) throws Exception {
        String stream = ctx.getCurrentKey();
        StreamingFeatureExtractor fx = live.get(stream);
        if (fx == null) {
            StreamingFeatureExtractor.State s = extractorState.value();
            fx = s == null ? new StreamingFeatureExtractor(spec) : StreamingFeatureExtractor.restore(spec, s);
            live.put(stream, fx);
        }
        if (chunk.kind == Kind.DATA) {
            if (chunk.sampleRate != spec.sampleRate()) {
                // ResolvedPipeline checks decode.sample-rate against the features before the job starts
                throw new IllegalStateException("stream " + stream + ": audio at " + chunk.sampleRate
                        + " Hz but the features need " + spec.sampleRate() + " Hz");
            }
            long first = fx.framesEmitted();
            FloatMatrix rows = fx.accept(chunk.samples);
            extractorState.update(fx.state());
            if (rows.rows() > 0) out.collect(FrameRows.data(stream, first, rows));
        } else {
            endStream(stream, fx, chunk.kind, chunk.error, out);
        }
    }

    private void endStream(String stream, StreamingFeatureExtractor fx, Kind kind, String error, Collector<FrameRows> out) {
        long first = fx.framesEmitted();
        FloatMatrix rows = fx.finish();
        if (rows.rows() > 0) out.collect(FrameRows.data(stream, first, rows));
        out.collect(FrameRows.last(stream, kind, fx.framesEmitted(), error));
        extractorState.clear();
        live.remove(stream);
    }
}
