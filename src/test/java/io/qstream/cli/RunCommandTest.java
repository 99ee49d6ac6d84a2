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

    @Test
    void anOutputThatIsADirectoryIsRefusedBeforeTheJobAndNothingIsWritten() throws Exception {
        Path out = Files.createDirectories(dir.resolve("labels.jsonl"));
        CliRun run = CliRun.of("run", "pipelines/speech-vad.yaml", "--no-progress", "--output", out.toString());
        assertEquals(2, run.exitCode());
        assertEquals("qstream run: error: --output " + out + ": is a directory (give a file name)", run.err().strip());
        assertEquals(List.of(out), Files.list(dir).toList(), "nothing written beside it");
        assertFalse(run.err().contains("frames"), "no job ran: " + run.err());
    }

    @Test
    void anOutputWhereNothingCanBeWrittenIsRefusedBeforeTheJob() throws Exception {
        // /proc refuses new files even to root, which file permission bits would not show
        Path out = Path.of("/proc/qstream-test/labels.jsonl");
        CliRun run = CliRun.of("run", "pipelines/speech-vad.yaml", "--no-progress", "--output", out.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("qstream run: error: --output " + out + ": cannot write in /proc: "), run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
        assertFalse(Files.exists(Path.of("/proc/qstream-test")));
    }

    @Test
    void anInputShorterThanOneFrameGetsARecordSayingSo() throws Exception {
        Path out = dir.resolve("labels.jsonl");
        Path tiny = io.qstream.flink.TestAudio.writeWav(dir.resolve("tiny.wav"), new float[160], 16000); // 10 ms
        int rc = QstreamCommand.execute("run", "pipelines/speech-vad.yaml", "--no-progress", "--output", out.toString(),
                "--input", tiny.toString(), "--input", "fixtures/audio/speech-en-16k.wav");
        assertEquals(0, rc);
        List<String> lines = Files.readAllLines(out);
        assertEquals(List.of("{\"stream\":\"" + tiny + "\",\"frames\":0,\"note\":\"shorter than one frame: nothing to label\"}"),
                lines.stream().filter(l -> l.contains("tiny.wav")).toList());
        assertTrue(lines.stream().anyMatch(l -> l.contains("speech-en-16k.wav") && l.contains("\"label\":\"speech\"")));
    }
}
