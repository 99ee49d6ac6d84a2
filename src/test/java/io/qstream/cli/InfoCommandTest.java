package io.qstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class InfoCommandTest {
    @Test
    void describesEveryLibraryWithItsVersion() {
        List<String> lines = VersionInfo.describe();
        String all = String.join("\n", lines);
        assertTrue(all.contains("flink: 2.3.0"), all);
        assertTrue(all.contains("nd4j: 1.0.0-M2.1 backend=CpuBackend"), all);
        assertTrue(all.matches("(?s).*blas=\\w+.*omp\\.threads=\\d+.*"), all);
        assertTrue(all.contains("javacv: 1.5.13"), all);
        assertTrue(all.matches("(?s).*ffmpeg: libavformat \\d+\\.\\d+\\.\\d+.*"), all);
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        assertEquals(2, QstreamCommand.execute("no-such-command"));
    }
}
