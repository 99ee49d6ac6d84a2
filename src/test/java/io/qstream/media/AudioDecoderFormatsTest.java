package io.qstream.media;

import static io.qstream.media.MediaFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every supported kind of input decodes to the right amount of the right audio. */
class AudioDecoderFormatsTest {

    /** The 3 s excerpt (1.0..4.0 s of speech-en-16k.wav) all lossy fixtures were encoded from, int16 scale. */
    private static float[] excerpt(int fromSample, int length) throws Exception {
        short[] s = readWavInt16(path("speech-en-16k.wav"))[0];
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = s[fromSample + i];
        }
        return out;
    }

    @Test
    void wav16kMonoIsBitIdenticalToItsInt16Samples() throws Exception {
        short[] expected = readWavInt16(path("speech-en-16k.wav"))[0];
        float[] got = decodeAll(path("speech-en-16k.wav"), options(16000, 4000));
        assertEquals(expected.length, got.length, "sample count");
        for (int i = 0; i < expected.length; i++) {
            if (got[i] != expected[i]) {
                fail("sample " + i + ": decoded " + got[i] + ", WAV holds " + expected[i]);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // file,                 seconds, slack s, min correlation with the source excerpt
        "speech-22k.mp3,         3.0,     0.03,    0.90",
        "speech-opus.ogg,        3.0,     0.03,    0.90",
        "speech-aac.m4a,         3.0,     0.05,    0.90",
        "speech-video.mp4,       3.0,     0.05,    0.90",
        "speech-video.mkv,       3.0,     0.05,    0.90",
        "speech-video.webm,      3.0,     0.03,    0.90",
        "speech-44k-stereo.flac, 2.0,     0.001,   0.99",
    })
    void decodesFormatToSpeechOfTheRightLength(String file, double seconds, double slack, double minCorrelation)
            throws Exception {
        float[] got = decodeAll(path(file), options(16000, 4000));
        assertEquals(seconds * 16000, got.length, slack * 16000, file + ": sample count");
        assertTrue(rms(got) > 500, file + ": silent? rms " + rms(got));
        // Same speech as the source (codecs and resampling delay it by a few ms at most).
        float[] ref = excerpt(16000, Math.min(got.length, (int) (seconds * 16000)));
        double corr = bestCorrelation(Arrays.copyOf(got, ref.length), ref, 400);
        assertTrue(corr >= minCorrelation, file + ": correlation with the source " + corr);
    }

    @Test
    void rawS16le8kNamedByTheUserDecodesExactlyAtItsRateAndResamplesTo16k() throws Exception {
        DecodeOptions native8k = options(8000, 4000);
        native8k.format = "s16le";
        native8k.inputSampleRate = 8000;
        native8k.inputChannels = 1;
        float[] got = decodeAll(path("speech-8k-mono.s16le"), native8k);
        byte[] raw = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(path("speech-8k-mono.s16le")));
        assertEquals(raw.length / 2, got.length);
        for (int i = 0; i < got.length; i++) {
            short v = (short) ((raw[2 * i] & 0xff) | (raw[2 * i + 1] << 8));
            assertEquals(v, got[i], "raw sample " + i);
        }

        DecodeOptions to16k = native8k.copy();
        to16k.sampleRate = 16000;
        float[] up = decodeAll(path("speech-8k-mono.s16le"), to16k);
        assertEquals(2 * got.length, up.length, 2, "8k -> 16k doubles the sample count");
        assertTrue(bestCorrelation(up, excerpt(16000, 48000), 50) > 0.9, "still the same speech");
    }

    @Test
    void fileUrlsWorkLikePaths() throws Exception {
        String url = "file:" + java.nio.file.Path.of(path("speech-opus.ogg")).toAbsolutePath();
        try (AudioDecoder d = AudioDecoder.open(url, null)) {
            assertFalse(d.isLive());
            assertEquals(url, d.input());
            assertTrue(d.describe().startsWith("opus"), d.describe());
        }
        assertArrayEquals(decodeAll(path("speech-opus.ogg"), new DecodeOptions()),
                decodeAll(url, new DecodeOptions()));
    }
}
