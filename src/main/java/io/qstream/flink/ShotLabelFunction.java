package io.qstream.flink;

import io.qstream.flink.record.FrameRows;
import io.qstream.flink.record.Kind;
import io.qstream.labels.LabelJson;

import io.qstream.labels.ShotLabelOptions;
import io.qstream.labels.ShotLabels;
import io.qstream.labels.ShotSegmenter;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by stream id, video tracks: shot-model scores {@code [frames, 3]} (labels {@link ShotLabels#LABELS}:
 * none, cut, gradual) with per-frame times in, JSON Lines out ({@link LabelJson}): a frame record per frame when
 * enabled ({@code t} = the frame's presentation time), and shot segments from a {@link ShotSegmenter} on the
 * per-frame arg-max label: {@code shot} from the stream start, a cut, or the end of a gradual transition up to the
 * next boundary, and {@code gradual} over a run of gradual frames. A segment's {@code score} is the mean, over its
 * frames, of the probability of the label each frame got (how sure the model was). At END/ERROR the open segment
 * ends at the stream's end time, an ERROR becomes an error record, a summary goes to {@link LabelFunction#SUMMARIES}
 * (same form as audio streams) and the state is cleared. All state is a keyed POJO, so output is independent of
 * chunking and restores.
 */
public final class ShotLabelFunction extends KeyedProcessFunction<String, FrameRows, String> {
    private static final long serialVersionUID = 1L;

    /** Keyed state of one stream (Flink POJO). */
    public static final class StreamShots implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        public ShotSegmenter.State segmenter = new ShotSegmenter.State();
        public long frames;
        public long segments;
        /** Time of the last frame seen, seconds (end time of an ERROR without one). */
        public double lastSeconds;

        public StreamShots() {}
    }

    private final List<String> labels;
    private final boolean frames;
    private final int decimals;
    private final double minShotSeconds;

    private transient ValueState<StreamShots> state;
    private transient LongCounter frameCounter;

    /** @throws IllegalArgumentException unless the labels are {@link ShotLabels#LABELS} in that order */
    public ShotLabelFunction(ShotLabelOptions options) {
        if (!ShotLabels.LABELS.equals(options.labels())) {
            throw new IllegalArgumentException("a shot model's labels must be " + ShotLabels.LABELS + ", got "
                    + options.labels());
        }
        this.labels = options.labels();
        this.frames = options.frames();
        this.decimals = options.scoreDecimals();
        this.minShotSeconds = options.minShotSeconds();
        new ShotSegmenter(minShotSeconds, new ShotSegmenter.State()); // validates the minimum up front
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("shot-labels", StreamShots.class));
        frameCounter = getRuntimeContext().getLongCounter(LabelFunction.FRAMES);
    }

    @Override
    public void processElement(FrameRows rows, Context ctx, Collector<String> out) throws Exception {
        StreamShots s = state.value();
        if (s == null) s = new StreamShots();
        String stream = rows.stream;
        ShotSegmenter segmenter = new ShotSegmenter(minShotSeconds, s.segmenter);
        if (rows.kind == Kind.DATA) {
            int n = rows.frames();
            if (rows.cols != labels.size() || rows.times.length != n) {
                throw new IllegalStateException("stream " + stream + ": " + rows.cols + " scores and " + rows.times.length
                        + " times for " + n + " frames, expected " + labels.size() + " scores " + labels + " per frame");
            }
            for (int f = 0; f < n; f++) {
                long frame = rows.firstFrame + f;
                double t = rows.times[f];
                int off = f * rows.cols;
                if (frames) out.collect(LabelJson.frame(stream, frame, t, labels, rows.data, off, decimals));
                int best = 0;
                for (int j = 1; j < rows.cols; j++) if (rows.data[off + j] > rows.data[off + best]) best = j;
                for (ShotSegmenter.Segment seg : segmenter.accept(best, t, rows.data[off + best])) emit(stream, seg, s, out);
                s.lastSeconds = t;
            }
            s.segmenter = segmenter.state();
            s.frames += n;
            frameCounter.add((long) n);
            state.update(s);
            return;
        }
        double end = rows.hasTimes() ? rows.times[0] : s.lastSeconds;
        for (ShotSegmenter.Segment seg : segmenter.finish(end)) emit(stream, seg, s, out);
        if (rows.kind == Kind.ERROR) out.collect(LabelJson.error(stream, rows.error, end));
        ctx.output(LabelFunction.SUMMARIES, LabelJson.summary(stream, s.frames, end, s.segments, rows.error));
        state.clear();
    }

    private void emit(String stream, ShotSegmenter.Segment seg, StreamShots s, Collector<String> out) {
        out.collect(LabelJson.segment(stream, seg.label(), seg.start(), seg.end(), seg.score(), decimals));
        s.segments++;
    }
}
