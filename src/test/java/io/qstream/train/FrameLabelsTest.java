package io.qstream.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameLabelsTest {
    private static final List<String> LABELS = List.of("nonspeech", "speech");
    @TempDir Path dir;

    @Test
    void readsFrameCsvCutAndPaddedToTheFeatureFrames() throws IOException {
        Path f = dir.resolve("a.csv");
        Files.writeString(f, "frame_index,label\n0,nonspeech\n1,speech\n2,speech\n3,nonspeech\n4,speech\n");
        assertArrayEquals(new int[] {0, 1, 1}, FrameLabels.read(f, 3, LABELS, 0.01, 0.025));
        assertArrayEquals(new int[] {0, 1, 1, 0, 1, 0}, FrameLabels.read(f, 6, LABELS, 0.01, 0.025));
    }

    @Test
    void readsSegmentListsByFrameCentre() throws IOException {
        Path f = dir.resolve("a.seg");
        // Frame i centre = 0.01 i + 0.0125: [0.03, 0.06) covers the centres of frames 2, 3, 4.
        Files.writeString(f, "# start end label\n0.03 0.06 speech\n");
        assertArrayEquals(new int[] {0, 0, 1, 1, 1, 0, 0}, FrameLabels.read(f, 7, LABELS, 0.01, 0.025));
    }

    @Test
    void unknownLabelNamesFileAndLine() throws IOException {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "frame_index,label\n0,music\n");
        IOException e = assertThrows(IOException.class, () -> FrameLabels.read(f, 3, LABELS, 0.01, 0.025));
        assertTrue(e.getMessage().contains("bad.csv line 2") && e.getMessage().contains("music"), e.getMessage());
    }
}
