package io.qstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qstream submit} without a cluster: its errors. The cluster path is tested by io.qstream.deploy.FlinkSessionIT. */
class SubmitCommandTest {
    @TempDir
    Path dir;

    @Test
    void anUnreachableClusterIsAnErrorNamingItsAddress() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String err = submitErr(2, "pipelines/speech-vad.yaml", "--jobmanager", "127.0.0.1:" + closed, "--jar", jar());
        assertTrue(err.contains("qstream submit: error: cannot reach the Flink JobManager at 127.0.0.1:" + closed), err);
        assertTrue(err.contains("connection refused"), err);
    }

    @Test
    void anAddressThatIsNotFlinkRestIsAnErrorSayingSo() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] body = "not flink".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(404, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            String address = "127.0.0.1:" + server.getAddress().getPort();
            String err = submitErr(2, "pipelines/speech-vad.yaml", "--jobmanager", address, "--jar", jar());
            assertTrue(err.contains("answered HTTP 404 but not like a Flink JobManager REST endpoint: is " + address), err);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aMissingJobJarIsNamed() throws Exception {
        Path missing = dir.resolve("no-such.jar");
        String err = submitErr(2, "pipelines/speech-vad.yaml", "--jobmanager", "127.0.0.1:8081", "--jar", missing.toString());
        assertTrue(err.contains("--jar " + missing + ": no such file"), err);
    }

    /** A stand-in job jar: these tests fail before anything is shipped (surefire runs from classes, not the jar). */
    private String jar() throws Exception {
        return Files.write(dir.resolve("job.jar"), new byte[] {'P', 'K'}).toString();
    }

    @Test
    void theMalformedAddressIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> SubmitCommand.Address.parse("localhost"));
        assertEquals("--jobmanager localhost: expected HOST:PORT, e.g. 127.0.0.1:8081", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SubmitCommand.Address.parse("localhost:99999"));
        assertEquals("--jobmanager localhost:99999: port must be 1..65535", e.getMessage());
        assertEquals(new SubmitCommand.Address("flink-jm", 8081), SubmitCommand.Address.parse("flink-jm:8081"));
    }

    @Test
    void thePipelineIsValidatedLikeRunBeforeTheClusterIsContacted() throws Exception {
        Path yaml = Files.writeString(dir.resolve("p.yaml"), "model: ../fixtures/models/energy-vad\nbatch: {max-streamz: 3}\n");
        // the address is unreachable too: the pipeline error must come first
        String err = submitErr(2, yaml.toString(), "--jobmanager", "127.0.0.1:1");
        assertTrue(err.contains("qstream submit: error: pipeline " + yaml + ": unknown key 'max-streamz' at batch.max-streamz"), err);
    }

    @Test
    void theRootCauseOfANestedFailureIsReported() {
        var e = new RuntimeException("job failed", new IllegalStateException("wrapper",
                new java.io.FileNotFoundException("/models/vad/model.json (No such file or directory)")));
        assertEquals("FileNotFoundException: /models/vad/model.json (No such file or directory)", SubmitCommand.rootMessage(e));
    }

    private static String submitErr(int expectedExit, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "submit";
        System.arraycopy(args, 0, all, 1, args.length);
        CliRun run = CliRun.of(all);
        assertEquals(expectedExit, run.exitCode(), run.err());
        return run.err();
    }
}
