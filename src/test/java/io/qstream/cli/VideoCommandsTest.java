package io.qstream.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.qstream.arrays.FloatMatrix;
import io.qstream.arrays.Npy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** qstream video-features and video-shots-baseline on the bundled shot fixtures. */
class VideoCommandsTest {

    private static final Path FIX = Path.of("fixtures", "video").toAbsolutePath();

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        try {
            assertEquals(0, QstreamCommand.execute(args), "exit code of " + String.join(" ", args));
        } finally {
            System.setOut(old);
        }
        return buf.toString();
    }

    @Test
    void videoFeaturesWritesOneRowPerFrame(@TempDir Path dir) throws Exception {
        run("video-features", "--out-dir", dir.toString(), "-O", "hue-bins=12",
                FIX.resolve("shots-mjpeg.avi").toString());
        FloatMatrix f = Npy.readMatrix(dir.resolve("shots-mjpeg.npy"));
        assertEquals(Files.readAllLines(FIX.resolve("shots-mjpeg.labels.csv")).size() - 1, f.rows());
        assertEquals(12 + 8 + 8 + 8 + 2 * 4, f.cols());
    }

    @Test
    void badFeatureOptionFailsNamingIt(@TempDir Path dir) {
        assertEquals(2, QstreamCommand.execute("video-features", "--out-dir", dir.toString(), "-O", "hue=3",
                FIX.resolve("shots-mjpeg.avi").toString()));
    }

    @Test
    void baselineTunesAndReports(@TempDir Path dir) throws Exception {
        Path m = dir.resolve("m.tsv");
        Files.writeString(m, "media\tlabels\n"
                + FIX.resolve("shots-h264.mp4") + "\t" + FIX.resolve("shots-h264.labels.csv") + "\n"
                + FIX.resolve("shots-speech.mp4") + "\t" + FIX.resolve("shots-speech.labels.csv") + "\n");
        String out = run("video-shots-baseline", "--train", m.toString(), "--val", m.toString());
        assertTrue(out.contains("\"detector\": \"diff-hist-threshold\""), out);
        assertTrue(out.contains("shots-speech.mp4: F1"), out);
    }
}
