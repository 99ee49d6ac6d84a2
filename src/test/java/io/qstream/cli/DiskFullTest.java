package io.qstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --output} on a disk that fills while the job runs: a real 16 KB tmpfs (mounting needs root, which CI has),
 * too small for the fixture's frame records. The job fails after its restarts; {@code run} must say so in one line
 * naming the path and the cause, exit 2, print no stack trace, and leave nothing behind.
 */
class DiskFullTest {

    @Test
    void aDiskThatFillsEndsTheRunWithOneLineAndLeavesNothing(@TempDir Path dir) throws Exception {
        Path full = Files.createDirectories(dir.resolve("full"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", full.toString())
                .redirectErrorStream(true).start();
        assertEquals(0, mount.waitFor(), "this test mounts a 16 KB tmpfs and needs root: "
                + new String(mount.getInputStream().readAllBytes()));
        try {
            Path out = full.resolve("labels.jsonl");
            Path log = dir.resolve("stderr.txt");
            Process p = CliRun.process(List.of("-Dlog4j2.configurationFile=" + Path.of("target/classes/log4j2.xml").toAbsolutePath()),
                            "run", "pipelines/speech-vad.yaml", "--no-progress", "--frames", "--output", out.toString())
                    .redirectError(log.toFile()).redirectOutput(dir.resolve("stdout.txt").toFile()).start();
            assertTrue(p.waitFor(240, TimeUnit.SECONDS), "the job ended");
            List<String> err = Files.readAllLines(log);
            assertEquals(2, p.exitValue(), String.join("\n", err));
            assertTrue(err.contains("qstream run: error: --output " + out
                    + ": the job failed, nothing written: IOException: No space left on device"), String.join("\n", err));
            assertFalse(err.stream().anyMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by")),
                    "no stack trace: " + String.join("\n", err));
            assertTrue(err.stream().anyMatch(l -> l.contains("WARN") && l.contains("(cause: IOException: No space left on device)")),
                    "the task failures that led there show their cause: " + String.join("\n", err));
            try (var left = Files.list(full)) {
                assertEquals(List.of(), left.toList(), "no output, no scratch parts");
            }
        } finally {
            new ProcessBuilder("umount", full.toString()).start().waitFor();
        }
    }
}
