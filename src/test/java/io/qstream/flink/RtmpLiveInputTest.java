package io.qstream.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.cli.CliRun;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real live input: FFmpeg's command-line tool publishes the speech fixture as an RTMP stream (its {@code -listen}
 * server, lossless PCM in FLV) and {@code qstream run} labels it. The labels equal those of the same audio read
 * from a file, and the stream's summary counts every frame.
 */
class RtmpLiveInputTest {
    private static final Path SPEECH = Path.of("fixtures", "audio", "speech-en-16k.wav").toAbsolutePath();
    private static final Path MODEL = Path.of("fixtures", "models", "speech-vad").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void anRtmpStreamIsLabelledLikeTheSameAudioFromAFile() throws Exception {
        // FLV carries PCM at 44.1 kHz (not 16 kHz): the decoder resamples both inputs the same way
        Path wav = dir.resolve("speech-44k.wav");
        ffmpeg("-i", SPEECH.toString(), "-ar", "44100", wav.toString()).waitFor(60, TimeUnit.SECONDS);
        int port = freePort();
        String url = "rtmp://127.0.0.1:" + port + "/live/speech";
        Process server = ffmpeg("-i", wav.toString(), "-c:a", "pcm_s16le", "-f", "flv", "-listen", "1", url);
        try {
            awaitListening(port, server);
            CliRun live = CliRun.of("run", pipeline("live", url).toString(), "--no-progress");
            CliRun file = CliRun.of("run", pipeline("live", wav.toString()).toString(), "--no-progress");
            assertEquals(0, file.exitCode(), file.err());
            List<String> expected = file.out().lines().toList();
            assertTrue(expected.size() >= 2, "speech segments in the file: " + expected);
            // the -listen server drops the connection at the end, which the client may report as a read error:
            // then it is one error record after all the labels, naming the input
            List<String> labels = live.out().lines().filter(l -> !l.contains("\"error\"")).toList();
            List<String> errors = live.out().lines().filter(l -> l.contains("\"error\"")).toList();
            assertEquals(expected, labels, live.err());
            assertTrue(errors.isEmpty() || errors.size() == 1 && errors.get(0).contains(url), String.valueOf(errors));
            assertTrue(live.err().contains("live: 1164 frames, 11.64 s, " + expected.size() + " segments"), live.err());
        } finally {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Path pipeline(String name, String uri) throws IOException {
        return Files.writeString(dir.resolve(name + "-" + Math.abs(uri.hashCode()) + ".yaml"), String.join("\n",
                "model: '" + MODEL + "'",
                "labels: {frames: false, segment-labels: [speech], smoothing: {min-segment: 0.3s, min-gap: 0.5s}}",
                "checkpointing: {interval: 1s}",
                "inputs:",
                "  - {uri: '" + uri + "', name: " + name + ", decode: {timeout-seconds: 20}}",
                ""));
    }

    private static Process ffmpeg(String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-v", "error", "-y"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Waits until the port is in LISTEN state in /proc/net/tcp: connecting to find out would use up the server's
     * one client.
     */
    private static void awaitListening(int port, Process server) throws Exception {
        String local = String.format(":%04X ", port);
        for (int i = 0; i < 200; i++) {
            for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && (f[1] + " ").endsWith(local) && f[3].equals("0A")) return;
            }
            assertTrue(server.isAlive(), "ffmpeg RTMP server exited with " + (server.isAlive() ? "" : server.exitValue()));
            Thread.sleep(50);
        }
        throw new AssertionError("ffmpeg RTMP server is not listening on port " + port + " after 10 s");
    }
}
