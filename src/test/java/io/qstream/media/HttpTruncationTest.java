package io.qstream.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Files served over http with a Content-Length are checked like files on disk: a truncated WAV or MP4 is an error
 * saying how much its header declares and where it ends, not a silently short stream; a whole file is not.
 */
class HttpTruncationTest {
    private static HttpServer server;
    private static String base;

    @BeforeAll
    static void serveFixtures() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String name = ex.getRequestURI().getPath().substring(1);
            Path file = Path.of(name.endsWith(".mp4") ? "fixtures/video" : "fixtures/audio", name);
            byte[] body = Files.readAllBytes(file);
            String range = ex.getRequestHeaders().getFirst("Range");
            int from = 0;
            int to = body.length - 1;
            if (range != null && range.startsWith("bytes=")) {
                String[] r = range.substring(6).split("-");
                from = Integer.parseInt(r[0]);
                if (r.length > 1 && !r[1].isEmpty()) to = Math.min(to, Integer.parseInt(r[1]));
            }
            ex.getResponseHeaders().add("Accept-Ranges", "bytes");
            if (range != null) ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + to + "/" + body.length);
            ex.sendResponseHeaders(range != null ? 206 : 200, to - from + 1);
            try (var out = ex.getResponseBody()) {
                out.write(body, from, to - from + 1);
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void aTruncatedWavOverHttpFailsAsOnDisk() throws Exception {
        String url = base + "truncated.wav";
        long samples = 0;
        try (AudioDecoder d = AudioDecoder.open(url, null)) {
            MediaException e = assertThrows(MediaException.class, () -> {
                for (AudioChunk c; (c = d.read()) != null; ) { /* drain */ }
            });
            assertEquals(MediaException.Kind.CORRUPT, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains(url) && e.getMessage().contains("declares 3.000 s")
                    && e.getMessage().contains("ends after 1.199 s"), e.getMessage());
            samples = Math.round(e.secondsDecoded() * 16000);
        }
        assertEquals(19186, samples, "what is there is delivered first");
    }

    @Test
    void aWholeWavOverHttpDecodesToItsEnd() throws Exception {
        assertEquals(samples("fixtures/audio/speech-en-16k.wav"), samples(base + "speech-en-16k.wav"),
                "every sample the file on disk has");
    }

    private static long samples(String input) throws MediaException {
        long n = 0;
        try (AudioDecoder d = AudioDecoder.open(input, null)) {
            for (AudioChunk c; (c = d.read()) != null; ) n += c.samples().length;
        }
        return n;
    }

    @Test
    void aTruncatedMp4OverHttpFailsAsOnDisk() throws Exception {
        String url = base + "truncated.mp4";
        try (VideoDecoder d = VideoDecoder.open(url, null)) {
            MediaException e = assertThrows(MediaException.class, () -> {
                for (VideoFrame f; (f = d.read()) != null; ) { /* drain */ }
            });
            assertEquals(MediaException.Kind.CORRUPT, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }
}
