package io.qstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.labels.LabelDiff;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live sources fed through a pipe: a named pipe (FIFO) written by FFmpeg, and standard input ({@code --input -}),
 * are labelled exactly like the same audio read from a file.
 */
class PipeInputTest {
    private static final String WAV = "fixtures/audio/speech-en-16k.wav";

    @TempDir
    Path dir;

    /** The label lines of {@code stream}, renamed to {@code as} so runs over different inputs compare. */
    private static List<String> renamed(List<String> lines, String stream, String as) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith("{\"stream\":\"" + stream + "\"")) out.add(l.replace("{\"stream\":\"" + stream + "\"", "{\"stream\":\"" + as + "\""));
        }
        return out;
    }

    /** Every frame record of the 11.64 s fixture and the same segments as the file's, line for line. */
    private static void assertSameLabels(List<String> file, List<String> got) {
        assertEquals(1164, got.stream().filter(l -> l.contains("\"frame\"")).count(), "every frame");
        assertEquals(file.size(), got.size(), "frames and segments");
        assertEquals(List.of(), LabelDiff.diff(file, got, 1e-4));
    }

    private List<String> fileLabels() throws Exception {
        Path out = dir.resolve("file.jsonl");
        assertEquals(0, QstreamCommand.execute("run", "pipelines/speech-vad.yaml", "--no-progress", "--frames", "--output",
                out.toString(), "--input", WAV));
        return renamed(Files.readAllLines(out), Path.of(WAV).toAbsolutePath().toString(), "x");
    }

    @Test
    void aNamedPipeIsLabelledLikeTheFile() throws Exception {
        Path fifo = dir.resolve("live.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        // FFmpeg blocks opening the pipe until the job opens it for reading, then streams a WAV into it
        Process writer = new ProcessBuilder("ffmpeg", "-v", "error", "-nostdin", "-i", WAV, "-f", "wav", "-y",
                fifo.toString()).redirectErrorStream(true).start();
        Path out = dir.resolve("fifo.jsonl");
        try {
            assertEquals(0, QstreamCommand.execute("run", "pipelines/speech-vad.yaml", "--no-progress", "--frames",
                    "--output", out.toString(), "--input", fifo.toString()));
        } finally {
            assertTrue(writer.waitFor(30, TimeUnit.SECONDS), "ffmpeg finished writing");
        }
        List<String> got = renamed(Files.readAllLines(out), fifo.toString(), "x");
        assertSameLabels(fileLabels(), got);
    }

    @Test
    void standardInputIsLabelledLikeTheFile() throws Exception {
        Path out = dir.resolve("stdin.jsonl");
        Process p = CliRun.process(List.of(), "run", "pipelines/speech-vad.yaml", "--no-progress", "--frames", "--output",
                        out.toString(), "--input", "-")
                .redirectInput(new File(WAV)).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile())
                .start();
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "the job ended");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("log.txt")));
        List<String> got = renamed(Files.readAllLines(out), "stdin", "x");
        assertSameLabels(fileLabels(), got);
    }

    @Test
    void standardInputCanBeReadByOneInputOnly() {
        CliRun run = CliRun.of("run", "pipelines/speech-vad.yaml", "--input", "-", "--input", "-");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("standard input ('-') can be read by one input only"), run.err());
    }
}
