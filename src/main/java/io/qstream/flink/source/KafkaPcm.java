package io.qstream.flink.source;

import io.qstream.flink.record.MediaChunk;
import io.qstream.flink.record.PcmRecord;
import io.qstream.pipeline.KafkaInput;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.header.Header;

/**
 * Live audio from Kafka, through Flink's own connector ({@link KafkaSource}; partition offsets are part of Flink's
 * checkpoints, so a restore neither loses nor repeats a record). The record format: key = stream id (UTF-8), value =
 * raw interleaved little-endian PCM ({@code s16le} or {@code f32le}), headers {@value #FORMAT}, {@value #SAMPLE_RATE}
 * and {@value #CHANNELS} (or the input's defaults from the pipeline), and {@value #END} on the record that ends the
 * stream (its value may be empty). One stream's records must go to one partition (the default partitioner does so by
 * key), so they arrive in order. {@link #stream} turns them into the {@link MediaChunk}s every keyed operator takes,
 * through {@link PcmStreamOperator}.
 */
public final class KafkaPcm {
    /** Header: PCM format, {@code s16le} or {@code f32le}. */
    public static final String FORMAT = "qstream-format";
    /** Header: sample rate, Hz (decimal text). */
    public static final String SAMPLE_RATE = "qstream-sample-rate";
    /** Header: channel count (decimal text); channels are interleaved. */
    public static final String CHANNELS = "qstream-channels";
    /** Header: present on the stream's last record (any value). */
    public static final String END = "qstream-end";

    private KafkaPcm() {}

    /**
     * The input's chunks, keyed by stream: {@code KafkaSource → keyBy(stream) → PcmStreamOperator}, with uids
     * {@code kafka-<index>} and {@code kafka-streams-<index>} ({@code index} = the input's place among the Kafka inputs).
     */
    public static DataStream<MediaChunk> stream(StreamExecutionEnvironment env, KafkaInput input, int index) {
        return env.fromSource(source(input, index), WatermarkStrategy.noWatermarks(), "kafka-" + index + " " + input.describe())
                .uid("kafka-" + index)
                .keyBy(r -> r.stream, Types.STRING)
                .transform("kafka-streams-" + index, TypeInformation.of(MediaChunk.class), new PcmStreamOperator(input))
                .uid("kafka-streams-" + index);
    }

    /** Flink's Kafka source for the input: its topics, group, starting (and stopping) offsets and client properties. */
    public static KafkaSource<PcmRecord> source(KafkaInput input, int index) {
        Properties props = new Properties();
        props.putAll(input.properties());
        KafkaSourceBuilder<PcmRecord> b = KafkaSource.<PcmRecord>builder()
                .setProperties(props)
                .setBootstrapServers(input.bootstrapServers())
                .setGroupId(input.groupId())
                .setClientIdPrefix("qstream-kafka-" + index)
                .setDeserializer(new Deserializer(input));
        if (input.topic() != null) b.setTopics(Arrays.stream(input.topic().split(",")).map(String::trim).toList());
        else b.setTopicPattern(Pattern.compile(input.topicPattern()));
        b.setStartingOffsets(switch (input.startingOffsets()) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            default -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        });
        if (input.stopAtLatest()) b.setBounded(OffsetsInitializer.latest());
        return b.build();
    }

    /** Record → {@link PcmRecord}: key to stream id, headers (else the input's defaults) to format, rate, channels. */
    static final class Deserializer implements KafkaRecordDeserializationSchema<PcmRecord> {
        private static final long serialVersionUID = 1L;
        private final KafkaInput input;

        Deserializer(KafkaInput input) {
            this.input = input;
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<PcmRecord> out) {
            out.collect(read(input, record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                    record.headers()::lastHeader));
        }

        @Override
        public TypeInformation<PcmRecord> getProducedType() {
            return TypeInformation.of(PcmRecord.class);
        }
    }

    /** The {@link PcmRecord} of one Kafka record; {@code header} looks a header up by name (null = absent). */
    static PcmRecord read(KafkaInput input, String topic, int partition, long offset, byte[] key, byte[] value,
                          java.util.function.Function<String, Header> header) {
        PcmRecord r = new PcmRecord();
        r.where = topic + "-" + partition + "@" + offset;
        if (key == null) {
            r.stream = input.streamId(topic + "-" + partition);
            r.headerError = "record " + r.where + " has no key (the key is the stream id)";
            return r;
        }
        r.stream = input.streamId(new String(key, StandardCharsets.UTF_8));
        r.bytes = value == null ? new byte[0] : value;
        r.end = header.apply(END) != null;
        String format = text(header.apply(FORMAT));
        r.format = format != null ? format : input.format() == null ? null : input.format().id();
        try {
            r.sampleRate = number(header.apply(SAMPLE_RATE), SAMPLE_RATE, input.inputSampleRate());
            r.channels = number(header.apply(CHANNELS), CHANNELS, input.inputChannels());
        } catch (IllegalArgumentException e) {
            r.headerError = "record " + r.where + ": " + e.getMessage();
        }
        return r;
    }

    private static String text(Header h) {
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8).trim();
    }

    private static int number(Header h, String name, int fallback) {
        String t = text(h);
        if (t == null) return fallback;
        try {
            int v = Integer.parseInt(t);
            if (v <= 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("header " + name + " is '" + t + "', not a positive whole number");
        }
    }
}
