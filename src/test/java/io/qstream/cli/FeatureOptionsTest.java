package io.qstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.features.FeatureSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureOptionsTest {
    @TempDir Path dir;

    @Test
    void pipelineFeaturesMapWithCommandLineOverrides() throws IOException {
        Path yaml = dir.resolve("p.yaml");
        Files.writeString(yaml, "model: m\nfeatures:\n  type: fbank\n  num-mel-bins: 23\n  frame-shift: 10\n");
        FeatureOptions o = new FeatureOptions();
        o.pipeline = yaml;
        assertEquals(23, o.specOrNull().dim());
        o.features.put("num-mel-bins", "40");
        FeatureSpec spec = o.specOrNull();
        assertEquals(40, spec.dim());
        assertEquals(160, spec.frameShiftSamples());
    }

    @Test
    void nothingGivenMeansNoSpecAndBadOptionsNameTheFile() throws IOException {
        assertNull(new FeatureOptions().specOrNull());
        Path yaml = dir.resolve("bad.yaml");
        Files.writeString(yaml, "model: m\nfeatures:\n  num-mel-bnis: 40\n");
        FeatureOptions o = new FeatureOptions();
        o.pipeline = yaml;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, o::specOrNull);
        assertTrue(e.getMessage().contains("bad.yaml") && e.getMessage().contains("num-mel-bnis"), e.getMessage());
    }

    @Test
    void evalTakesThePipelinesModelWhenNoModelIsGiven() throws IOException {
        FeatureOptions o = new FeatureOptions();
        o.pipeline = Path.of("pipelines/speech-vad.yaml");
        assertEquals(Path.of("fixtures/models/speech-vad").toAbsolutePath().normalize().toString(), o.pipelineOrNull().model);
        assertNull(o.specOrNull(), "speech-vad.yaml has no features map: the model's stored spec applies");
        CliRun run = CliRun.of("eval", "--data", dir.resolve("none.tsv").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("no model: give --model DIR or a --pipeline that names one"), run.err());
    }
}
