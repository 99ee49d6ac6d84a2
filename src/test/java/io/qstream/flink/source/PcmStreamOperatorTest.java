package io.qstream.flink.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.flink.record.Kind;
import io.qstream.flink.record.MediaChunk;
import io.qstream.flink.record.PcmRecord;
import io.qstream.media.RawPcm;
import io.qstream.pipeline.KafkaInput;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

/** {@link PcmStreamOperator} (and {@link KafkaPcm#read}) in Flink's operator harness: records to chunks, errors, timeouts. */
class PcmStreamOperatorTest {
    private static final KafkaInput INPUT = input(null, 0, 0, 1000);

    private static KafkaInput input(RawPcm format, int rate, int channels, long idleMillis) {
        return new KafkaInput("live", "127.0.0.1:1", "audio", null, "g", "earliest", false, format, rate, channels, 16000,
                idleMillis, Map.of());
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, PcmRecord, MediaChunk> harness(KafkaInput in) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new PcmStreamOperator(in), (PcmRecord r) -> r.stream, Types.STRING);
        h.open();
        return h;
    }

    /** A record as the Kafka source reads it: key, value, headers name=value. */
    private static PcmRecord record(KafkaInput in, String key, byte[] value, String... headers) {
        Map<String, String> h = new HashMap<>();
        for (int i = 0; i < headers.length; i += 2) h.put(headers[i], headers[i + 1]);
        return KafkaPcm.read(in, "audio", 0, 7, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value,
                name -> h.containsKey(name) ? new RecordHeader(name, h.get(name).getBytes(StandardCharsets.UTF_8)) : null);
    }

    private static PcmRecord s16(String key, short... samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) b.putShort(s);
        return record(INPUT, key, b.array(), KafkaPcm.FORMAT, "s16le", KafkaPcm.SAMPLE_RATE, "16000", KafkaPcm.CHANNELS, "1");
    }

    private static PcmRecord end(String key) {
        return record(INPUT, key, new byte[0], KafkaPcm.END, "");
    }

    private static List<MediaChunk> out(KeyedOneInputStreamOperatorTestHarness<String, PcmRecord, MediaChunk> h) {
        List<MediaChunk> out = new ArrayList<>();
        for (Object o : h.getOutput()) if (o instanceof StreamRecord<?> r) out.add((MediaChunk) r.getValue());
        return out;
    }

    private static List<MediaChunk> of(List<MediaChunk> chunks, String stream) {
        return chunks.stream().filter(c -> c.stream.equals(stream)).toList();
    }

    @Test
    void recordsBecomeNumberedChunksOfTheirStreamThenEnd() throws Exception {
        var h = harness(INPUT);
        h.processElement(s16("a", (short) 1, (short) -2), 0);
        h.processElement(s16("b", (short) 5), 0);
        h.processElement(s16("a", (short) 3), 0);
        h.processElement(end("a"), 0);
        List<MediaChunk> a = of(out(h), "live/a");
        assertEquals(3, a.size(), String.valueOf(a));
        assertEquals(Kind.DATA, a.get(0).kind);
        assertArrayEquals(new float[] {1, -2}, a.get(0).samples);
        assertEquals(0, a.get(0).firstSample);
        assertEquals(2, a.get(1).firstSample);
        assertEquals(16000, a.get(1).sampleRate);
        assertEquals(Kind.END, a.get(2).kind);
        assertEquals(3, a.get(2).firstSample);
        assertEquals(1, of(out(h), "live/b").size(), "b is still open");
    }

    @Test
    void stereoF32IsDownmixedToTheMeanAtInt16Scale() throws Exception {
        KafkaInput in = input(RawPcm.F32LE, 16000, 2, 0);
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.putFloat(0.5f).putFloat(0.25f).putFloat(-1f).putFloat(0f);
        var h = harness(in);
        h.processElement(record(in, "s", b.array()), 0);
        assertArrayEquals(new float[] {0.375f * 32768, -16384}, out(h).get(0).samples);
    }

    @Test
    void badRecordsEndOnlyTheirOwnStreamWithAnErrorNamingTheRecord() throws Exception {
        var h = harness(INPUT);
        h.processElement(s16("good", (short) 1), 0);
        h.processElement(s16("odd", (short) 1), 0);
        h.processElement(record(INPUT, "odd", new byte[3], KafkaPcm.FORMAT, "s16le", KafkaPcm.SAMPLE_RATE, "16000",
                KafkaPcm.CHANNELS, "1"), 0);
        h.processElement(s16("odd", (short) 2), 0); // dropped: the stream already failed
        h.processElement(record(INPUT, "fmt", new byte[4], KafkaPcm.FORMAT, "u8", KafkaPcm.SAMPLE_RATE, "16000",
                KafkaPcm.CHANNELS, "1"), 0);
        h.processElement(record(INPUT, "nohdr", new byte[4]), 0);
        h.processElement(record(INPUT, "rate", new byte[4], KafkaPcm.FORMAT, "s16le", KafkaPcm.SAMPLE_RATE, "44100",
                KafkaPcm.CHANNELS, "1"), 0);
        h.processElement(record(INPUT, "nan", new byte[4], KafkaPcm.FORMAT, "s16le", KafkaPcm.SAMPLE_RATE, "fast"), 0);
        h.processElement(record(INPUT, null, new byte[4]), 0);
        h.processElement(s16("good", (short) 2), 0);
        h.processElement(end("good"), 0);
        h.processElement(end("odd"), 0);
        List<MediaChunk> all = out(h);
        List<MediaChunk> odd = of(all, "live/odd");
        assertEquals(2, odd.size(), "data, then one error; nothing after: " + odd);
        assertEquals(Kind.ERROR, odd.get(1).kind);
        assertEquals(1, odd.get(1).firstSample);
        assertTrue(odd.get(1).error.contains("audio-0@7") && odd.get(1).error.contains("3 bytes is not a whole number"), odd.get(1).error);
        assertTrue(of(all, "live/fmt").get(0).error.contains("unknown PCM format 'u8'"), String.valueOf(of(all, "live/fmt")));
        assertTrue(of(all, "live/nohdr").get(0).error.contains("no qstream-format header"), String.valueOf(of(all, "live/nohdr")));
        assertTrue(of(all, "live/rate").get(0).error.contains("44100 Hz but the features need 16000 Hz"));
        assertTrue(of(all, "live/nan").get(0).error.contains("header qstream-sample-rate is 'fast'"));
        assertTrue(of(all, "live/audio-0").get(0).error.contains("has no key"));
        List<MediaChunk> good = of(all, "live/good");
        assertEquals(List.of(Kind.DATA, Kind.DATA, Kind.END), good.stream().map(c -> c.kind).toList());
        assertEquals(1, good.get(1).firstSample);
        for (MediaChunk c : good) assertNull(c.error);
    }

    @Test
    void aStreamWithoutRecordsForTheIdleTimeoutIsClosedAndItsStateCleared() throws Exception {
        var h = harness(INPUT);
        h.setProcessingTime(0);
        h.processElement(s16("quiet", (short) 1, (short) 2), 0);
        h.processElement(s16("busy", (short) 1), 0);
        h.setProcessingTime(600);
        h.processElement(s16("busy", (short) 1), 0);
        h.setProcessingTime(999);
        assertEquals(0, out(h).stream().filter(c -> c.kind == Kind.END).count(), "nothing idle long enough yet");
        h.setProcessingTime(1000);
        List<MediaChunk> quiet = of(out(h), "live/quiet");
        assertEquals(Kind.END, quiet.get(quiet.size() - 1).kind, String.valueOf(quiet));
        assertEquals(2, quiet.get(quiet.size() - 1).firstSample);
        assertEquals(List.of(Kind.DATA, Kind.DATA), of(out(h), "live/busy").stream().map(c -> c.kind).toList(),
                "busy had a record at 600 ms: still open");
        h.setProcessingTime(1600);
        assertEquals(Kind.END, of(out(h), "live/busy").get(2).kind);
        assertEquals(0, h.numProcessingTimeTimers(), "no timers left");
        assertEquals(0, h.numKeyedStateEntries(), "no state left");
    }

    @Test
    void positionsSurviveASnapshotAndRestoreAndABoundedEndClosesOpenStreams() throws Exception {
        var h = harness(INPUT);
        h.processElement(s16("a", (short) 1, (short) 2, (short) 3), 0);
        OperatorSubtaskState snap = h.snapshot(1, 1);
        h.close();
        var r = new KeyedOneInputStreamOperatorTestHarness<>(new PcmStreamOperator(INPUT), (PcmRecord x) -> x.stream, Types.STRING);
        r.initializeState(snap);
        r.open();
        r.processElement(s16("a", (short) 4), 0);
        r.endInput();
        List<MediaChunk> a = out(r);
        assertEquals(3, a.get(0).firstSample, "numbering continues after the restore");
        assertEquals(Kind.END, a.get(1).kind);
        assertEquals(4, a.get(1).firstSample);
        assertEquals(0, r.numKeyedStateEntries());
    }
}
