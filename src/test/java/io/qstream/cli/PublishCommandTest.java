package io.qstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.flink.source.KafkaBroker;
import org.junit.jupiter.api.Test;

/** {@code qstream publish}: option errors before any connection, and a real publish to the test broker. */
class PublishCommandTest {
    @Test
    void badOptionsAreOneLineErrors() {
        CliRun run = CliRun.of("publish", "--bootstrap-servers", "127.0.0.1:1", "--topic", "t", "--input", "x.wav", "--format", "u8");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("qstream publish: error: --format: unknown PCM format 'u8' (known: s16le, f32le)"), run.err());
        CliRun pace = CliRun.of("publish", "--bootstrap-servers", "127.0.0.1:1", "--topic", "t", "--input", "x.wav", "--pace", "-1");
        assertTrue(pace.err().contains("--pace: must be >= 0, got -1.0"), pace.err());
    }

    @Test
    void aFileIsPublishedAsRecordsThenAnEndMarker() throws Exception {
        KafkaBroker broker = KafkaBroker.get();
        String topic = broker.createTopic("publish-cli-" + java.util.UUID.randomUUID(), 1);
        CliRun run = CliRun.of("publish", "--bootstrap-servers", broker.bootstrapServers(), "--topic", topic,
                "--input", "fixtures/audio/speech-en-16k.wav", "--stream", "s", "--pace", "0", "--chunk-samples", "16000");
        assertEquals(0, run.exitCode(), run.err());
        // 11.66 s of audio in chunks of 1 s: 12 records, and the end marker
        assertTrue(run.err().contains("as stream s: 13 records, 11.66 s of audio (f32le, 16000 Hz)"), run.err());
        assertEquals(13, broker.recordCount(topic));
    }
}
