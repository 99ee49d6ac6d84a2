package io.qstream.flink.source;

import io.qstream.flink.record.MediaChunk;
import io.qstream.flink.record.MetricNames;
import io.qstream.flink.record.PcmRecord;
import io.qstream.media.RawPcm;
import io.qstream.pipeline.KafkaInput;

import java.util.List;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by stream id: a Kafka input's {@link PcmRecord}s in, the stream's {@link MediaChunk}s out, exactly as
 * {@link MediaSource} emits them for a decoded file: mono samples at int16 scale ({@link RawPcm#toMono}: more
 * channels downmixed to their mean), numbered from the stream's first sample, then END (the end marker) or ERROR.
 * Keyed state per stream: the samples delivered, whether it failed, and its idle timer.
 *
 * <ul>
 *   <li>A bad record (unknown format, a length that is not whole sample frames, a missing or unreadable header, a
 *       sample rate other than the features') ends its stream with an ERROR naming the record; that stream's later
 *       records are dropped until its end marker or idle timeout, and the other streams carry on.</li>
 *   <li>A stream with no record for {@link KafkaInput#idleTimeoutMillis} (processing time) is closed with END, so its
 *       open segments are flushed; so are the streams still open when a bounded input ends.</li>
 *   <li>A key that shows up again after its stream ended starts a new stream from sample 0.</li>
 * </ul>
 * Resampling is not done here (it would need the resampler's state across records): records must be at the
 * features' rate; {@code qstream publish} decodes and resamples files with FFmpeg before publishing.
 */
final class PcmStreamOperator extends AbstractStreamOperator<MediaChunk>
        implements OneInputStreamOperator<PcmRecord, MediaChunk>, Triggerable<String, VoidNamespace>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PcmStreamOperator.class);
    static final String STATE = "kafka-stream";

    /** Keyed state of one open stream (Flink POJO). */
    public static final class Position {
        /** Samples (per channel, after downmix) delivered so far. */
        public long samples;
        /** An ERROR was emitted: drop records until the end marker or idle timeout. */
        public boolean failed;
        /** Processing time of the pending idle timer, ms; 0 = none. */
        public long timer;

        public Position() {}
    }

    private final KafkaInput input;
    private transient ValueState<Position> state;
    private transient InternalTimerService<VoidNamespace> timers;
    /** Metrics ({@link MetricNames}); streams with state in this subtask. */
    private transient Counter records;
    private transient Counter badRecords;
    private transient long openStreams;

    PcmStreamOperator(KafkaInput input) {
        this.input = input;
    }

    @Override
    public void open() throws Exception {
        super.open();
        state = getPartitionedState(new ValueStateDescriptor<>(STATE, Position.class));
        timers = getInternalTimerService("kafka-idle", VoidNamespaceSerializer.INSTANCE, this);
        records = getMetricGroup().counter(MetricNames.KAFKA_RECORDS);
        badRecords = getMetricGroup().counter(MetricNames.KAFKA_BAD_RECORDS);
        try (var keys = getKeyedStateBackend().<VoidNamespace>getKeys(STATE, VoidNamespace.INSTANCE)) {
            openStreams = keys.count();
        }
        getMetricGroup().gauge(MetricNames.KAFKA_OPEN_STREAMS, () -> openStreams);
    }

    @Override
    public void processElement(StreamRecord<PcmRecord> element) throws Exception {
        PcmRecord r = element.getValue();
        records.inc();
        Position p = state.value();
        if (p == null) {
            p = new Position();
            openStreams++;
        }
        if (!p.failed) {
            String bad = check(r);
            if (bad != null) {
                LOG.warn("stream {}: {}", r.stream, bad);
                emit(MediaChunk.error(r.stream, p.samples, input.sampleRate(), "input " + input.describe() + ": " + bad));
                p.failed = true;
                badRecords.inc();
            } else if (r.bytes.length > 0) {
                float[] samples = RawPcm.of(r.format).toMono(r.bytes, r.channels);
                emit(MediaChunk.data(r.stream, p.samples, input.sampleRate(), samples));
                p.samples += samples.length;
            }
        }
        if (r.end) {
            if (!p.failed) emit(MediaChunk.end(r.stream, p.samples, input.sampleRate()));
            close(p);
            return;
        }
        if (input.idleTimeoutMillis() > 0) {
            if (p.timer != 0) timers.deleteProcessingTimeTimer(VoidNamespace.INSTANCE, p.timer);
            p.timer = timers.currentProcessingTime() + input.idleTimeoutMillis();
            timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, p.timer);
        }
        state.update(p);
    }

    /** Why the record cannot be taken, or null. Data-free end markers need no format. */
    private String check(PcmRecord r) {
        if (r.headerError != null) return r.headerError;
        if (r.bytes.length == 0) return null;
        String at = "record " + r.where + ": ";
        if (r.format == null) return at + "no " + KafkaPcm.FORMAT + " header and no kafka.format in the pipeline";
        RawPcm format;
        try {
            format = RawPcm.of(r.format);
        } catch (IllegalArgumentException e) {
            return at + e.getMessage();
        }
        if (r.sampleRate == 0) return at + "no " + KafkaPcm.SAMPLE_RATE + " header and no kafka.sample-rate in the pipeline";
        if (r.channels == 0) return at + "no " + KafkaPcm.CHANNELS + " header and no kafka.channels in the pipeline";
        if (r.sampleRate != input.sampleRate()) {
            return at + "audio at " + r.sampleRate + " Hz but the features need " + input.sampleRate()
                    + " Hz (records are not resampled; qstream publish resamples files)";
        }
        String length = format.checkLength(r.bytes.length, r.channels);
        return length == null ? null : at + length;
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        Position p = state.value();
        if (p == null || p.timer != timer.getTimestamp()) return;
        String stream = timer.getKey();
        LOG.info("stream {}: no record for {} ms (kafka.idle-timeout): closing it after {} samples", stream,
                input.idleTimeoutMillis(), p.samples);
        p.timer = 0;
        if (!p.failed) emit(MediaChunk.end(stream, p.samples, input.sampleRate()));
        close(p);
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) {}

    /** A bounded input ended (stopping-offsets: latest): streams still open end as if their input did. */
    @Override
    public void endInput() throws Exception {
        List<String> open;
        try (var keys = getKeyedStateBackend().<VoidNamespace>getKeys(STATE, VoidNamespace.INSTANCE)) {
            open = keys.map(k -> (String) k).sorted().toList();
        }
        for (String stream : open) {
            setCurrentKey(stream);
            Position p = state.value();
            if (p == null) continue;
            if (!p.failed) emit(MediaChunk.end(stream, p.samples, input.sampleRate()));
            close(p);
        }
    }

    private void close(Position p) {
        openStreams--;
        if (p.timer != 0) timers.deleteProcessingTimeTimer(VoidNamespace.INSTANCE, p.timer);
        state.clear();
    }

    private void emit(MediaChunk c) {
        output.collect(new StreamRecord<>(c, c.timestampMillis()));
    }
}
