package io.qstream.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineSpecTest {

    private static IllegalArgumentException fails(String yaml) {
        return assertThrows(IllegalArgumentException.class, () -> PipelineSpec.parse(yaml, "t.yaml"));
    }

    @Test
    void minimalSpecGetsDocumentedDefaults() {
        PipelineSpec s = PipelineSpec.parse("model: m\ninputs: [{uri: a.wav}]\n", "t.yaml");
        assertEquals("m", s.model);
        assertEquals(1, s.inputs.size());
        assertEquals(16000, s.inputs.get(0).decode.sampleRate);
        assertEquals(4000, s.inputs.get(0).decode.chunkSamples);
        assertNull(s.features);
        assertFalse(s.cmvn.enabled);
        assertEquals(64, s.batch.maxStreams);
        assertEquals(4096, s.batch.maxFrames);
        assertEquals(20, s.maxDelayMillis());
        assertEquals("stdout", s.sink.type);
        assertEquals("hashmap", s.checkpointing.backend);
        assertEquals(2000, s.checkpointIntervalMillis());
        assertEquals(1, s.parallelism);
        assertFalse(s.labels.frames);
    }

    @Test
    void fullSpecIsRead() {
        PipelineSpec s = PipelineSpec.parse("""
                inputs:
                  - uri: rtsp://cam/1
                    name: cam1
                    pace: 1
                    decode: {sample-rate: 8000, timeout-seconds: 3, ffmpeg-options: {rtsp_transport: tcp}}
                features: {type: fbank, num-mel-bins: 23}
                cmvn: {enabled: true, cmn-window: 300, normalize-variance: true}
                model: models/vad.zip
                labels:
                  frames: true
                  segment-labels: [speech]
                  smoothing: {on-threshold: 0.7, off-threshold: 0.3, min-segment: 250ms, min-gap: 0.5}
                batch: {max-streams: 8, max-frames: 100, max-delay: 5ms}
                sink: {type: file, path: out}
                checkpointing: {interval: 1min, backend: RocksDB, dir: ck}
                parallelism: 4
                """, "t.yaml");
        assertEquals("cam1", s.inputs.get(0).name);
        assertEquals("tcp", s.inputs.get(0).decode.ffmpegOptions.get("rtsp_transport"));
        assertEquals(23, s.features.get("num-mel-bins"));
        assertEquals(300, s.cmvn.cmnWindow);
        assertEquals(0.25, s.minSegmentSeconds(), 1e-12);
        assertEquals(0.5, s.minGapSeconds(), 1e-12);
        assertEquals(5, s.maxDelayMillis());
        assertEquals(60000, s.checkpointIntervalMillis());
        assertEquals("rocksdb", s.checkpointing.backend);
        assertEquals(4, s.parallelism);
        assertTrue(s.labels.frames);
    }

    @Test
    void unknownKeyIsNamedWithItsPath() {
        IllegalArgumentException e = fails("model: m\nbatch: {max-streams: 2, max-stream: 3}\n");
        assertTrue(e.getMessage().startsWith("pipeline t.yaml: unknown key 'max-stream' at batch.max-stream (known keys here: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("max-streams"), e.getMessage());
        e = fails("model: m\ninputs: [{uri: a, decode: {samplerate: 8000}}]\n");
        assertTrue(e.getMessage().contains("'samplerate' at inputs[0].decode.samplerate"), e.getMessage());
    }

    @Test
    void wrongTypeIsNamed() {
        IllegalArgumentException e = fails("model: m\nbatch: {max-streams: many}\n");
        assertEquals("pipeline t.yaml: batch.max-streams: 'many' is not a valid integer", e.getMessage());
        e = fails("model: m\ninputs: {uri: a}\n");
        assertTrue(e.getMessage().startsWith("pipeline t.yaml: inputs: expected list"), e.getMessage());
    }

    @Test
    void invalidValuesAreNamed() {
        assertEquals("pipeline t.yaml: model: required (a model directory or .zip)", fails("parallelism: 2\n").getMessage());
        assertEquals("pipeline t.yaml: batch.max-delay: '5 parsecs' is not a duration (e.g. 0.3, 20ms, 2s, 1min)",
                fails("model: m\nbatch: {max-delay: 5 parsecs}\n").getMessage());
        assertEquals("pipeline t.yaml: checkpointing.backend: must be hashmap or rocksdb, got 'memory'",
                fails("model: m\ncheckpointing: {backend: memory}\n").getMessage());
        assertEquals("pipeline t.yaml: sink.path: required for sink type file",
                fails("model: m\nsink: {type: file}\n").getMessage());
        assertEquals("pipeline t.yaml: labels.smoothing.off-threshold (0.8) must be <= on-threshold (0.5)",
                fails("model: m\nlabels: {smoothing: {off-threshold: 0.8}}\n").getMessage());
        assertEquals("pipeline t.yaml: inputs[1].uri: required", fails("model: m\ninputs: [{uri: a}, {name: b}]\n").getMessage());
        assertEquals("pipeline t.yaml: parallelism: must be >= 1, got 0", fails("model: m\nparallelism: 0\n").getMessage());
        assertEquals("pipeline t.yaml: inputs[0].decode: raw PCM format 's16le' needs input-sample-rate and input-channels",
                fails("model: m\ninputs: [{uri: a.raw, decode: {format: s16le}}]\n").getMessage());
        assertEquals("pipeline t.yaml: inputs[0].decode.reconnect-attempts: must be >= 0, got -1",
                fails("model: m\ninputs: [{uri: 'rtsp://cam/1', decode: {reconnect-attempts: -1}}]\n").getMessage());
        assertEquals("pipeline t.yaml: inputs[0].decode.reconnect-delay-seconds: must be a finite number >= 0, got -0.5",
                fails("model: m\ninputs: [{uri: 'rtsp://cam/1', decode: {reconnect-delay-seconds: -0.5}}]\n").getMessage());
        PipelineSpec.parse("model: m\ninputs: [{uri: default, decode: {format: alsa}}]\n", "t.yaml");
    }

    @Test
    void relativePathsAreResolvedAgainstTheYamlDirectory(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("p.yaml");
        Files.writeString(yaml, "model: ../models/m\ninputs: [{uri: a.wav}, {uri: 'rtsp://h/x'}, {uri: /abs/b.wav}]\n");
        PipelineSpec s = PipelineSpec.parse(yaml);
        assertEquals(dir.getParent().resolve("models/m").toString(), s.model);
        assertEquals(dir.resolve("a.wav").toString(), s.inputs.get(0).uri);
        assertEquals("rtsp://h/x", s.inputs.get(1).uri);
        assertEquals("/abs/b.wav", s.inputs.get(2).uri);
    }

    @Test
    void defaultsRoundTripThroughYaml() {
        PipelineSpec s = PipelineSpec.parse("model: m\ninputs: [{uri: a}]\n", "t.yaml");
        PipelineSpec again = PipelineSpec.parse(yaml(s), "dump");
        assertEquals(yaml(s), yaml(again));
    }

    /** The spec written back as YAML with the parser's key names, every default filled in. */
    private static String yaml(PipelineSpec spec) {
        try {
            return new ObjectMapper(new YAMLFactory()).setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                    .writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
