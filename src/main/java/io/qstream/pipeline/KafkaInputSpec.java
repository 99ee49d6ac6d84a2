package io.qstream.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code kafka:} block of an input of {@code type: kafka}: live audio from a Kafka topic, one record per chunk of
 * one stream (key = stream id, value = raw PCM, see {@code io.qstream.flink.source.KafkaPcm} for the headers).
 * Every default is here. Checked by {@link #validate}; resolved into a {@link KafkaInput} by {@link ResolvedPipeline}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class KafkaInputSpec implements Serializable {
    private static final long serialVersionUID = 1L;
    /** {@code host:port[,host:port...]}. Required. */
    public String bootstrapServers;
    /** Topic to read (or several, comma-separated); give this or {@code topic-pattern}. */
    public String topic;
    /** Java regular expression of topics to read (new matching topics are picked up). */
    public String topicPattern;
    /** Consumer group id; offsets are committed to it on checkpoints (for monitoring; restores use the checkpoint). */
    public String groupId = "qstream";
    /**
     * Where a job that does not restore from a checkpoint starts: {@code committed} (the group's committed offsets,
     * earliest where it has none), {@code earliest} or {@code latest}.
     */
    public String startingOffsets = "committed";
    /**
     * {@code none}: read until the job is cancelled (a live source); {@code latest}: stop at the offsets that were
     * the latest when the job started (replays, tests), closing streams still open then as if their input ended.
     */
    public String stoppingOffsets = "none";
    /** PCM format of records without a {@code qstream-format} header: {@code s16le} or {@code f32le}; null = header required. */
    public String format = null;
    /** Sample rate (Hz) of records without a {@code qstream-sample-rate} header; 0 = header required. */
    public int sampleRate = 0;
    /** Channel count of records without a {@code qstream-channels} header; 0 = header required. */
    public int channels = 0;
    /**
     * A stream whose records stop without an end marker is closed (as if ended: open segments are flushed) after
     * this long without a record (processing time); 0 = never.
     */
    public String idleTimeout = "30s";
    /**
     * Kafka client properties passed to the consumer as they are (SASL, TLS, timeouts). A value may be
     * {@code ${env:NAME}} (an environment variable) or {@code ${file:/path}} (a file's content, trimmed), so secrets
     * stay out of the YAML; see {@link KafkaProperties}.
     */
    public Map<String, String> properties = new LinkedHashMap<>();

    /** Checks the block of input {@code at} (e.g. {@code pipeline p: inputs[0]}). */
    void validate(String at) {
        String k = at + ".kafka.";
        if (bootstrapServers == null || bootstrapServers.isBlank()) throw new IllegalArgumentException(k + "bootstrap-servers: required");
        boolean hasTopic = topic != null && !topic.isBlank();
        boolean hasPattern = topicPattern != null && !topicPattern.isBlank();
        if (hasTopic == hasPattern) throw new IllegalArgumentException(at + ".kafka: give exactly one of topic and topic-pattern");
        if (hasPattern) {
            try {
                java.util.regex.Pattern.compile(topicPattern);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new IllegalArgumentException(k + "topic-pattern: not a regular expression: " + e.getDescription());
            }
        }
        if (groupId == null || groupId.isBlank()) throw new IllegalArgumentException(k + "group-id: required (default qstream)");
        startingOffsets = oneOf(k + "starting-offsets", startingOffsets, "committed", "earliest", "latest");
        stoppingOffsets = oneOf(k + "stopping-offsets", stoppingOffsets, "none", "latest");
        if (format != null) {
            try {
                io.qstream.media.RawPcm.of(format);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(k + "format: " + e.getMessage());
            }
        }
        if (sampleRate < 0) throw new IllegalArgumentException(k + "sample-rate: must be >= 0 (0 = from headers), got " + sampleRate);
        if (channels < 0 || channels > 64) throw new IllegalArgumentException(k + "channels: must be 0..64 (0 = from headers), got " + channels);
        PipelineSpec.seconds(idleTimeout, k + "idle-timeout");
        if (properties == null) properties = new LinkedHashMap<>();
    }

    private static String oneOf(String key, String value, String... allowed) {
        String v = value == null ? allowed[0] : value.trim().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) return v;
        }
        throw new IllegalArgumentException(key + ": must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
    }
}
