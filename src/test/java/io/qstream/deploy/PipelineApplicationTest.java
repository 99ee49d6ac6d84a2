package io.qstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.flink.LocalRun;
import io.qstream.flink.PipelineApplication;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application-mode entry class of docker/k8s/flinkdeployment.yaml, run here on the local environment Flink gives
 * a plain JVM: its committed labels equal {@code qstream run}'s. (On Kubernetes the operator's JobManager runs the
 * same {@code main}; that part is not run here, see docker/README.md.)
 */
class PipelineApplicationTest {
    @TempDir
    Path dir;

    @Test
    void theApplicationEntryPointLabelsLikeQstreamRun() throws Exception {
        Path out = dir.resolve("app");
        PipelineApplication.main(new String[] {"pipelines/speech-vad.yaml", "--output", out.toString()});
        List<String> app = LocalRun.committedLines(out);
        List<String> offline = ClusterJob.offlineLabels(dir, "pipelines/speech-vad.yaml");
        assertTrue(offline.stream().anyMatch(l -> l.contains("\"start\"")), "segments of qstream run: " + offline);
        assertEquals(ClusterJob.sorted(offline), ClusterJob.sorted(app));
    }

    @Test
    void wrongArgumentsAreAnErrorShowingTheUsage() {
        var e = assertThrows(IllegalArgumentException.class, () -> PipelineApplication.main(new String[] {"a.yaml", "--out", "x"}));
        assertTrue(e.getMessage().contains("usage: PipelineApplication PIPELINE.yaml [--output DIR]"), e.getMessage());
    }
}
