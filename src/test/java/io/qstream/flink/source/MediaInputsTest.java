package io.qstream.flink.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qstream.pipeline.MediaInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaInputsTest {

    @Test
    void globsThatOverlapAreRefusedBecauseTheirStreamsWouldShareState(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("a.wav"), new byte[] {1});
        Files.write(dir.resolve("b.wav"), new byte[] {1});
        List<MediaInput> in = List.of(MediaInput.audio(dir + "/*.wav", null), MediaInput.audio(dir + "/a*", null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MediaInputs.expand(in));
        assertEquals("stream id '" + dir.resolve("a.wav") + "' comes from two inputs (" + dir + "/*.wav and " + dir
                + "/a*): give the inputs names, or patterns that do not overlap", e.getMessage());
    }

    @Test
    void namedGlobsThatOverlapGetDistinctStreams(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("a.wav"), new byte[] {1});
        List<MediaInput> in = List.of(MediaInput.audio(dir + "/*.wav", "x"), MediaInput.audio(dir + "/a*", "y"));
        assertEquals(List.of("x/a.wav", "y/a.wav"), MediaInputs.expand(in).stream().map(MediaSplit::stream).toList());
    }
}
