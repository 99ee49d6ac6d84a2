package io.qstream.pipeline;

import io.qstream.media.RawPcm;
import java.io.Serializable;
import java.util.Map;

/**
 * One input of {@code type: kafka} resolved for the job ({@link ResolvedPipeline#kafkaInputs}), built once from its
 * {@link KafkaInputSpec}: the source and its checkpoints never see the YAML. Immutable.
 *
 * @param name stream id prefix: a record with key K is stream {@code name/K}, or {@code K} when null
 * @param bootstrapServers {@code host:port[,...]}
 * @param topic topic(s), comma-separated; null when {@code topicPattern} is given
 * @param topicPattern regular expression of topics; null when {@code topic} is given
 * @param groupId consumer group id
 * @param startingOffsets {@code committed}, {@code earliest} or {@code latest}
 * @param stopAtLatest true: stop at the offsets that were the latest when the job started (bounded)
 * @param format PCM format of records without a format header; null = header required
 * @param inputSampleRate sample rate (Hz) of records without a rate header; 0 = header required
 * @param inputChannels channel count of records without a channels header; 0 = header required
 * @param sampleRate the rate the features need, Hz (records at another rate become error records)
 * @param idleTimeoutMillis processing time without a record after which an open stream is closed; 0 = never
 * @param properties Kafka consumer properties, secrets resolved ({@link KafkaProperties})
 */
public record KafkaInput(String name, String bootstrapServers, String topic, String topicPattern, String groupId,
                         String startingOffsets, boolean stopAtLatest, RawPcm format, int inputSampleRate, int inputChannels,
                         int sampleRate, long idleTimeoutMillis, Map<String, String> properties) implements Serializable {
    public KafkaInput {
        properties = Map.copyOf(properties);
    }

    /** The resolved form of input {@code in} (validated, type kafka); {@code at} names it in errors. */
    static KafkaInput of(PipelineSpec.Input in, String at) {
        KafkaInputSpec k = in.kafka;
        return new KafkaInput(in.name, k.bootstrapServers.trim(), blankToNull(k.topic), blankToNull(k.topicPattern),
                k.groupId, k.startingOffsets, k.stoppingOffsets.equals("latest"), k.format == null ? null : RawPcm.of(k.format),
                k.sampleRate, k.channels, in.decode.sampleRate,
                Math.round(PipelineSpec.seconds(k.idleTimeout, at + ".kafka.idle-timeout") * 1000),
                KafkaProperties.resolve(k.properties, at + ".kafka.properties"));
    }

    /** The stream id of a record with key {@code key}. */
    public String streamId(String key) {
        return name == null ? key : name + "/" + key;
    }

    /** What the input reads, for logs and job names: {@code kafka://servers/topic}. */
    public String describe() {
        return "kafka://" + bootstrapServers + "/" + (topic != null ? topic : "~" + topicPattern);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
