package io.qstream.media;

import static org.junit.jupiter.api.Assertions.*;

import io.qstream.media.MediaException.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The input-level pieces audio and video decoding share: naming inputs, early file checks, option checks. */
class FfmpegInputTest {

    @TempDir
    Path dir;

    @Test
    void liveMeansANetworkScheme() {
        assertTrue(LiveInputs.isLive("rtsp://cam/1"));
        assertTrue(LiveInputs.isLive("HTTPS://host/a.mp3"), "schemes are case-insensitive");
        assertTrue(LiveInputs.isLive("udp://239.0.0.1:1234"));
        assertFalse(LiveInputs.isLive("/data/a.wav"));
        assertFalse(LiveInputs.isLive("file:///data/a.wav"));
        assertFalse(LiveInputs.isLive("frames/%04d.png"));
    }

    @Test
    void localPathOfPathsAndFileUrlsOnly() {
        assertEquals(Path.of("/data/a.wav"), FfmpegInput.localPath("/data/a.wav"));
        assertEquals(Path.of("/data/a.wav"), FfmpegInput.localPath("file:///data/a.wav"));
        assertEquals(Path.of("rel/a.wav"), FfmpegInput.localPath("file:rel/a.wav"));
        assertNull(FfmpegInput.localPath("http://host/a.wav"));
        assertEquals("rtmp", LiveInputs.scheme("RTMP://host/live"));
        assertEquals("", LiveInputs.scheme("/data/a.wav"));
    }

    private static Kind checkFails(String input) {
        return assertThrows(MediaException.class, () -> FfmpegInput.checkLocalFile(input)).kind();
    }

    @Test
    void checkLocalFileClassifiesWhatCannotBeMedia() throws Exception {
        assertEquals(Kind.NOT_FOUND, checkFails(dir.resolve("missing.wav").toString()));
        assertEquals(Kind.NOT_MEDIA, checkFails(dir.toString()));
        Path empty = Files.createFile(dir.resolve("empty.wav"));
        assertEquals(Kind.EMPTY, checkFails(empty.toString()));
        MediaException e = assertThrows(MediaException.class, () -> FfmpegInput.checkLocalFile(empty.toString()));
        assertEquals(empty + ": empty file (0 bytes)", e.getMessage());
        Path some = Files.write(dir.resolve("some.bin"), new byte[] {1, 2, 3});
        FfmpegInput.checkLocalFile(some.toString()); // exists and has bytes: FFmpeg decides the rest
        FfmpegInput.checkLocalFile("http://host/missing.wav"); // URLs are not checked here
    }

    @Test
    void errTextNamesTheCode() {
        String text = FfmpegInput.err(-2);
        assertTrue(text.endsWith(" [-2]"), text);
        assertTrue(text.length() > " [-2]".length(), text);
    }

    @Test
    void sharedOptionChecksNameTheOption() {
        InputOptions.checkTimeout(0.5);
        InputOptions.checkFormat(null);
        InputOptions.checkFormat("s16le");
        InputOptions.checkFfmpegOptions(Map.of("probesize", "32768"));
        assertThrows(IllegalArgumentException.class, () -> InputOptions.checkTimeout(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> InputOptions.checkFormat(" "));
        assertThrows(IllegalArgumentException.class, () -> InputOptions.checkFfmpegOptions(null));
        Map<String, String> nullValue = new LinkedHashMap<>();
        nullValue.put("probesize", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InputOptions.checkFfmpegOptions(nullValue));
        assertTrue(e.getMessage().contains("ffmpegOptions entry probesize=null"), e.getMessage());
    }

    @Test
    void bothOptionClassesHandOnTheSameInputOptions() {
        DecodeOptions audio = new DecodeOptions();
        audio.format = "s16le";
        audio.timeoutSeconds = 3;
        audio.ffmpegOptions.put("probesize", "32768");
        assertEquals(new InputOptions("s16le", 3, Map.of("probesize", "32768")), audio.inputOptions());
        VideoDecodeOptions video = new VideoDecodeOptions();
        video.format = "image2";
        assertEquals(new InputOptions("image2", 10, Map.of()), video.inputOptions());
    }
}
