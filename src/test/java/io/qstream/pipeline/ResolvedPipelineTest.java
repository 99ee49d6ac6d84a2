package io.qstream.pipeline;

import io.qstream.flink.EnergyVadModel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.features.FeatureSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolvedPipelineTest {
    private static final ModelLoader VAD = () -> EnergyVadModel.build(FeatureSpec.defaults("fbank"));

    private static IllegalArgumentException fails(String yaml, ModelLoader m) {
        return assertThrows(IllegalArgumentException.class,
                () -> ResolvedPipeline.resolve(PipelineSpec.parse(yaml, "t.yaml"), "t.yaml", m));
    }

    @Test
    void featuresDefaultToTheModelsAndLabelsComeFromItsHead() {
        ResolvedPipeline p = ResolvedPipeline.resolve(PipelineSpec.parse("model: m\ninputs: [{uri: a.wav}]", "t.yaml"), "t.yaml", VAD);
        assertEquals(FeatureSpec.defaults("fbank"), p.features);
        assertEquals(List.of("silence", "speech"), p.labels);
        assertEquals(p.labels, p.segmentLabels);
        assertEquals(0.01, p.frameShiftSeconds(), 1e-12);
    }

    @Test
    void modelInputSizeMustMatchTheFeatures() {
        IllegalArgumentException e = fails("model: m\nfeatures: {type: fbank, num-mel-bins: 40}\ninputs: [{uri: a.wav}]", VAD);
        assertEquals("pipeline t.yaml: model m expects input size 23 but features give 40 values per frame (fbank)", e.getMessage());
    }

    @Test
    void missingModelIsNamed(@TempDir Path dir) {
        String missing = dir.resolve("nope").toString();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResolvedPipeline.resolve(
                PipelineSpec.parse("model: " + missing + "\ninputs: [{uri: a.wav}]", "t.yaml"), "t.yaml"));
        assertEquals("pipeline t.yaml: model " + missing + ": model " + missing + " does not exist", e.getMessage());
    }

    @Test
    void otherMismatchesAreNamed() {
        assertEquals("pipeline t.yaml: features: unknown feature option 'num-mel-binz'",
                fails("model: m\nfeatures: {num-mel-binz: 40}\ninputs: [{uri: a}]", VAD).getMessage().replaceAll(" \\(known.*", ""));
        assertEquals("pipeline t.yaml: inputs[0].decode.sample-rate is 8000 Hz but the features need 16000 Hz (sample-frequency)",
                fails("model: m\ninputs: [{uri: a, decode: {sample-rate: 8000}}]", VAD).getMessage());
        assertEquals("pipeline t.yaml: labels.segment-labels: 'music' is not a label of model m [silence, speech]",
                fails("model: m\nlabels: {segment-labels: [music]}\ninputs: [{uri: a}]", VAD).getMessage());
        assertEquals("pipeline t.yaml: inputs: no input given (add inputs or --input)", fails("model: m", VAD).getMessage());
    }

    @Test
    void bundledPipelinesResolve() throws Exception {
        List<Path> files;
        try (var s = java.nio.file.Files.list(Path.of("pipelines"))) {
            files = s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(files.size() >= 2, String.valueOf(files));
        for (Path f : files) {
            ResolvedPipeline p = ResolvedPipeline.resolve(PipelineSpec.parse(f), f.toString());
            assertTrue(p.hasAudio() || p.hasVideo(), f.toString());
            if (p.hasAudio()) assertEquals(List.of("speech"), p.segmentLabels, f.toString());
            if (p.hasVideo()) assertEquals(List.of("none", "cut", "gradual"), p.videoLabels, f.toString());
        }
    }
}
