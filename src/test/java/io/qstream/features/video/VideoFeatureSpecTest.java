package io.qstream.features.video;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VideoFeatureSpecTest {

    @Test
    void defaultsAndLayout() {
        VideoFeatureSpec s = VideoFeatureSpec.defaults();
        assertEquals("video", s.type());
        assertEquals(160, s.width());
        assertEquals(120, s.height());
        assertEquals(0.0, s.fps());
        assertEquals(16 + 8 + 8 + 8 + 2 * 4, s.dim());
        assertEquals(16 + 8 + 8 + 8, s.frameDim());
        assertEquals(s.dim(), s.columnNames().size());
        assertEquals("hue-0", s.columnNames().get(0));
        assertEquals("value-7", s.columnNames().get(31));
        assertEquals("diff-luma-mean", s.columnNames().get(s.frameDim() - 1));
        assertEquals("next1-diff-hist", s.columnNames().get(s.frameDim()));
        assertEquals(VideoFeatureSpec.optionNames().size(), s.toMap().size());
    }

    @Test
    void mapRoundTripsAndAcceptsStrings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hue-bins", "12");
        m.put("fps", 12.5);
        m.put("edge-threshold", "30");
        m.put("width", 320.0);
        VideoFeatureSpec s = VideoFeatureSpec.fromMap(m);
        assertEquals(12, s.hueBins());
        assertEquals(12.5, s.fps());
        assertEquals(30.0, s.edgeThreshold());
        assertEquals(320, s.width());
        assertEquals(12 + 8 + 8 + 8 + 8, s.dim());
        assertEquals(s, VideoFeatureSpec.fromMap(s.toMap()));
        assertEquals(s.toMap(), VideoFeatureSpec.fromMap(s.toMap()).toMap());
        assertNotEquals(VideoFeatureSpec.defaults(), s);
    }

    private static void rejects(String key, Object value, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VideoFeatureSpec.fromMap(Map.of(key, value)));
        assertTrue(e.getMessage().contains(key), e.getMessage());
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), e.getMessage());
        }
    }

    @Test
    void badOptionsAreNamed() {
        rejects("hue-binz", 3, "unknown", "hue-bins");
        rejects("type", "fbank", "video");
        rejects("hue-bins", 0, "1..360");
        rejects("hue-bins", 2.5, "integer");
        rejects("hue-bins", "many", "integer");
        rejects("fps", -1, "fps");
        rejects("min-saturation", 1.0, "[0, 1)");
        rejects("edge-threshold", 0, "(0, 255]");
        rejects("thumb-width", 500, "1..160");
        rejects("width", true, "integer");
        rejects("lookahead", 26, "0..25");
    }
}
