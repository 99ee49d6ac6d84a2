package io.qstream.media;

import static io.qstream.media.VideoFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Network (live) inputs, and a file with both an audio and a video track read as two streams. */
class VideoLiveAndTracksTest {

    /** Serves one fixture file over HTTP on a free loopback port. */
    private static HttpServer serve(String name) throws Exception {
        byte[] body = Files.readAllBytes(Path.of(path(name)));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/" + name, ex -> {
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        return server;
    }

    @Test
    void httpInputDecodesLikeTheFileAndRenumbersOnSkip() throws Exception {
        HttpServer server = serve("shots-vp9.webm");
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/shots-vp9.webm";
            List<VideoFrame> file = decodeAll(path("shots-vp9.webm"), null);
            VideoDecodeOptions o = options(160, 120, 0);
            o.timeoutSeconds = 5;
            List<VideoFrame> net = decodeAll(url, o);
            assertEquals(file.size(), net.size());
            for (int i = 0; i < file.size(); i++) {
                assertArrayEquals(file.get(i).rgb(), net.get(i).rgb(), "frame " + i);
            }
            try (VideoDecoder d = VideoDecoder.open(url, o)) {
                assertTrue(d.isLive());
                d.skipTo(1000); // a live stream cannot be replayed: numbering continues from the restored position
                VideoFrame f = d.read();
                assertEquals(1000, f.index());
                assertArrayEquals(file.get(0).rgb(), f.rgb(), "the next frame the stream delivers");
                assertEquals(1001, d.position());
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void audioAndVideoTracksOfOneFileAreTwoStreams() throws Exception {
        String input = path("shots-speech.mp4");
        List<VideoFrame> frames = decodeAll(input, null);
        assertEquals(labelCount("shots-speech.labels.csv"), frames.size());
        long samples = 0;
        double rms = 0;
        try (AudioDecoder a = AudioDecoder.open(input, null)) {
            AudioChunk c;
            while ((c = a.read()) != null) {
                samples += c.samples().length;
                for (float v : c.samples()) {
                    rms += (double) v * v;
                }
            }
        }
        double videoSeconds = frames.size() / 25.0;
        assertEquals(videoSeconds, samples / 16000.0, 0.1, "the AAC track spans the video");
        assertTrue(Math.sqrt(rms / samples) > 300, "the audio track holds speech, rms " + Math.sqrt(rms / samples));
    }
}
