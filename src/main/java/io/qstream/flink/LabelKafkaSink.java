package io.qstream.flink;

import io.qstream.pipeline.KafkaProperties;
import io.qstream.pipeline.PipelineSpec;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The labels to a Kafka topic through Flink's {@link KafkaSink}: each JSON line (the same records as the other
 * sinks) is one record, keyed by its stream id (so one stream's labels stay in order in one partition). With
 * {@code delivery: exactly-once} the writers use Kafka transactions committed when a checkpoint completes, so a
 * {@code read_committed} consumer sees every line once across failures and restores (and sees it up to a checkpoint
 * interval late); {@code at-least-once} flushes on checkpoints and may write lines again after a failure.
 */
final class LabelKafkaSink {
    /**
     * Producer transaction timeout unless the pipeline sets {@code transaction.timeout.ms}: 15 min, the broker's
     * default maximum, so a transaction survives a restart that takes a while (Kafka's client default is 1 min).
     */
    static final String TRANSACTION_TIMEOUT_MS = "900000";

    private LabelKafkaSink() {}

    static KafkaSink<String> of(PipelineSpec.Sink sink) {
        Properties props = new Properties();
        props.putAll(KafkaProperties.resolve(sink.properties, "sink.properties"));
        boolean exactlyOnce = sink.delivery.equals("exactly-once");
        if (exactlyOnce) props.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        String topic = sink.topic;
        KafkaSinkBuilder<String> b = KafkaSink.<String>builder()
                .setKafkaProducerConfig(props)
                .setBootstrapServers(sink.bootstrapServers)
                .setRecordSerializer((KafkaRecordSerializationSchema<String>) (line, context, timestamp) ->
                        new ProducerRecord<>(topic, null, timestamp, StdoutSink.streamOf(line).getBytes(StandardCharsets.UTF_8),
                                line.getBytes(StandardCharsets.UTF_8)))
                .setDeliveryGuarantee(exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE);
        if (exactlyOnce) b.setTransactionalIdPrefix(sink.transactionalIdPrefix);
        return b.build();
    }
}
