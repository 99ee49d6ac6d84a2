package io.qstream.cli;

import io.qstream.flink.source.KafkaPublisher;
import io.qstream.media.DecodeOptions;
import io.qstream.media.RawPcm;
import io.qstream.pipeline.KafkaProperties;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code qstream publish}: decodes a media file (or URL) and publishes it to a Kafka topic as one stream of raw PCM
 * records that a pipeline input of {@code type: kafka} reads ({@link KafkaPublisher}), paced at real time by default.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Decode media and publish it to Kafka as one stream of raw PCM records (for type: kafka inputs).")
public final class PublishCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", required = true, description = "Kafka brokers, host:port[,host:port].")
    String bootstrapServers;

    @Option(names = "--topic", required = true, description = "Topic to publish to.")
    String topic;

    @Option(names = "--input", required = true, description = "Media file or URL (anything FFmpeg reads).")
    String input;

    @Option(names = "--stream", description = "Stream id (the record key). Default: the input as given.")
    String stream;

    @Option(names = "--pace", defaultValue = "1",
            description = "Speed relative to media time: 1 = real time (default), 2 = twice as fast, 0 = as fast as possible.")
    double pace;

    @Option(names = "--format", defaultValue = "f32le",
            description = "PCM format of the records: f32le (the decoded samples exactly; default) or s16le.")
    String format;

    @Option(names = "--sample-rate", defaultValue = "16000",
            description = "Rate the input is resampled to, Hz; must be the pipeline's (default ${DEFAULT-VALUE}).")
    int sampleRate;

    @Option(names = "--chunk-samples", defaultValue = "1600", description = "Samples per record (default ${DEFAULT-VALUE}: 0.1 s).")
    int chunkSamples;

    @Option(names = "--no-end", description = "Do not send the end marker (the reader closes the stream on its idle timeout).")
    boolean noEnd;

    @Option(names = "--property", description = "Kafka producer property key=value (repeatable); values may be ${env:NAME} or ${file:/path}.")
    Map<String, String> properties = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (!(pace >= 0) || Double.isInfinite(pace)) throw new IllegalArgumentException("--pace: must be >= 0, got " + pace);
        RawPcm pcm;
        try {
            pcm = RawPcm.of(format);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--format: " + e.getMessage());
        }
        DecodeOptions decode = new DecodeOptions();
        decode.sampleRate = sampleRate;
        decode.chunkSamples = chunkSamples;
        decode.validate();
        String id = stream != null ? stream : input;
        try (KafkaPublisher publisher = new KafkaPublisher(bootstrapServers, KafkaProperties.resolve(properties, "--property"))) {
            KafkaPublisher.Published p = publisher.publish(input, decode, topic, id, pcm, pace, !noEnd);
            System.err.printf("qstream publish: %s -> %s/%s as stream %s: %d records, %.2f s of audio (%s, %d Hz)%n", input,
                    bootstrapServers, topic, id, p.records(), p.seconds(), pcm.id(), sampleRate);
        }
        return 0;
    }
}
