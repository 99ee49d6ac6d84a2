package io.qstream.flink;

import io.qstream.labels.LabelJson;

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

    @Test
    void aDroppedRtmpStreamIsReopenedAndContinuesWhereItStopped() throws Exception {
        // What is under test is the reconnect (numbering and state carried on, every frame counted), so the labels
        // come from the short-memory test model: the two halves are resampled from 44.1 kHz separately, which changes
        // a few samples at the join, and the shipped 3-layer speech model's onset 0.5 s later moves by 30 ms with
        // them (measured: 7.50 s live vs 7.53 s from the file), while this model's moves by at most a frame
        Path energyModel = dir.resolve("energy-vad");
        io.qstream.qrnn.ModelFiles.save(EnergyVadModel.build(io.qstream.features.FeatureSpec.defaults("fbank")), energyModel);
        Path wav = dir.resolve("speech-44k.wav");
        ffmpeg("-i", SPEECH.toString(), "-ar", "44100", wav.toString()).waitFor(60, TimeUnit.SECONDS);
        // the publisher goes away after 7 s (in a pause between words) and a new one sends the rest
        Path first = dir.resolve("first.wav");
        Path rest = dir.resolve("rest.wav");
        ffmpeg("-i", wav.toString(), "-t", "7", first.toString()).waitFor(60, TimeUnit.SECONDS);
        ffmpeg("-ss", "7", "-i", wav.toString(), rest.toString()).waitFor(60, TimeUnit.SECONDS);
        int port = freePort();
        String url = "rtmp://127.0.0.1:" + port + "/live/speech";
        Process server = ffmpeg("-i", first.toString(), "-c:a", "pcm_s16le", "-f", "flv", "-listen", "1", url);
        try {
            awaitListening(port, server);
            Path yaml = pipeline("live", url, "reconnect-attempts: 30, reconnect-delay-seconds: 0.1", energyModel);
            var job = java.util.concurrent.CompletableFuture.supplyAsync(() -> CliRun.of("run", yaml.toString(), "--no-progress"));
            assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the first publisher finished");
            server = ffmpeg("-i", rest.toString(), "-c:a", "pcm_s16le", "-f", "flv", "-listen", "1", url);
            CliRun live = job.get(120, TimeUnit.SECONDS);
            CliRun file = CliRun.of("run", pipeline("live", wav.toString(), "timeout-seconds: 20", energyModel).toString(),
                    "--no-progress");
            List<String> expected = file.out().lines().toList();
            assertTrue(expected.size() >= 2, "speech segments in the file: " + expected);
            List<String> labels = live.out().lines().filter(l -> !l.contains("\"error\"")).toList();
            List<String> errors = live.out().lines().filter(l -> l.contains("\"error\"")).toList();
            assertEquals(expected.size(), labels.size(), "segments: " + labels + " vs the file's " + expected);
            for (int i = 0; i < expected.size(); i++) {
                var a = LabelJson.JSON.readTree(expected.get(i));
                var b = LabelJson.JSON.readTree(labels.get(i));
                assertEquals(a.get("start").asDouble(), b.get("start").asDouble(), 0.011, labels.get(i));
                assertEquals(a.get("end").asDouble(), b.get("end").asDouble(), 0.011, labels.get(i));
            }
            // after the second publisher the input stays gone: the stream ends with one error saying so
            assertEquals(1, errors.size(), String.valueOf(errors));
            assertTrue(errors.get(0).contains(url) && errors.get(0).contains("gave up after 30 reconnects"), errors.get(0));
            assertTrue(live.err().matches("(?s).*live: 116[3-5] frames, 11\\.6\\d s, " + expected.size() + " segments.*"),
                    live.err());
        } finally {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Path pipeline(String name, String uri) throws IOException {
        return pipeline(name, uri, "timeout-seconds: 20", MODEL);
    }

    private Path pipeline(String name, String uri, String decode, Path model) throws IOException {
        return Files.writeString(dir.resolve(name + "-" + Math.abs((uri + decode).hashCode()) + ".yaml"), String.join("\n",
                "model: '" + model + "'",
                "labels: {frames: false, segment-labels: [speech], smoothing: {min-segment: 0.3s, min-gap: 0.5s}}",
                "checkpointing: {interval: 1s}",
                "inputs:",
                "  - {uri: '" + uri + "', name: " + name + ", decode: {" + decode + "}}",
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
