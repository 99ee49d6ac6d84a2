package io.qstream.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cut Ogg file must not pass for a shorter, complete one: Ogg declares no duration to compare with. */
class OggEndTest {
    private static final Path OGG = MediaFixtures.DIR.resolve("speech-opus.ogg");

    @Test
    void aFinishedFileEndsWithAnEndOfStreamPage() {
        assertNull(OggEnd.problem(OGG));
    }

    @Test
    void aFileCutMidPageOrBeforeItsLastPageIsTruncated(@TempDir Path dir) throws Exception {
        byte[] ogg = Files.readAllBytes(OGG);
        Path mid = dir.resolve("mid.ogg");
        Files.write(mid, Arrays.copyOf(ogg, ogg.length / 2 + 7));
        assertEquals("it ends in the middle of an Ogg page", OggEnd.problem(mid));
        int lastPage = lastIndexOf(ogg, new byte[] {'O', 'g', 'g', 'S'});
        Path cut = dir.resolve("cut.ogg");
        Files.write(cut, Arrays.copyOf(ogg, lastPage));
        assertEquals("its last Ogg page is not flagged end-of-stream", OggEnd.problem(cut));

        MediaException e = assertThrows(MediaException.class,
                () -> MediaFixtures.decodeAll(cut.toString(), MediaFixtures.options(16_000, 4000)));
        assertEquals(MediaException.Kind.CORRUPT, e.kind());
        assertTrue(e.getMessage().startsWith(cut + ": truncated: its last Ogg page is not flagged end-of-stream after "), e.getMessage());
    }

    private static int lastIndexOf(byte[] data, byte[] pattern) {
        for (int i = data.length - pattern.length; i >= 0; i--) {
            if (Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) return i;
        }
        return -1;
    }
}
