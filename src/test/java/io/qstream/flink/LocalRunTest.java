package io.qstream.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRunTest {
    @TempDir Path dir;

    @Test
    void committedPartFilesAreJoinedInCounterOrderPerWriter() throws Exception {
        Path bucket = Files.createDirectories(dir.resolve("2026-11-27--04"));
        // Written in this order by two writers; text order would put -10 before -2.
        for (int counter : new int[] {0, 1, 2, 9, 10, 11}) {
            Files.writeString(bucket.resolve("labels-aaaa-0-" + counter + ".jsonl"), "a" + counter + "\n");
        }
        Files.writeString(bucket.resolve("labels-bbbb-1-0.jsonl"), "b0\n");
        Files.writeString(bucket.resolve("labels-bbbb-1-10.jsonl"), "b10\n");
        Files.writeString(bucket.resolve("summary-aaaa-0-0.jsonl"), "not a label\n");
        assertEquals(List.of("a0", "a1", "a2", "a9", "a10", "a11", "b0", "b10"), LocalRun.committedLines(dir));
    }
}
