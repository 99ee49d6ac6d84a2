package io.qstream.media;

import static io.qstream.media.MediaFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Stereo becomes (L+R)/2 exactly; 44.1 kHz becomes 16 kHz with the right duration and the same signal. */
class DownmixAndResampleTest {

    @Test
    void stereoIsDownmixedToExactlyHalfTheSumOfLeftAndRight() throws Exception {
        short[][] lr = readWavInt16(path("speech-16k-stereo.wav"));
        float[] got = decodeAll(path("speech-16k-stereo.wav"), options(16000, 4000));
        assertEquals(lr[0].length, got.length);
        int differing = 0;
        for (int i = 0; i < got.length; i++) {
            float expected = (lr[0][i] + lr[1][i]) / 2f;
            if (got[i] != expected) {
                fail("sample " + i + ": L=" + lr[0][i] + " R=" + lr[1][i] + " expected " + expected + " got " + got[i]);
            }
            // The fixture is only a test of the downmix where the channels differ (and not by a factor).
            if (lr[0][i] != lr[1][i] && Math.abs(expected - 0.7071f * (lr[0][i] + lr[1][i])) > 1) {
                differing++;
            }
        }
        assertTrue(differing > got.length / 2, "channels differ in " + differing + " of " + got.length + " samples");
    }

    @Test
    void moreChannelsAreAveraged(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        // Raw s16le, 3 channels at 16 kHz with unrelated content per channel.
        int frames = 1600;
        java.util.Random rnd = new java.util.Random(7);
        short[][] ch = new short[3][frames];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(frames * 6).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < 3; c++) {
                ch[c][i] = (short) (rnd.nextInt(40000) - 20000);
                b.putShort(ch[c][i]);
            }
        }
        java.nio.file.Path raw = tmp.resolve("three.s16le");
        java.nio.file.Files.write(raw, b.array());
        DecodeOptions o = options(16000, 4000);
        o.format = "s16le";
        o.inputSampleRate = 16000;
        o.inputChannels = 3;
        float[] got = decodeAll(raw.toString(), o);
        assertEquals(frames, got.length);
        for (int i = 0; i < frames; i++) {
            double mean = (ch[0][i] + ch[1][i] + ch[2][i]) / 3.0;
            assertEquals(mean, got[i], 0.01, "sample " + i);
        }
    }

    @Test
    void resampling44kStereoTo16kKeepsDurationAndSignal() throws Exception {
        // speech-44k-stereo.flac: L = excerpt, R = excerpt/2, upsampled to 44.1 kHz; 2.0 s = 88200 samples.
        float[] got = decodeAll(path("speech-44k-stereo.flac"), options(16000, 4000));
        assertEquals(32000, got.length, 1, "2.0 s at 16 kHz");
        short[] src = readWavInt16(path("speech-en-16k.wav"))[0];
        double signal = 0;
        double noise = 0;
        // Skip the first and last 10 ms, where the excerpt was cut out of a longer signal.
        for (int i = 160; i < got.length - 160; i++) {
            double ref = 0.75 * src[16000 + i];
            signal += ref * ref;
            noise += (got[i] - ref) * (got[i] - ref);
        }
        double snrDb = 10 * Math.log10(signal / noise);
        // Same timing (no resampler delay) and waveform; measured 37.9 dB (round trip 16k -> 44.1k -> 16k through two
        // band-limiting filters, 16-bit rounding, sox dither on R). A 1-sample shift alone gives ~7 dB.
        assertTrue(snrDb > 30, "SNR against 0.75 * source " + snrDb + " dB");
    }

    @Test
    void resamplingToOtherRatesScalesTheSampleCount() throws Exception {
        for (int rate : new int[] {8000, 22050, 48000}) {
            float[] got = decodeAll(path("speech-44k-stereo.flac"), options(rate, 4000));
            assertEquals(2.0 * rate, got.length, 1, "2.0 s at " + rate + " Hz");
            assertTrue(rms(got) > 500);
        }
    }
}
