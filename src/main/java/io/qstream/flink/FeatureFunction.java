package io.qstream.flink;

import io.qstream.arrays.FloatMatrix;
import io.qstream.features.CmvnOptions;
import io.qstream.features.FeatureSpec;
import io.qstream.features.OnlineCmvn;
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
 * With CMVN, rows are normalised by a causal {@link OnlineCmvn} whose state is keyed state too.
 * At END/ERROR the extractor is finished, the marker passed on and the stream's state cleared.
 */
public final class FeatureFunction extends KeyedProcessFunction<String, MediaChunk, FrameRows> {
    private static final long serialVersionUID = 1L;
    private final FeatureSpec spec;
    private final CmvnOptions cmvn;

    private transient ValueState<StreamingFeatureExtractor.State> extractorState;
    private transient ValueState<OnlineCmvn.State> cmvnState;
    private transient Map<String, StreamingFeatureExtractor> live;
    private transient Map<String, OnlineCmvn> liveCmvn;

    /** @param cmvn online CMVN options, or null for none */
    public FeatureFunction(FeatureSpec spec, CmvnOptions cmvn) {
        this.spec = spec;
        this.cmvn = cmvn;
    }

    /** CMVN options of a pipeline, or null when it has CMVN off. */
    public static CmvnOptions cmvnOptions(PipelineSpec.Cmvn c) {
        if (!c.enabled) return null;
        CmvnOptions o = new CmvnOptions();
        o.cmnWindow = c.cmnWindow;
        o.normalizeVariance = c.normalizeVariance;
        o.validate();
        return o;
    }

    @Override
    public void open(OpenContext ctx) {
        extractorState = getRuntimeContext().getState(
                new ValueStateDescriptor<>("feature-extractor", StreamingFeatureExtractor.State.class));
        cmvnState = getRuntimeContext().getState(new ValueStateDescriptor<>("feature-cmvn", OnlineCmvn.State.class));
        live = new HashMap<>();
        liveCmvn = new HashMap<>();
    }

    /** Rows normalised by the stream's CMVN (state written back), or as they are without CMVN. */
    private FloatMatrix normalise(String stream, FloatMatrix rows) throws Exception {
        if (cmvn == null || rows.rows() == 0) return rows;
        OnlineCmvn n = liveCmvn.get(stream);
        if (n == null) {
            OnlineCmvn.State s = cmvnState.value();
            n = s == null ? new OnlineCmvn(spec.dim(), cmvn, null) : OnlineCmvn.restore(spec.dim(), cmvn, null, s);
            liveCmvn.put(stream, n);
        }
        FloatMatrix out = n.apply(rows);
        cmvnState.update(n.state());
        return out;
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
            FloatMatrix rows = normalise(stream, fx.accept(chunk.samples));
            extractorState.update(fx.state());
            if (rows.rows() > 0) out.collect(FrameRows.data(stream, first, rows));
        } else {
            endStream(stream, fx, chunk.kind, chunk.error, out);
        }
    }

    private void endStream(String stream, StreamingFeatureExtractor fx, Kind kind, String error, Collector<FrameRows> out)
            throws Exception {
        long first = fx.framesEmitted();
        FloatMatrix rows = normalise(stream, fx.finish());
        if (rows.rows() > 0) out.collect(FrameRows.data(stream, first, rows));
        out.collect(FrameRows.last(stream, kind, fx.framesEmitted(), error));
        extractorState.clear();
        cmvnState.clear();
        live.remove(stream);
        liveCmvn.remove(stream);
    }
}
