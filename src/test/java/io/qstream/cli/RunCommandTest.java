package io.qstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.labels.LabelDiff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    @TempDir
    Path dir;

    @Test
    void runsTheQuickStartPipelineIntoAJsonLinesFile() throws Exception {
        Path out = dir.resolve("labels.jsonl");
        int rc = QstreamCommand.execute("run", "pipelines/speech-vad.yaml", "--frames", "--parallelism", "2",
                "--no-progress", "--output", out.toString());
        assertEquals(0, rc);
        List<String> expected = Files.readAllLines(Path.of("fixtures/replay/speech-en/expected.jsonl"));
        assertEquals(List.of(), LabelDiff.diff(expected, Files.readAllLines(out), 1e-3));
        assertFalse(Files.exists(dir.resolve("labels.jsonl.parts")), "scratch part files removed");
    }

    @Test
    void anInvalidPipelineIsAClearErrorBeforeAnyJobStarts() throws Exception {
        Path yaml = Files.writeString(dir.resolve("p.yaml"), "model: ../fixtures/models/speech-vad\nbatch: {max-streamz: 3}\n");
        CliRun run = CliRun.of("run", yaml.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("qstream run: error: pipeline " + yaml + ": unknown key 'max-streamz' at batch.max-streamz"),
                run.err());
    }

    @Test
    void aStreamThatFailsMakesTheExitCodeNonZeroAndIsInTheOutput() throws Exception {
        Path out = dir.resolve("labels.jsonl");
        int rc = QstreamCommand.execute("run", "pipelines/speech-vad.yaml", "--no-progress", "--output", out.toString(),
                "--input", "fixtures/audio/speech-22k.mp3", "--input", "fixtures/audio/not-media.txt");
        assertEquals(1, rc);
        List<String> lines = Files.readAllLines(out);
        assertTrue(lines.stream().anyMatch(l -> l.contains("not-media.txt") && l.contains("\"error\"")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("speech-22k.mp3") && l.contains("\"label\":\"speech\"")), lines.toString());
    }
}
