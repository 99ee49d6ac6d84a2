package io.qstream.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.media.RawPcm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs of {@code type: kafka}, the Kafka sink and their properties: parsed, checked, resolved. */
class KafkaPipelineSpecTest {
    private static final String INPUT = "inputs: [{type: kafka, kafka: {bootstrap-servers: 'h:9092', topic: audio}}]\n";

    private static IllegalArgumentException fails(String yaml) {
        return assertThrows(IllegalArgumentException.class, () -> PipelineSpec.parse("model: m\n" + yaml, "k.yaml"));
    }

    @Test
    void aKafkaInputGetsItsDocumentedDefaults() {
        PipelineSpec s = PipelineSpec.parse("model: m\n" + INPUT, "k.yaml");
        PipelineSpec.Input in = s.inputs.get(0);
        assertTrue(PipelineSpec.isKafka(in));
        KafkaInput k = KafkaInput.of(in, "k");
        assertEquals("h:9092", k.bootstrapServers());
        assertEquals("audio", k.topic());
        assertNull(k.topicPattern());
        assertEquals("qstream", k.groupId());
        assertEquals("committed", k.startingOffsets());
        assertFalse(k.stopAtLatest());
        assertNull(k.format());
        assertEquals(0, k.inputSampleRate());
        assertEquals(16000, k.sampleRate());
        assertEquals(30_000, k.idleTimeoutMillis());
        assertEquals("a/b", new KafkaInput("a", "h", "t", null, "g", "earliest", false, null, 0, 0, 16000, 0, Map.of()).streamId("b"));
        assertEquals("b", k.streamId("b"));
    }

    @Test
    void theFullKafkaBlockIsRead() {
        PipelineSpec s = PipelineSpec.parse("model: m\ninputs: [{type: kafka, name: live, kafka: {bootstrap-servers: 'a:1,b:2',"
                + " topic-pattern: 'audio-.*', group-id: g, starting-offsets: LATEST, stopping-offsets: latest, format: F32LE,"
                + " sample-rate: 16000, channels: 2, idle-timeout: 500ms, properties: {security.protocol: SSL}}}]\n"
                + "sink: {type: kafka, bootstrap-servers: 'a:1', topic: labels, delivery: at-least-once}\n", "k.yaml");
        KafkaInput k = KafkaInput.of(s.inputs.get(0), "k");
        assertEquals("audio-.*", k.topicPattern());
        assertEquals("latest", k.startingOffsets());
        assertTrue(k.stopAtLatest());
        assertEquals(RawPcm.F32LE, k.format());
        assertEquals(2, k.inputChannels());
        assertEquals(500, k.idleTimeoutMillis());
        assertEquals(Map.of("security.protocol", "SSL"), k.properties());
        assertEquals("live/x", k.streamId("x"));
        assertEquals("at-least-once", s.sink.delivery);
        assertEquals("qstream", s.sink.transactionalIdPrefix);
    }

    @Test
    void badKafkaBlocksAreErrorsNamingTheKey() {
        assertTrue(fails("inputs: [{type: kafka}]").getMessage().contains("inputs[0]: type kafka needs a kafka: block"));
        assertTrue(fails("inputs: [{type: kafka, kafka: {topic: a}}]").getMessage().contains("inputs[0].kafka.bootstrap-servers: required"));
        assertTrue(fails("inputs: [{type: kafka, kafka: {bootstrap-servers: h, topic: a, topic-pattern: b}}]").getMessage()
                .contains("exactly one of topic and topic-pattern"));
        assertTrue(fails("inputs: [{type: kafka, kafka: {bootstrap-servers: h, topic-pattern: '('}}]").getMessage()
                .contains("kafka.topic-pattern: not a regular expression"));
        assertTrue(fails("inputs: [{type: kafka, kafka: {bootstrap-servers: h, topic: a, format: u8}}]").getMessage()
                .contains("kafka.format: unknown PCM format 'u8'"));
        assertTrue(fails("inputs: [{type: kafka, kafka: {bootstrap-servers: h, topic: a, starting-offsets: first}}]").getMessage()
                .contains("kafka.starting-offsets: must be one of committed, earliest, latest"));
        assertTrue(fails("inputs: [{type: kafka, kafka: {bootstrap-servers: h, topic: a, idle-timeout: soon}}]").getMessage()
                .contains("kafka.idle-timeout"));
        assertTrue(fails("inputs: [{type: kafka, track: video, kafka: {bootstrap-servers: h, topic: a}}]").getMessage()
                .contains("type kafka carries audio only"));
        assertTrue(fails("inputs: [{type: kafka, uri: x.wav, kafka: {bootstrap-servers: h, topic: a}}]").getMessage()
                .contains("inputs[0].uri: not used by type kafka"));
        assertTrue(fails("inputs: [{type: tcp, uri: x}]").getMessage().contains("inputs[0].type: must be media or kafka"));
        assertTrue(fails(INPUT + "sink: {type: kafka, topic: t}").getMessage().contains("sink.bootstrap-servers: required"));
        assertTrue(fails(INPUT + "sink: {type: kafka, bootstrap-servers: h}").getMessage().contains("sink.topic: required"));
        assertTrue(fails(INPUT + "sink: {type: kafka, bootstrap-servers: h, topic: t, delivery: maybe}").getMessage()
                .contains("sink.delivery: must be exactly-once or at-least-once"));
    }

    @Test
    void secretsComeFromTheEnvironmentOrAFileUnlessKafkaConfigProvidersAreUsed(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("pw"), "s3cret\n");
        Map<String, String> given = new LinkedHashMap<>();
        given.put("sasl.jaas.config", "user=\"${env:KUSER}\" password=\"${file:" + secret + "}\";");
        given.put("plain", "as is");
        Map<String, String> r = KafkaProperties.resolve(given, "p", name -> name.equals("KUSER") ? "alice" : null);
        assertEquals("user=\"alice\" password=\"s3cret\";", r.get("sasl.jaas.config"));
        assertEquals("as is", r.get("plain"));
        var missing = assertThrows(IllegalArgumentException.class,
                () -> KafkaProperties.resolve(Map.of("x", "${env:NOPE}"), "p", name -> null));
        assertEquals("p.x: environment variable NOPE is not set", missing.getMessage());
        var unreadable = assertThrows(IllegalArgumentException.class,
                () -> KafkaProperties.resolve(Map.of("x", "${file:" + dir.resolve("none") + "}"), "p", name -> null));
        assertTrue(unreadable.getMessage().startsWith("p.x: cannot read secret file"), unreadable.getMessage());
        Map<String, String> providers = Map.of("config.providers", "file", "y", "${file:/etc/k.properties:pw}");
        assertEquals(providers, KafkaProperties.resolve(providers, "p", name -> null));
    }
}
