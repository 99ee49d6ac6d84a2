package io.qstream.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** FeatureSpec: Kaldi names and defaults, map round trip, CLI-style parsing, errors that name the option. */
class FeatureSpecTest {
    @Test
    void kaldiDefaultsExceptDither() {
        FeatureSpec fbank = FeatureSpec.defaults("fbank");
        assertEquals("fbank", fbank.type());
        assertEquals(23, fbank.dim());
        assertEquals(16000, fbank.sampleRate());
        assertEquals(160, fbank.frameShiftSamples());
        assertEquals(400, fbank.frameLengthSamples());
        assertEquals(0.01, fbank.frameShiftSeconds(), 1e-12);
        Map<String, Object> m = fbank.toMap();
        assertEquals(0.0, m.get("dither"));
        assertEquals(0.97, m.get("preemphasis-coefficient"));
        assertEquals("povey", m.get("window-type"));
        assertEquals(true, m.get("snip-edges"));
        assertEquals(true, m.get("remove-dc-offset"));
        assertEquals(true, m.get("round-to-power-of-two"));
        assertEquals(20.0, m.get("low-freq"));
        assertEquals(0.0, m.get("high-freq"));
        assertEquals(false, m.get("use-energy"));
        assertEquals(true, m.get("use-log-fbank"));
        assertFalse(m.containsKey("num-ceps"));

        FeatureSpec mfcc = FeatureSpec.defaults("mfcc");
        assertEquals(13, mfcc.dim());
        assertEquals(23, mfcc.toMap().get("num-mel-bins"));
        assertEquals(22.0, mfcc.toMap().get("cepstral-lifter"));
        assertEquals(true, mfcc.toMap().get("use-energy"));
        assertFalse(mfcc.toMap().containsKey("use-power"));
        assertEquals(FeatureSpec.defaults("fbank"), FeatureSpec.fromMap(Map.of()));  // type defaults to fbank
    }

    @Test
    void mapRoundTripsForEveryOption() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "mfcc");
        m.put("num-mel-bins", 40);
        m.put("num-ceps", 20);
        m.put("snip-edges", false);
        m.put("window-type", "hamming");
        m.put("frame-length", 32);        // integer for a double option is fine
        m.put("high-freq", -400.0);
        m.put("dither-seed", 9);
        FeatureSpec spec = FeatureSpec.fromMap(m);
        assertEquals(20, spec.dim());
        assertEquals(512, spec.frameLengthSamples());
        Map<String, Object> full = spec.toMap();
        assertEquals(FeatureSpec.optionNames("mfcc"), java.util.List.copyOf(full.keySet()));
        assertEquals(spec, FeatureSpec.fromMap(full));
        assertEquals(full, FeatureSpec.fromMap(full).toMap());
        // Java serialisation (Flink ships specs inside operators)
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(spec);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(spec, in.readObject());
        }
        FeatureSpec energy = FeatureSpec.fromMap(Map.of("type", "fbank", "num-mel-bins", 80, "use-energy", true));
        assertEquals(81, energy.dim());
    }

    @Test
    void cliStyleOptionsParseToTypedValues() {
        Map<String, String> cli = new LinkedHashMap<>();
        cli.put("--type", "mfcc");
        cli.put("--num-ceps", "20");
        cli.put("--num-mel-bins", "30");
        cli.put("--snip-edges", "false");
        cli.put("--remove-dc-offset", "");   // bare flag = true
        cli.put("low-freq", "40");          // "--" is optional
        cli.put("--window-type", "blackman");
        FeatureSpec spec = FeatureSpec.fromOptions(cli);
        Map<String, Object> m = spec.toMap();
        assertEquals("mfcc", m.get("type"));
        assertEquals(20, m.get("num-ceps"));
        assertEquals(30, m.get("num-mel-bins"));
        assertEquals(false, m.get("snip-edges"));
        assertEquals(true, m.get("remove-dc-offset"));
        assertEquals(40.0, m.get("low-freq"));
        assertEquals("blackman", m.get("window-type"));
    }

    @Test
    void rawArgumentsLikeKaldiTools() {
        FeatureSpec spec = FeatureSpec.fromArgs(java.util.List.of("--type=mfcc", "--num-ceps", "20", "--snip-edges",
                "false", "--htk-compat", "--num-mel-bins=30", "--use-energy"));
        Map<String, Object> m = spec.toMap();
        assertEquals(20, m.get("num-ceps"));
        assertEquals(30, m.get("num-mel-bins"));
        assertEquals(false, m.get("snip-edges"));
        assertEquals(true, m.get("htk-compat"));
        assertEquals(true, m.get("use-energy"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeatureSpec.fromArgs(java.util.List.of("--num-mel-bins", "--snip-edges")));
        assertTrue(e.getMessage().contains("num-mel-bins"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FeatureSpec.fromArgs(java.util.List.of("80")));
        assertTrue(e.getMessage().contains("'80'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FeatureSpec.fromArgs(java.util.List.of("--num-mel-bins=40", "--num-mel-bins=80")));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
    }

    @Test
    void errorsNameTheOption() {
        assertError(Map.of("num-mel-binz", 40), "num-mel-binz");
        assertError(Map.of("type", "fbank", "num-ceps", 13), "num-ceps");
        assertError(Map.of("type", "plp"), "type");
        assertError(Map.of("num-mel-bins", 2), "num-mel-bins");
        assertError(Map.of("num-mel-bins", 40.5), "num-mel-bins");
        assertError(Map.of("num-mel-bins", "many"), "num-mel-bins");
        assertError(Map.of("snip-edges", "yes"), "snip-edges");
        assertError(Map.of("window-type", "kaiser"), "window-type");
        assertError(Map.of("window-type", 3), "window-type");
        assertError(Map.of("low-freq", 9000), "low-freq");
        assertError(Map.of("high-freq", 9000), "high-freq");
        assertError(Map.of("high-freq", 10, "low-freq", 20), "high-freq");
        assertError(Map.of("frame-shift", 0), "frame-shift");
        assertError(Map.of("frame-length", -1), "frame-length");
        assertError(Map.of("sample-frequency", 0), "sample-frequency");
        assertError(Map.of("dither", -1), "dither");
        assertError(Map.of("preemphasis-coefficient", 1.5), "preemphasis-coefficient");
        assertError(Map.of("num-mel-bins", 200), "num-mel-bins");  // empty bins at 512-point FFT
        assertError(Map.of("type", "mfcc", "num-ceps", 30), "num-ceps");
        assertError(Map.of("type", "mfcc", "cepstral-lifter", -1), "cepstral-lifter");
        assertError(Map.of("vtln-warp", 1.1, "vtln-low", 10), "vtln-low");
        assertError(Map.of("round-to-power-of-two", false, "frame-length", 25.0625), "frame-length");
        Map<String, Object> nullValue = new HashMap<>();
        nullValue.put("dither", null);
        assertError(nullValue, "dither");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeatureSpec.fromOptions(Map.of("--frame-length", "abc")));
        assertTrue(e.getMessage().contains("frame-length=abc"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FeatureSpec.fromOptions(Map.of("--num-mel-bins", "")));
        assertTrue(e.getMessage().contains("num-mel-bins"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FeatureSpec.fromOptions(Map.of("--bogus", "1")));
        assertTrue(e.getMessage().contains("bogus") && e.getMessage().contains("num-mel-bins"), e.getMessage());
    }

    private static void assertError(Map<String, ?> map, String key) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureSpec.fromMap(map),
                "expected an error for " + map);
        assertTrue(e.getMessage().contains(key), "message should name " + key + ": " + e.getMessage());
    }
}
