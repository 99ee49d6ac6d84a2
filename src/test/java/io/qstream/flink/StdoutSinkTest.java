package io.qstream.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stdout sink's pieces; exactly-once printing across a failover is tested in {@link LabelJobMiniClusterTest}. */
class StdoutSinkTest {
    @Test
    void streamIsReadFromTheFirstField() {
        assertEquals("in/a \"quoted\".wav", StdoutSink.streamOf("{\"stream\":\"in/a \\\"quoted\\\".wav\",\"frame\":3}"));
        assertEquals("x#audio", StdoutSink.streamOf("{\"stream\":\"x#audio\",\"error\":\"boom\",\"t\":1.0}"));
        assertEquals("", StdoutSink.streamOf("{\"label\":\"speech\",\"stream\":\"late\"}"));
        assertEquals("", StdoutSink.streamOf("not json"));
    }

    @Test
    void lineCountsRoundTrip() throws IOException {
        var ser = new StdoutSink.LineCountsSerializer();
        Map<String, Long> counts = Map.of("a.wav", 12L, "b#video", 0L, "ü", Long.MAX_VALUE);
        assertEquals(counts, ser.deserialize(ser.getVersion(), ser.serialize(counts)));
        assertThrows(IOException.class, () -> ser.deserialize(2, ser.serialize(counts)));
    }
}
