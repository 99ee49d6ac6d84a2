package io.qstream.media;

import static io.qstream.media.VideoFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import io.qstream.media.MediaException.Kind;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad video input fails with its kind and a message naming the input and the cause. */
class VideoDecodeErrorsTest {

    private static MediaException openFails(String input, VideoDecodeOptions o, Kind kind, String... parts) {
        MediaException e = assertThrows(MediaException.class, () -> {
            try (VideoDecoder d = VideoDecoder.open(input, o)) {
                fail("opened " + input + " (" + d.describe() + ")");
            }
        });
        check(e, input, kind, parts);
        return e;
    }

    private static void check(MediaException e, String input, Kind kind, String... parts) {
        assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(input, e.input());
        assertTrue(e.getMessage().startsWith(input + ": "), "message names the input: " + e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message mentions '" + part + "': " + e.getMessage());
        }
    }

    @Test
    void missingFile() {
        openFails(path("missing.mp4"), null, Kind.NOT_FOUND, "no such file");
    }

    @Test
    void textFileIsNotMedia() {
        openFails(path("not-media.txt"), null, Kind.NOT_MEDIA, "not a media file");
    }

    @Test
    void zeroByteFileIsEmpty() {
        openFails(path("empty.mp4"), null, Kind.EMPTY, "0 bytes");
    }

    @Test
    void directoryIsNotMedia() {
        openFails(path("frames"), null, Kind.NOT_MEDIA, "directory");
    }

    @Test
    void audioOnlyFileHasNoVideo() {
        openFails(path("audio-only.m4a"), null, Kind.NO_VIDEO, "no video stream", "audio aac");
    }

    @Test
    void videoStreamWithoutFramesIsEmpty() {
        openFails(path("zero-frames.avi"), null, Kind.EMPTY, "no video frames", "mjpeg");
    }

    @Test
    void missingImageSequence() {
        openFails(path("frames") + "/missing-%03d.png", null, Kind.NOT_FOUND);
    }

    @Test
    void badOptionsNameTheOption() {
        VideoDecodeOptions o = options(-1, 120, 0);
        openFails(path("shots-h264.mp4"), o, Kind.BAD_OPTIONS, "width");
        o = options(160, 120, -5);
        openFails(path("shots-h264.mp4"), o, Kind.BAD_OPTIONS, "fps");
        o = options(160, 120, 0);
        o.ffmpegOptions.put("no_such_option", "1");
        openFails(path("shots-h264.mp4"), o, Kind.BAD_OPTIONS, "no_such_option");
        o = options(160, 120, 0);
        o.format = "no-such-demuxer";
        openFails(path("shots-h264.mp4"), o, Kind.BAD_OPTIONS, "no-such-demuxer");
    }

    /**
     * Frames before the damage are delivered, at least {@code minFrames} and fewer than {@code maxFrames} (so
     * decoding stopped at the damage, not later); then the failure, which repeats.
     */
    private static MediaException readUntilFailure(String input, int minFrames, int maxFrames) throws MediaException {
        List<VideoFrame> got = new ArrayList<>();
        try (VideoDecoder d = VideoDecoder.open(input, null)) {
            try {
                VideoFrame f;
                while ((f = d.read()) != null) {
                    got.add(f);
                }
            } catch (MediaException e) {
                assertSame(e, assertThrows(MediaException.class, d::read), "the failure repeats");
                assertTrue(got.size() >= minFrames, "frames before the damage delivered: " + got.size());
                assertTrue(got.size() < maxFrames, "stopped at the damage: " + got.size());
                assertTrue(e.secondsDecoded() > 0, "says how far decoding got");
                return e;
            }
        }
        throw new AssertionError(input + " decoded to the end without an error");
    }

    @Test
    void corruptH264FailsAtTheDamage() throws Exception {
        MediaException e = readUntilFailure(path("corrupt.mp4"), 1, 50);
        check(e, path("corrupt.mp4"), Kind.CORRUPT, "corrupt data after");
    }

    @Test
    void damagedWebmThatTheDemuxerSkipsFailsAtTheGap() throws Exception {
        // the damaged bytes sit 2.5 s (frame 62 at 25 fps) into the clip: the jump is seen at the first frame after it
        MediaException e = readUntilFailure(path("corrupt.webm"), 60, 70);
        check(e, path("corrupt.webm"), Kind.CORRUPT, "frames jump from 2.480 s to 5.040 s");
        assertEquals(2.52, e.secondsDecoded(), 1e-9, "the intact frames reach 2.52 s");
    }

    @Test
    void truncatedMp4FailsAsTruncated() throws Exception {
        MediaException e = readUntilFailure(path("truncated.mp4"), 1, 50);
        check(e, path("truncated.mp4"), Kind.CORRUPT, "truncated");
    }

    @Test
    void silentLiveInputTimesOut() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            Thread t = new Thread(() -> {
                try (Socket s = server.accept()) {
                    Thread.sleep(5000); // accepts, then never answers
                } catch (Exception ignored) {
                    // the test is over
                }
            });
            t.setDaemon(true);
            t.start();
            VideoDecodeOptions o = options(160, 120, 0);
            o.timeoutSeconds = 0.5;
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/live.ts";
            MediaException e = openFails(url, o, Kind.TIMEOUT, "no data for 0.5 s");
            assertEquals(0, e.secondsDecoded());
        }
    }

    @Test
    void closedDecoderRefusesReads(@TempDir Path dir) throws Exception {
        VideoDecoder d = VideoDecoder.open(path("index-10fps.mkv"), null);
        d.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, d::read);
        assertTrue(e.getMessage().contains("index-10fps.mkv"));
    }
}
