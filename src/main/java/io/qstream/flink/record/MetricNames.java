package io.qstream.flink.record;

/**
 * Names of the Flink metrics the job's operators register (in each operator's metric group, so a reporter shows
 * them per task, e.g. {@code flink_taskmanager_job_task_operator_qstream_framesLabelled}). In one place so that
 * dashboards, the README and the tests agree.
 */
public final class MetricNames {
    /** Label operators: frames labelled (counter) and their rate (meter, per second over 60 s). */
    public static final String FRAMES_LABELLED = "qstream_framesLabelled";
    public static final String FRAMES_LABELLED_RATE = "qstream_framesLabelledPerSecond";
    /** Label operators: segment records written (counter). */
    public static final String SEGMENTS = "qstream_segments";
    /** Label operators: streams ended by an error record (counter). */
    public static final String ERROR_RECORDS = "qstream_errorRecords";
    /** Label operators: streams finished, normally or not (counter). */
    public static final String STREAMS_ENDED = "qstream_streamsEnded";
    /** Model operators: batched model calls (counter). */
    public static final String MODEL_CALLS = "qstream_modelCalls";
    /** Model operators: frames and streams per call, and call time in microseconds (histograms, last 1024 calls). */
    public static final String FRAMES_PER_CALL = "qstream_framesPerCall";
    public static final String STREAMS_PER_CALL = "qstream_streamsPerCall";
    public static final String MODEL_CALL_MICROS = "qstream_modelCallMicros";
    /** Kafka inputs: records read, bad records (counters) and streams open in this subtask (gauge). */
    public static final String KAFKA_RECORDS = "qstream_kafkaRecords";
    public static final String KAFKA_BAD_RECORDS = "qstream_kafkaBadRecords";
    public static final String KAFKA_OPEN_STREAMS = "qstream_kafkaOpenStreams";
    /** Window of the histograms: the last this many values. */
    public static final int HISTOGRAM_WINDOW = 1024;

    private MetricNames() {}
}
