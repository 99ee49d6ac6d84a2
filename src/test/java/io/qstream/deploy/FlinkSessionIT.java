package io.qstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.cli.QstreamCommand;
import io.qstream.flink.LocalRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real multi-process session cluster: {@code bin/flink-session start} launches 1 JobManager and 2 TaskManagers
 * (1 slot each) as separate JVMs on loopback from target/lib, {@code qstream submit} ships the thin
 * target/qstream.jar, and the labels it commits must equal those of {@code qstream run} (the embedded MiniCluster)
 * on the same input. Runs in the integration-test phase (maven-failsafe) because it needs the packaged jar and
 * target/lib. The last test kills (SIGKILL) the TaskManager running a job: the job must restart from its last
 * checkpoint on the other one and still commit every label exactly once. The cluster is stopped after the tests
 * whatever happened, and every JVM it started is killed if the script's stop did not end it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlinkSessionIT {
    private static final Path SCRIPT = Path.of("bin/flink-session").toAbsolutePath();
    private static final Path JAR = Path.of("target/qstream.jar").toAbsolutePath();
    private static final Path WORK = Path.of("target/flink-session-it").toAbsolutePath();
    private static String jobmanager;
    private static Thread killOnExit;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " missing: this test runs after `mvn package` (failsafe, integration-test phase)");
        assertTrue(Files.isDirectory(Path.of("target/lib")), "target/lib missing: this test runs after `mvn package`");
        LocalRun.deleteTree(WORK);
        killOnExit = new Thread(FlinkSessionIT::killLeftovers);
        Runtime.getRuntime().addShutdownHook(killOnExit);
        int restPort = freePort();
        int rpcPort = freePort();
        jobmanager = "127.0.0.1:" + restPort;
        String out = script("start", "--taskmanagers", "2", "--slots", "1", "--rest-port", String.valueOf(restPort),
                "--rpc-port", String.valueOf(rpcPort));
        System.err.println(out.strip());
        assertTrue(out.contains("started in"), out);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        try {
            System.err.println(script("stop").strip());
        } finally {
            killLeftovers();
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        }
    }

    @Test
    void theClusterRunsOneJobManagerAndTwoTaskManagersAsSeparateProcessesWithTheDashboard() throws Exception {
        String status = script("status");
        assertTrue(status.contains("2 TaskManager(s)"), status);
        List<Long> pids = pids();
        assertEquals(3, pids.size(), "pid files: " + pids);
        for (long pid : pids) assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid);
        // target/cluster-lib puts flink-runtime-web on the JobManager: the dashboard answers at the REST address
        var http = java.net.http.HttpClient.newHttpClient();
        var page = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + jobmanager + "/")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Apache Flink Web Dashboard"), page.body());
    }

    @Test
    void aSubmittedPipelineLabelsExactlyLikeTheEmbeddedRun() throws Exception {
        Path clusterOut = dir.resolve("cluster");
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        int rc;
        try {
            rc = QstreamCommand.execute("submit", "pipelines/speech-vad.yaml", "--jobmanager", jobmanager, "--frames",
                    "--parallelism", "2", "--jar", JAR.toString(), "--output", clusterOut.toString());
        } finally {
            System.setErr(err);
        }
        assertEquals(0, rc, "qstream submit exit code");
        // the per-stream summary comes back from the cluster (SummaryCollector's accumulator)
        String report = stderr.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("finished: 1 stream(s), 11.6 s of media") && report.contains(": 1164 frames, 11.64 s"), report);
        List<String> cluster = LocalRun.committedLines(clusterOut);

        Path localOut = dir.resolve("local.jsonl");
        rc = QstreamCommand.execute("run", "pipelines/speech-vad.yaml", "--frames", "--parallelism", "2", "--no-progress",
                "--output", localOut.toString());
        assertEquals(0, rc, "qstream run exit code");
        List<String> local = Files.readAllLines(localOut);

        // 11.64 s at 10 ms per frame: 1164 frame records, plus the speech segments
        assertEquals(1164, local.stream().filter(l -> l.contains("\"frame\"")).count(), "frames of the embedded run");
        assertTrue(local.stream().anyMatch(l -> l.contains("\"start\"")), "segments of the embedded run");
        // part files split the lines at checkpoints wherever they happen to fall: compare the sets of lines
        assertEquals(sorted(local), sorted(cluster));
    }

    @Test
    void aJobThatFailsOnTheClusterIsAnErrorNamingItsRootCause() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int rc;
        try {
            // /proc refuses new directories: the FileSink fails on the TaskManager, Flink restarts 3 times, gives up
            rc = QstreamCommand.execute("submit", "pipelines/speech-vad.yaml", "--jobmanager", jobmanager,
                    "--jar", JAR.toString(), "--output", "/proc/qstream-not-writable");
        } finally {
            System.setErr(err);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        assertEquals(2, rc, text);
        assertTrue(text.contains("on " + jobmanager + " failed: ") && text.contains("/proc/qstream-not-writable"), text);
    }

    /** Runs last: it leaves the cluster with one TaskManager. */
    @Test
    @Order(Integer.MAX_VALUE)
    void killingTheTaskManagerOfARunningJobRestartsItFromTheLastCheckpointWithEveryLabelOnce() throws Exception {
        Path clusterOut = dir.resolve("cluster");
        // parallelism 1 on 2 TaskManagers x 1 slot: the job runs on one, the other's free slot takes it over;
        // --input with --pace 1 makes the 11.6 s of audio last 11.6 s (the pipeline's own input is unpaced), so
        // checkpoints (every 2 s) complete while the job still runs
        String wav = Path.of("fixtures/audio/speech-en-16k.wav").toAbsolutePath().toString();
        ClusterJob job = ClusterJob.submitDetached(jobmanager, "pipelines/speech-vad.yaml", "--input", wav, "--pace", "1",
                "--frames", "--parallelism", "1", "--jar", JAR.toString(), "--output", clusterOut.toString());
        long checkpoint = job.awaitRunningWithCheckpoint(Duration.ofSeconds(60));
        Set<String> running = job.taskManagersOf("labels");
        assertEquals(1, running.size(), "TaskManagers running the labels of a parallelism-1 job: " + running);
        String victim = running.iterator().next();
        Path pidFile = WORK.resolve("pids").resolve(victim + ".pid");
        assertTrue(Files.isRegularFile(pidFile), "resource id " + victim + " has no pid file " + pidFile);
        ProcessHandle tm = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).orElseThrow();
        assertTrue(tm.destroyForcibly(), "SIGKILL to " + victim);
        tm.onExit().get(30, TimeUnit.SECONDS);
        assertEquals("RUNNING", job.state(), "the job right after the kill: it must not have finished before it");

        assertEquals("FINISHED", job.awaitEnd(Duration.ofSeconds(180)), job.exceptions());
        long restored = job.restoredCheckpoint();
        assertTrue(restored >= checkpoint, "restored checkpoint " + restored + ", completed before the kill " + checkpoint);
        Set<String> after = job.taskManagersOf("labels");
        assertTrue(!after.contains(victim) && after.size() == 1, "TaskManagers after the restart: " + after);

        List<String> offline = ClusterJob.offlineLabels(dir, "pipelines/speech-vad.yaml", "--input", wav, "--frames", "--parallelism", "1");
        assertEquals(1164, offline.stream().filter(l -> l.contains("\"frame\"")).count(), "frames of the embedded run");
        assertEquals(ClusterJob.sorted(offline), ClusterJob.sorted(LocalRun.committedLines(clusterOut)),
                "labels committed across the TaskManager kill vs the embedded run");
    }

    private static List<String> sorted(List<String> lines) {
        List<String> s = new ArrayList<>(lines);
        s.sort(null);
        return s;
    }

    /** Runs bin/flink-session with the work dir and this JVM's native cache; returns its output, fails on exit != 0. */
    private static String script(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--work-dir", WORK.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) pb.environment().put("QSTREAM_NATIVE_CACHE", cache);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "bin/flink-session " + args[0] + " timed out");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "bin/flink-session " + String.join(" ", args) + ":\n" + text + logs());
        return text;
    }

    private static String logs() {
        try (var files = Files.list(WORK.resolve("log"))) {
            StringBuilder sb = new StringBuilder();
            for (Path f : files.filter(f -> f.toString().endsWith(".out")).sorted().toList()) {
                sb.append("\n== ").append(f).append('\n').append(Files.readString(f));
            }
            return sb.toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static List<Long> pids() throws IOException {
        Path dir = WORK.resolve("pids");
        if (!Files.isDirectory(dir)) return List.of();
        try (var files = Files.list(dir)) {
            List<Long> pids = new ArrayList<>();
            for (Path f : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                pids.add(Long.parseLong(Files.readString(f).strip()));
            }
            return pids;
        }
    }

    /** Kills, by the pids the script recorded, any cluster JVM still alive (a failed start or stop). */
    private static void killLeftovers() {
        try {
            for (long pid : pids()) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        } catch (IOException | RuntimeException e) {
            System.err.println("FlinkSessionIT: cannot read pid files: " + e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
