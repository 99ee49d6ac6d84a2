package io.qstream.media;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class DecodeOptionsTest {

    @Test
    void defaultsAreTheDocumentedOnesAndValid() {
        DecodeOptions o = new DecodeOptions();
        assertNull(o.format);
        assertEquals(0, o.inputSampleRate);
        assertEquals(0, o.inputChannels);
        assertEquals(16000, o.sampleRate);
        assertEquals(4000, o.chunkSamples);
        assertEquals(10.0, o.timeoutSeconds);
        assertTrue(o.ffmpegOptions.isEmpty());
        o.validate();
    }

    private static void invalid(String expectedInMessage, java.util.function.Consumer<DecodeOptions> change) {
        DecodeOptions o = new DecodeOptions();
        change.accept(o);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, o::validate);
        assertTrue(e.getMessage().contains(expectedInMessage), e.getMessage());
    }

    @Test
    void validateNamesTheBadOption() {
        invalid("sampleRate", o -> o.sampleRate = -1);
        invalid("chunkSamples", o -> o.chunkSamples = 0);
        invalid("timeoutSeconds", o -> o.timeoutSeconds = 0);
        invalid("timeoutSeconds", o -> o.timeoutSeconds = Double.NaN);
        invalid("inputChannels", o -> o.inputChannels = -2);
        invalid("format", o -> o.inputSampleRate = 8000); // raw parameters without a format
        invalid("inputChannels", o -> {
            o.format = "s16le";
            o.inputSampleRate = 8000;
        });
        invalid("format", o -> o.format = " ");
        invalid("ffmpegOptions", o -> o.ffmpegOptions.put("probesize", null));
    }

    @Test
    void rawPcmNeedsRateAndChannelsOtherFormatsDoNot() {
        DecodeOptions raw = new DecodeOptions();
        raw.format = "f32le";
        raw.inputSampleRate = 48000;
        raw.inputChannels = 2;
        raw.validate();
        DecodeOptions wav = new DecodeOptions();
        wav.format = "wav";
        wav.validate();
        assertTrue(DecodeOptions.isRawPcm("s16le") && DecodeOptions.isRawPcm("u8") && DecodeOptions.isRawPcm("mulaw"));
        assertFalse(DecodeOptions.isRawPcm("wav") || DecodeOptions.isRawPcm("flac") || DecodeOptions.isRawPcm(null));
    }

    @Test
    void copyIsDeepAndSerializationRoundTrips() throws Exception {
        DecodeOptions o = new DecodeOptions();
        o.format = "s16le";
        o.inputSampleRate = 8000;
        o.inputChannels = 1;
        o.ffmpegOptions.put("probesize", "4096");
        DecodeOptions c = o.copy();
        o.ffmpegOptions.put("other", "1");
        assertEquals(1, c.ffmpegOptions.size());
        assertEquals(o.format, c.format);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(c);
        }
        DecodeOptions back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (DecodeOptions) in.readObject();
        }
        assertEquals(c.toString(), back.toString());
    }
}
