package io.qstream.flink;

import io.qstream.flink.record.FrameRows;
import io.qstream.flink.record.Kind;
import io.qstream.flink.record.MetricNames;
import io.qstream.labels.LabelJson;
import io.qstream.labels.LabelOptions;
import io.qstream.labels.SegmentMerger;

import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by stream id: turns model scores {@code [frames, labels]} into JSON Lines ({@link LabelJson}): one record
 * per frame when enabled, and segments of the chosen labels smoothed by a {@link SegmentMerger} each, whose
 * state is keyed state. At the stream's END/ERROR the open segments are closed, an ERROR becomes an error record,
 * a summary line goes to the {@link #SUMMARIES} side output (for the {@link SummaryCollector}) and the state is
 * cleared.
 * Frame {@code i} is at {@code t = i * frameShiftSeconds}; a segment of frames {@code [a, b)} spans
 * {@code [a * shift, b * shift)} seconds.
 */
public final class LabelFunction extends KeyedProcessFunction<String, FrameRows, String> {
    private static final long serialVersionUID = 1L;
    /** Side output: one JSON summary per finished stream ({@code stream, frames, seconds, segments, error}). */
    public static final OutputTag<String> SUMMARIES = new OutputTag<>("stream-summaries", Types.STRING);
    /** Accumulator: frames labelled so far (progress). */
    public static final String FRAMES = "qstream-frames";

    /** Keyed state of one stream (Flink POJO). */
    public static final class StreamLabels implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        public SegmentMerger.State[] mergers;
        public long frames;
        public long segments;

        public StreamLabels() {}
    }

    private final List<String> labels;
    private final int[] segmentLabels;
    private final List<String> segmentLabelNames;
    private final double frameShiftSeconds;
    private final boolean frames;
    private final int decimals;
    private final SegmentMerger merger;

    private transient ValueState<StreamLabels> state;
    private transient LongCounter frameCounter;
    /** Metrics ({@link MetricNames}). */
    private transient Counter framesLabelled;
    private transient Counter segmentsWritten;
    private transient Counter errorRecords;
    private transient Counter streamsEnded;

    public LabelFunction(LabelOptions options) {
        this.labels = options.labels();
        this.segmentLabelNames = List.copyOf(options.segmentLabels());
        this.segmentLabels = new int[segmentLabelNames.size()];
        for (int i = 0; i < segmentLabels.length; i++) this.segmentLabels[i] = labels.indexOf(options.segmentLabels().get(i));
        this.frameShiftSeconds = options.frameShiftSeconds();
        this.frames = options.frames();
        this.decimals = options.scoreDecimals();
        this.merger = options.merger();
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("labels", StreamLabels.class));
        frameCounter = getRuntimeContext().getLongCounter(FRAMES);
        var metrics = getRuntimeContext().getMetricGroup();
        framesLabelled = metrics.counter(MetricNames.FRAMES_LABELLED);
        metrics.meter(MetricNames.FRAMES_LABELLED_RATE, new MeterView(framesLabelled));
        segmentsWritten = metrics.counter(MetricNames.SEGMENTS);
        errorRecords = metrics.counter(MetricNames.ERROR_RECORDS);
        streamsEnded = metrics.counter(MetricNames.STREAMS_ENDED);
    }

    @Override
    public void processElement(FrameRows rows, Context ctx, Collector<String> out) throws Exception {
        StreamLabels s = state.value();
        if (s == null) {
            s = new StreamLabels();
            s.mergers = new SegmentMerger.State[segmentLabels.length];
            for (int i = 0; i < segmentLabels.length; i++) s.mergers[i] = new SegmentMerger.State();
        }
        String stream = rows.stream;
        if (rows.kind == Kind.DATA) {
            int n = rows.frames();
            if (rows.cols != labels.size()) {
                throw new IllegalStateException("stream " + stream + ": " + rows.cols + " scores per frame, expected "
                        + labels.size() + " labels " + labels);
            }
            if (frames) {
                for (int f = 0; f < n; f++) {
                    long frame = rows.firstFrame + f;
                    out.collect(LabelJson.frame(stream, frame, frame * frameShiftSeconds, labels, rows.data,
                            f * rows.cols, decimals));
                }
            }
            for (int i = 0; i < segmentLabels.length; i++) {
                float[] col = new float[n];
                for (int f = 0; f < n; f++) col[f] = rows.data[f * rows.cols + segmentLabels[i]];
                s.segments += emit(stream, i, merger.accept(s.mergers[i], col), out);
            }
            s.frames += n;
            frameCounter.add((long) n);
            framesLabelled.inc(n);
            state.update(s);
            return;
        }
        for (int i = 0; i < segmentLabels.length; i++) {
            s.segments += emit(stream, i, merger.finish(s.mergers[i]), out);
        }
        streamsEnded.inc();
        if (rows.kind == Kind.ERROR) errorRecords.inc();
        if (rows.kind == Kind.ERROR) out.collect(LabelJson.error(stream, rows.error, s.frames * frameShiftSeconds));
        if (rows.kind == Kind.END && s.frames == 0) out.collect(LabelJson.noFrames(stream));
        if (rows.kind == Kind.END && s.frames > 0 && s.segments == 0 && !frames) {
            out.collect(LabelJson.noSegments(stream, s.frames, segmentLabelNames));
        }
        ctx.output(SUMMARIES, LabelJson.summary(stream, s.frames, s.frames * frameShiftSeconds, s.segments, rows.error));
        state.clear();
    }

    private int emit(String stream, int i, List<SegmentMerger.Segment> segments, Collector<String> out) {
        String label = labels.get(segmentLabels[i]);
        for (SegmentMerger.Segment seg : segments) {
            out.collect(LabelJson.segment(stream, label, seg.startFrame() * frameShiftSeconds,
                    seg.endFrame() * frameShiftSeconds, seg.score(), decimals));
        }
        segmentsWritten.inc(segments.size());
        return segments.size();
    }
}
