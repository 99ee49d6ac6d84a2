package io.qstream.flink;

import io.qstream.flink.record.MetricNames;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

import io.qstream.flink.record.FrameRows;
import io.qstream.flink.record.Kind;
import io.qstream.pipeline.BatchOptions;
import io.qstream.pipeline.ModelLoader;

import io.qstream.arrays.FloatMatrix;
import io.qstream.qrnn.QrnnModel;
import io.qstream.qrnn.QrnnState;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keyed by stream id: runs the QRNN over feature rows, batching many streams into one
 * {@link QrnnModel#forward} call (a "bundle" operator, since async functions cannot use keyed state).
 *
 * <p>Incoming rows are buffered per stream in keyed {@link ListState} (so they are in every checkpoint and
 * nothing is lost on failure). A flush runs the model once for every stream with buffered rows and writes each
 * stream's {@link QrnnState} back to its keyed {@link ValueState}. It happens when {@code maxStreams} streams or
 * {@code maxFrames} frames are waiting, when a stream's processing-time timer ({@code maxDelayMillis} after its
 * first waiting row) fires, before a stream's END/ERROR marker is passed on, and at end of input. After a
 * stream's marker none of its state or timers remain. Output: {@link FrameRows} of head scores
 * {@code [frames, labels]} with the same frame indices (and, for video, the same per-frame times) as the input.
 *
 * <p>The set of streams with waiting rows is kept in memory and rebuilt from the keyed state on restore
 * ({@code getKeys}), so it follows key groups when the job is rescaled.
 */
public final class QrnnOperator extends AbstractStreamOperator<FrameRows>
        implements OneInputStreamOperator<FrameRows, FrameRows>, Triggerable<String, VoidNamespace> {
    /** Metrics ({@link MetricNames}): calls, frames and streams per call, call time. */
    private transient Counter callCounter;
    private transient Histogram framesPerCall;
    private transient Histogram streamsPerCall;
    private transient Histogram callMicros;
    private static final long serialVersionUID = 1L;
    static final String PENDING = "qrnn-pending-rows";

    private final ModelLoader modelLoader;
    private final BatchOptions batch;
    /** Seconds between frames for the output's event time; NaN when every row carries its own time (video). */
    private final double frameShiftSeconds;

    private transient QrnnModel model;
    private transient ListState<FrameRows> pending;
    private transient ValueState<QrnnState> qrnnState;
    /** Processing time of the stream's pending flush timer, so it can be deleted when flushed earlier. */
    private transient ValueState<Long> timer;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient Set<String> pendingStreams;
    private transient long pendingFrames;
    private transient long modelCalls;

    private QrnnOperator(ModelLoader modelLoader, BatchOptions batch, double frameShiftSeconds) {
        this.modelLoader = modelLoader;
        this.batch = batch;
        this.frameShiftSeconds = frameShiftSeconds;
    }

    /**
     * For evenly spaced frames (audio): frame {@code i}'s event time is {@code i * frameShiftSeconds}.
     *
     * @param modelLoader gives the model; called by every subtask in {@link #open}
     */
    public static QrnnOperator evenlySpaced(ModelLoader modelLoader, BatchOptions batch, double frameShiftSeconds) {
        if (!(frameShiftSeconds > 0)) throw new IllegalArgumentException("frame shift must be > 0 s, got " + frameShiftSeconds);
        return new QrnnOperator(modelLoader, batch, frameShiftSeconds);
    }

    /** For rows that carry each frame's time (video): the output's event time is the first row's time. */
    public static QrnnOperator timedRows(ModelLoader modelLoader, BatchOptions batch) {
        return new QrnnOperator(modelLoader, batch, Double.NaN);
    }

    @Override
    public void open() throws Exception {
        super.open();
        oneMathThreadUnlessConfigured(System.getenv("OMP_NUM_THREADS"));
        model = modelLoader.load();
        var metrics = getMetricGroup();
        callCounter = metrics.counter(MetricNames.MODEL_CALLS);
        framesPerCall = metrics.histogram(MetricNames.FRAMES_PER_CALL, new DescriptiveStatisticsHistogram(MetricNames.HISTOGRAM_WINDOW));
        streamsPerCall = metrics.histogram(MetricNames.STREAMS_PER_CALL, new DescriptiveStatisticsHistogram(MetricNames.HISTOGRAM_WINDOW));
        callMicros = metrics.histogram(MetricNames.MODEL_CALL_MICROS, new DescriptiveStatisticsHistogram(MetricNames.HISTOGRAM_WINDOW));
        pending = getPartitionedState(new ListStateDescriptor<>(PENDING, FrameRows.class));
        qrnnState = getPartitionedState(new ValueStateDescriptor<>("qrnn-state", QrnnState.class));
        timer = getPartitionedState(new ValueStateDescriptor<>("qrnn-flush-timer", Long.class));
        timers = getInternalTimerService("qrnn-flush", VoidNamespaceSerializer.INSTANCE, this);
        pendingStreams = new LinkedHashSet<>();
        pendingFrames = 0;
        List<String> restored;
        try (var keys = getKeyedStateBackend().<VoidNamespace>getKeys(PENDING, VoidNamespace.INSTANCE)) {
            restored = keys.map(k -> (String) k).toList();
        }
        Object current = getCurrentKey();
        for (String key : restored) {
            setCurrentKey(key);
            for (FrameRows r : pending.get()) pendingFrames += r.frames();
            pendingStreams.add(key);
        }
        if (current != null) setCurrentKey(current);
    }

    @Override
    public void processElement(StreamRecord<FrameRows> element) throws Exception {
        FrameRows rows = element.getValue();
        String stream = (String) getCurrentKey();
        if (rows.kind == Kind.DATA) {
            if (rows.frames() == 0) return;
            if (rows.cols != model.inputDim()) {
                throw new IllegalStateException("stream " + stream + ": feature rows have " + rows.cols
                        + " values, the model expects " + model.inputDim());
            }
            pending.add(rows);
            pendingFrames += rows.frames();
            if (pendingStreams.add(stream)) {
                long at = timers.currentProcessingTime() + batch.maxDelayMillis();
                timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, at);
                timer.update(at);
            }
            if (pendingStreams.size() >= batch.maxStreams() || pendingFrames >= batch.maxFrames()) flush();
        } else {
            if (pendingStreams.contains(stream)) flush();
            qrnnState.clear();
            output.collect(new StreamRecord<>(rows, timestampOf(rows)));
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> t) throws Exception {
        timer.clear();
        flush();
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> t) {}

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    /** Number of batched model calls so far (for tests and metrics). */
    long modelCalls() { return modelCalls; }

    /** Frames waiting for the next model call, over all streams of this subtask: below max-frames after each record. */
    long bufferedFrames() { return pendingFrames; }

    /** One model call for every stream with waiting rows; then states written back, buffers and timers cleared. */
    private void flush() throws Exception {
        if (pendingStreams.isEmpty()) return;
        Object current = getCurrentKey();
        List<String> streams = new ArrayList<>(pendingStreams);
        List<FrameRows> rows = new ArrayList<>(streams.size());
        List<FloatMatrix> inputs = new ArrayList<>(streams.size());
        List<QrnnState> states = new ArrayList<>(streams.size());
        for (String stream : streams) {
            setCurrentKey(stream);
            List<FrameRows> blocks = new ArrayList<>();
            for (FrameRows r : pending.get()) blocks.add(r);
            FrameRows all = FrameRows.concat(blocks);
            rows.add(all);
            inputs.add(all.matrix());
            QrnnState s = qrnnState.value();
            states.add(s != null ? s : model.newState());
        }
        long t0 = System.nanoTime();
        List<FloatMatrix> outputs = model.forward(inputs, states);
        callMicros.update((System.nanoTime() - t0) / 1000);
        modelCalls++;
        callCounter.inc();
        streamsPerCall.update(streams.size());
        framesPerCall.update(pendingFrames);
        for (int b = 0; b < streams.size(); b++) {
            String stream = streams.get(b);
            setCurrentKey(stream);
            qrnnState.update(states.get(b));
            pending.clear();
            Long at = timer.value();
            if (at != null) {
                timers.deleteProcessingTimeTimer(VoidNamespace.INSTANCE, at);
                timer.clear();
            }
            FrameRows in = rows.get(b);
            FrameRows scores = in.hasTimes() ? FrameRows.data(stream, in.firstFrame, outputs.get(b), in.times)
                    : FrameRows.data(stream, in.firstFrame, outputs.get(b));
            output.collect(new StreamRecord<>(scores, timestampOf(in)));
        }
        pendingStreams.clear();
        pendingFrames = 0;
        if (current != null) setCurrentKey(current);
    }

    /** Event time of a block: its first frame's time, carried by the rows or from the frame shift. */
    private long timestampOf(FrameRows rows) {
        if (rows.hasTimes()) return (long) Math.floor(rows.times[0] * 1000);
        if (Double.isNaN(frameShiftSeconds)) {
            throw new IllegalStateException("stream " + rows.stream + ": rows without frame times reached a model"
                    + " operator for timed rows");
        }
        return Math.round(rows.firstFrame * frameShiftSeconds * 1000);
    }

    /**
     * One BLAS/OpenMP thread per model call unless {@code OMP_NUM_THREADS} says otherwise: Flink's parallelism
     * already spreads the streams over the cores, and BLAS threads on top of it contend with the other tasks
     * (measured on a 2-core machine, 100 streams, parallelism 2: the whole job 1.25-1.3x slower with 2 BLAS threads).
     * Process-wide, which is what a TaskManager or an embedded run wants. Our launchers already export
     * {@code OMP_NUM_THREADS=1}; this covers jobs started without them.
     */
    static void oneMathThreadUnlessConfigured(String ompNumThreads) {
        if (ompNumThreads != null) return;
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.factory().blas().setMaxThreads(1);
    }
}
