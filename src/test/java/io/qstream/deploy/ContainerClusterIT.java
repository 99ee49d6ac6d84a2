package io.qstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.cli.QstreamCommand;
import io.qstream.flink.LocalRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image and a cluster of containers, for real, with podman ({@code bin/qstream-image}): the image is
 * built from docker/Dockerfile on the host-built target/, {@code run pipelines/speech-vad.yaml} inside it prints the
 * quick start's segments, and a JobManager + 2 TaskManager containers on a podman network run a job submitted from
 * the host; one TaskManager container is killed mid-job and the committed labels on the shared volume must equal
 * the embedded run's, each once. Last, the cluster is restarted with {@code --ssl} (mutual TLS inside, TLS on REST):
 * plain HTTP gets no Flink answer, {@code submit} without the truststore fails, with it the job runs.
 *
 * <p>Opt-in (it needs root, podman and debootstrap, and builds a ~1.3 GB image): {@code QSTREAM_CONTAINER_TESTS=1};
 * {@code .ci/run} installs the tools and sets it.
 */
@EnabledIfEnvironmentVariable(named = "QSTREAM_CONTAINER_TESTS", matches = "1")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerClusterIT {
    private static final Path SCRIPT = Path.of("bin/qstream-image").toAbsolutePath();
    private static final Path JAR = Path.of("target/qstream.jar").toAbsolutePath();
    /** Shared volume: the same path on the host and in every container. */
    private static final Path DATA = Path.of("target/container-it/data").toAbsolutePath();
    private static String jobmanager;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildImageAndStartCluster() throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " missing: this test runs after `mvn package`");
        System.err.println(image(Duration.ofMinutes(25), "build").strip());
        image(Duration.ofMinutes(1), "cluster", "down");
        LocalRun.deleteTree(DATA);
        int restPort;
        try (ServerSocket s = new ServerSocket(0)) {
            restPort = s.getLocalPort();
        }
        jobmanager = "127.0.0.1:" + restPort;
        String up = image(Duration.ofMinutes(4), "cluster", "up", "--data", DATA.toString(), "--rest-port", String.valueOf(restPort),
                "--taskmanagers", "2", "--slots", "2", "--timeout", "180");
        System.err.println(up.strip());
        assertTrue(up.contains("cluster up in"), up);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        System.err.println(image(Duration.ofMinutes(1), "cluster", "down").strip());
    }

    @Test
    void theImageRunsTheQuickStartLikeTheHost() throws Exception {
        List<String> inImage = image(Duration.ofMinutes(3), "run", "run", "pipelines/speech-vad.yaml", "--no-progress").lines().toList();
        List<String> host = ClusterJob.offlineLabels(dir, "pipelines/speech-vad.yaml");
        assertTrue(host.stream().anyMatch(l -> l.contains("\"label\":\"speech\"")), "speech segments of the quick start on the host: " + host);
        assertEquals(host, inImage, "stdout of `run pipelines/speech-vad.yaml` in the image vs on the host");
    }

    @Test
    void killingATaskManagerContainerMidJobRestartsFromTheLastCheckpointWithEveryLabelOnce() throws Exception {
        // the pipeline, its model and input on the shared volume: valid paths on the host and in the containers
        Path job = DATA.resolve("job");
        Files.createDirectories(job.resolve("pipelines"));
        Files.copy(Path.of("pipelines/speech-vad.yaml"), job.resolve("pipelines/speech-vad.yaml"));
        Files.createDirectories(job.resolve("fixtures/audio"));
        Files.copy(Path.of("fixtures/audio/speech-en-16k.wav"), job.resolve("fixtures/audio/speech-en-16k.wav"));
        copyTree(Path.of("fixtures/models/speech-vad"), job.resolve("fixtures/models/speech-vad"));
        Path out = DATA.resolve("out");

        // parallelism 1 (one input is one split: a second subtask would idle and finish, and killing its TaskManager
        // would prove nothing); --input with --pace 1: 11.6 s of audio take 11.6 s, checkpoints every 2 s
        String wav = job.resolve("fixtures/audio/speech-en-16k.wav").toString();
        ClusterJob running = ClusterJob.submitDetached(jobmanager, job.resolve("pipelines/speech-vad.yaml").toString(),
                "--input", wav, "--pace", "1", "--frames", "--parallelism", "1", "--jar", JAR.toString(), "--output", out.toString());
        long checkpoint = running.awaitRunningWithCheckpoint(Duration.ofSeconds(90));
        Set<String> tms = running.taskManagersOf("labels");
        assertEquals(1, tms.size(), "TaskManagers running the labels of a parallelism-1 job: " + tms);
        String victim = tms.iterator().next();
        assertTrue(victim.matches("taskmanager-[0-9]+"), "resource id " + victim);
        image(Duration.ofSeconds(30), "podman", "kill", "qstream-" + victim);
        assertEquals("RUNNING", running.state(), "the job right after the kill: it must not have finished before it");

        assertEquals("FINISHED", running.awaitEnd(Duration.ofMinutes(4)), running.exceptions());
        long restored = running.restoredCheckpoint();
        assertTrue(restored >= checkpoint, "restored checkpoint " + restored + ", completed before the kill " + checkpoint);
        Set<String> after = running.taskManagersOf("labels");
        assertTrue(!after.contains(victim) && after.size() == 1, "TaskManagers after the kill of " + victim + ": " + after);
        assertTrue(Files.isDirectory(DATA.resolve("checkpoints")), "checkpoints on the shared volume");

        List<String> offline = ClusterJob.offlineLabels(dir, "pipelines/speech-vad.yaml", "--input", wav, "--frames", "--parallelism", "1");
        assertEquals(1164, offline.stream().filter(l -> l.contains("\"frame\"")).count(), "frames of the embedded run");
        assertEquals(ClusterJob.sorted(offline), ClusterJob.sorted(LocalRun.committedLines(out)),
                "labels committed across the TaskManager container kill vs the embedded run");
    }

    /** Runs last: it replaces the cluster with a TLS one. */
    @Test
    @Order(Integer.MAX_VALUE)
    void withSslTheRestApiSpeaksOnlyTlsAndSubmitNeedsTheClusterTruststore() throws Exception {
        image(Duration.ofMinutes(1), "cluster", "down");
        String port = jobmanager.substring(jobmanager.indexOf(':') + 1);
        String up = image(Duration.ofMinutes(4), "cluster", "up", "--data", DATA.toString(), "--rest-port", port,
                "--taskmanagers", "2", "--slots", "2", "--timeout", "180", "--ssl");
        System.err.println(up.strip());
        // 2 TaskManagers registered: their RPC to the JobManager went through mutual TLS with the cluster's key pair
        assertTrue(up.contains("cluster up in") && up.contains("2 TaskManager(s)") && up.contains("https"), up);
        Path truststore = DATA.resolve("ssl/client-truststore.p12");
        String password = Files.readString(DATA.resolve("ssl/password")).strip();

        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + jobmanager + "/overview")).timeout(Duration.ofSeconds(10)).build();
        boolean plainAnswered;
        try {
            plainAnswered = http.send(request, HttpResponse.BodyHandlers.ofString()).body().contains("slots-total");
        } catch (IOException e) {
            plainAnswered = false;
        }
        assertTrue(!plainAnswered, "the REST API answered plain HTTP");

        Path job = DATA.resolve("job/pipelines/speech-vad.yaml");
        assertTrue(Files.isRegularFile(job), job + " (copied by the kill test, which runs before)");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int withoutTruststore;
        int withTruststore;
        Path out = DATA.resolve("out-ssl");
        try {
            withoutTruststore = QstreamCommand.execute("submit", job.toString(), "--jobmanager", jobmanager,
                    "--jar", JAR.toString(), "--output", out.toString());
            withTruststore = QstreamCommand.execute("submit", job.toString(), "--jobmanager", jobmanager,
                    "--truststore", truststore.toString(), "--truststore-password", password, "--frames",
                    "--jar", JAR.toString(), "--output", out.toString());
        } finally {
            System.setErr(stderr);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, withoutTruststore, text);
        assertTrue(text.contains("not like a Flink JobManager") || text.contains("cannot reach"), text);
        assertEquals(0, withTruststore, text);
        List<String> offline = ClusterJob.offlineLabels(dir, "pipelines/speech-vad.yaml", "--frames");
        assertEquals(ClusterJob.sorted(offline), ClusterJob.sorted(LocalRun.committedLines(out)), "labels of the job over TLS");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target);
                else Files.copy(f, target);
            }
        }
    }

    /** Runs bin/qstream-image; returns its stdout (stderr goes to the test log), fails on exit != 0 or timeout. */
    private static String image(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        // files, not pipes: a hung command cannot block the test past its timeout
        Path out = Files.createTempFile("qstream-image", ".out");
        Path err = Files.createTempFile("qstream-image", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean ended = p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        if (!ended) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        String text = Files.readString(out);
        String errText = Files.readString(err);
        Files.delete(out);
        Files.delete(err);
        System.err.print(errText.length() > 4000 ? errText.substring(errText.length() - 4000) : errText);
        assertTrue(ended, "bin/qstream-image " + String.join(" ", args) + " timed out after " + timeout);
        assertEquals(0, p.exitValue(), "bin/qstream-image " + String.join(" ", args) + ":\n" + text + "\n" + errText);
        return text;
    }
}
