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
