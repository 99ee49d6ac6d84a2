package io.qstream.flink;

import io.qstream.flink.record.FrameRows;
import io.qstream.flink.record.Kind;
import io.qstream.flink.record.MediaChunk;
import io.qstream.pipeline.PipelineSpec;

import io.qstream.arrays.FloatMatrix;
import io.qstream.features.CmvnOptions;
import io.qstream.features.FeatureSpec;
import io.qstream.features.OnlineCmvn;
import io.qstream.features.StreamingFeatureExtractor;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by stream id: samples in, feature rows {@code [frames, dim]} out, numbered from the stream's first frame.
 * The framing remainder lives in keyed state ({@link StreamingFeatureExtractor.State}), so the rows are the same
 * whatever the chunking and across a restore. One extractor (FFT tables, mel banks, scratch) serves every
 * stream: each record swaps its stream's state in and out, so memory does not grow with the number of streams.
 * With CMVN, rows are normalised by a causal {@link OnlineCmvn} whose state is keyed state too.
 * At END/ERROR the extractor is finished, the marker passed on and the stream's state cleared.
 */
public final class FeatureFunction extends KeyedProcessFunction<String, MediaChunk, FrameRows> {
    private static final long serialVersionUID = 1L;
    private final FeatureSpec spec;
    private final CmvnOptions cmvn;

    private transient ValueState<StreamingFeatureExtractor.State> extractorState;
    private transient ValueState<OnlineCmvn.State> cmvnState;
    private transient StreamingFeatureExtractor extractor;
    private transient OnlineCmvn normaliser;
    /** State of a stream that has not started yet. */
    private transient OnlineCmvn.State freshCmvn;

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
        extractor = new StreamingFeatureExtractor(spec);
        if (cmvn != null) {
            normaliser = new OnlineCmvn(spec.dim(), cmvn, null);
            freshCmvn = normaliser.state();
        }
    }

    /** Rows normalised by the stream's CMVN (state written back), or as they are without CMVN. */
    private FloatMatrix normalise(String stream, FloatMatrix rows) throws Exception {
        if (cmvn == null || rows.rows() == 0) return rows;
        OnlineCmvn.State s = cmvnState.value();
        normaliser.setState(s != null ? s : freshCmvn);
        FloatMatrix out = normaliser.apply(rows);
        cmvnState.update(normaliser.state());
        return out;
    }

    @Override
    public void processElement(MediaChunk chunk, Context ctx, Collector<FrameRows> out) throws Exception {
        String stream = ctx.getCurrentKey();
        StreamingFeatureExtractor.State s = extractorState.value();
        StreamingFeatureExtractor fx = extractor;
        fx.setState(s != null ? s : new StreamingFeatureExtractor.State());
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
    }
}
