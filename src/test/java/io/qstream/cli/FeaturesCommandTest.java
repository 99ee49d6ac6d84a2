package io.qstream.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.arrays.FloatMatrix;
import io.qstream.arrays.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeaturesCommandTest {
    private static final String SPEECH = "fixtures/audio/speech-en-16k.wav";

    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 400, 4000, 1_000_000})
    void streamingPathWritesTheSameBytesAsOnePass(int chunk) throws Exception {
        Path whole = dir.resolve("whole.npy");
        Path chunked = dir.resolve("chunked.npy");
        assertEquals(0, QstreamCommand.execute("features", "--input", SPEECH, "--out", whole.toString(),
                "--num-mel-bins", "80"));
        assertEquals(0, QstreamCommand.execute("features", "--input", SPEECH, "--out", chunked.toString(),
                "--num-mel-bins", "80", "--chunk-samples", Integer.toString(chunk)));
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(chunked));
        FloatMatrix m = Npy.readMatrix(whole);
        // 186590 samples, snip-edges: 1 + (186590 - 400) / 160 frames.
        assertEquals(1 + (186_590 - 400) / 160, m.rows());
        assertEquals(80, m.cols());
    }

    @Test
    void mfccOfACompressedStereoInputHasKaldiShape() throws Exception {
        Path out = dir.resolve("mfcc.npy");
        assertEquals(0, QstreamCommand.execute("features", "--input", "fixtures/audio/speech-44k-stereo.flac",
                "--out", out.toString(), "--type", "mfcc", "--num-ceps", "20", "--num-mel-bins", "30"));
        FloatMatrix m = Npy.readMatrix(out);
        assertEquals(20, m.cols());
        assertTrue(m.rows() > 100, m.toString());
    }

    @Test
    void headerlessPcmNeedsItsFormatAndIsResampled() throws Exception {
        Path out = dir.resolve("raw.npy");
        assertEquals(0, QstreamCommand.execute("features", "--input", "fixtures/audio/speech-8k-mono.s16le",
                "--format", "s16le", "--input-sample-rate", "8000", "--channels", "1", "--out", out.toString()));
        assertEquals(23, Npy.readMatrix(out).cols());
    }

    @Test
    void badInputsAndOptionsAreClearErrorsNamingThem() throws Exception {
        Path out = dir.resolve("x.npy");
        String err = stderrOf(2, "features", "--input", "fixtures/audio/no-such.wav", "--out", out.toString());
        assertTrue(err.contains("no-such.wav") && err.contains("no such file"), err);
        err = stderrOf(2, "features", "--input", "fixtures/audio/not-media.txt", "--out", out.toString());
        assertTrue(err.contains("not-media.txt"), err);
        err = stderrOf(2, "features", "--input", SPEECH, "--out", out.toString(), "--num-mel-binz", "3");
        assertTrue(err.contains("num-mel-binz"), err);
        err = stderrOf(2, "features", "--input", SPEECH, "--out", out.toString(), "--frame-length", "-5");
        assertTrue(err.contains("frame-length"), err);
        assertTrue(Files.notExists(out), "no output is written on error");
    }

    private static String stderrOf(int expectedExit, String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(expectedExit, run.exitCode(), run.err());
        return run.err();
    }
}
