package io.qstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qstream.cli.QstreamCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.TreeSet;

/**
 * One job on a Flink session cluster seen through the JobManager's REST API, for the kill-a-TaskManager tests of
 * {@link FlinkSessionIT} (processes) and {@link ContainerClusterIT} (containers): which TaskManagers run its tasks,
 * its completed checkpoints, the checkpoint it restored from, its end state.
 */
final class ClusterJob {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String jobmanager;
    final String id;

    private ClusterJob(String jobmanager, String id) {
        this.jobmanager = jobmanager;
        this.id = id;
    }

    /**
     * {@code qstream submit ... --detached} with {@code args} after the pipeline; returns the job it printed.
     * Fails the test when submit does not exit 0.
     */
    static ClusterJob submitDetached(String jobmanager, String... args) {
        List<String> cmd = new ArrayList<>(List.of("submit"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--jobmanager", jobmanager, "--detached"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int rc;
        try {
            rc = QstreamCommand.execute(cmd.toArray(String[]::new));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, "qstream " + String.join(" ", cmd) + ":\n" + text);
        String jobId = out.toString(StandardCharsets.UTF_8).strip();
        assertTrue(jobId.matches("[0-9a-f]{32}"), "job id printed by submit --detached: '" + jobId + "'\n" + text);
        return new ClusterJob(jobmanager, jobId);
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + jobmanager + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), "GET " + path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    String state() throws IOException, InterruptedException {
        return get("/jobs/" + id).path("state").asText();
    }

    /** Id of the newest completed checkpoint, 0 when none completed yet. */
    long lastCompletedCheckpoint() throws IOException, InterruptedException {
        JsonNode completed = get("/jobs/" + id + "/checkpoints").path("latest").path("completed");
        return completed.isObject() ? completed.path("id").asLong() : 0;
    }

    /** Id of the checkpoint the job's latest (re)start restored, 0 when it never restored one. */
    long restoredCheckpoint() throws IOException, InterruptedException {
        JsonNode restored = get("/jobs/" + id + "/checkpoints").path("latest").path("restored");
        return restored.isObject() ? restored.path("id").asLong() : 0;
    }

    /** Resource ids of the TaskManagers running subtasks of the vertex whose name contains {@code vertexName}. */
    Set<String> taskManagersOf(String vertexName) throws IOException, InterruptedException {
        for (JsonNode v : get("/jobs/" + id).path("vertices")) {
            if (!v.path("name").asText().contains(vertexName)) continue;
            Set<String> tms = new TreeSet<>();
            for (JsonNode tm : get("/jobs/" + id + "/vertices/" + v.path("id").asText() + "/taskmanagers").path("taskmanagers")) {
                tms.add(tm.path("taskmanager-id").asText());
            }
            return tms;
        }
        return fail("job " + id + " has no vertex named *" + vertexName + "*: " + get("/jobs/" + id).path("vertices"));
    }

    /**
     * Waits until the job runs with at least one completed checkpoint; returns that checkpoint's id. Fails when the
     * job ends first or {@code timeout} passes.
     */
    long awaitRunningWithCheckpoint(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String state = state();
            if (!state.equals("RUNNING") && !state.equals("CREATED") && !state.equals("INITIALIZING")) {
                fail("job " + id + " is " + state + " before its first checkpoint: too short to kill a TaskManager mid-job");
            }
            long cp = state.equals("RUNNING") ? lastCompletedCheckpoint() : 0;
            if (cp > 0) return cp;
            Thread.sleep(200);
        }
        return fail("job " + id + " completed no checkpoint within " + timeout);
    }

    /** Waits for a terminal state (FINISHED, FAILED, CANCELED) and returns it. */
    String awaitEnd(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String state = state();
            if (state.equals("FINISHED") || state.equals("FAILED") || state.equals("CANCELED")) return state;
            Thread.sleep(500);
        }
        return fail("job " + id + " still " + state() + " after " + timeout);
    }

    /** The root exception the JobManager recorded for this job's failures (for assertion messages). */
    String exceptions() {
        try {
            return get("/jobs/" + id + "/exceptions").toString();
        } catch (IOException | InterruptedException | AssertionError e) {
            return "(no exceptions: " + e + ")";
        }
    }

    static List<String> sorted(List<String> lines) {
        List<String> s = new ArrayList<>(lines);
        s.sort(null);
        return s;
    }

    /** Lines of {@code qstream run} (embedded MiniCluster) of the pipeline with the same frames/parallelism flags. */
    static List<String> offlineLabels(Path dir, String pipeline, String... flags) throws IOException {
        Path out = dir.resolve("offline.jsonl");
        List<String> cmd = new ArrayList<>(List.of("run", pipeline, "--no-progress", "--output", out.toString()));
        cmd.addAll(List.of(flags));
        assertEquals(0, QstreamCommand.execute(cmd.toArray(String[]::new)), "qstream " + String.join(" ", cmd));
        return Files.readAllLines(out);
    }
}
