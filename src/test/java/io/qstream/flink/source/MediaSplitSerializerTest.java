package io.qstream.flink.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.media.Track;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A split's checkpoint form holds its identity and position only; older forms are refused with a clear message. */
class MediaSplitSerializerTest {
    @Test
    void splitsRoundTripWithIdentityAndPosition() throws Exception {
        for (Track t : Track.values()) {
            MediaSplit s = new MediaSplit("3", 1, "rtsp://cam/1", "cam#" + t.id(), t, 0, null).withPosition(123456789L);
            MediaSplit back = MediaSplitSerializer.INSTANCE.deserialize(MediaSplitSerializer.VERSION,
                    MediaSplitSerializer.INSTANCE.serialize(s));
            assertEquals(s.toString(), back.toString());
            assertEquals(1, back.input());
            assertEquals(t, back.track());
            assertEquals(123456789L, back.position());
        }
        MediaSplit err = new MediaSplit("0", 0, "/none/*.wav", "/none/*.wav", Track.AUDIO, 0, "no file matches");
        List<MediaSplit> pending = MediaSplitSerializer.PendingSplits.INSTANCE.deserialize(MediaSplitSerializer.VERSION,
                MediaSplitSerializer.PendingSplits.INSTANCE.serialize(List.of(err, err)));
        assertEquals(2, pending.size());
        assertEquals("no file matches", pending.get(1).error());
    }

    /** Bytes exactly as the version-2 writer (splits with YAML decode options as JSON) wrote them. */
    private static byte[] version2Split() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF("0");
            out.writeUTF("/media/a.wav");
            out.writeUTF("a");
            out.writeDouble(0);
            byte[] decode = "{\"sampleRate\":16000,\"chunkSamples\":4000}".getBytes();
            out.writeInt(decode.length);
            out.write(decode);
            out.writeLong(4000);
            out.writeBoolean(false);
            out.writeUTF("AUDIO");
        }
        return bytes.toByteArray();
    }

    @Test
    void checkpointsOfTheOlderFormatsAreRefusedSayingWhatToDo() throws Exception {
        for (int version : new int[] {1, 2}) {
            IOException e = assertThrows(IOException.class,
                    () -> MediaSplitSerializer.INSTANCE.deserialize(version, version2Split()));
            assertTrue(e.getMessage().contains("written by an older qstream (media split format " + version + ","),
                    e.getMessage());
            assertTrue(e.getMessage().contains("start the job without it"), e.getMessage());
            assertThrows(IOException.class, () -> MediaSplitSerializer.PendingSplits.INSTANCE.deserialize(version,
                    new byte[4]));
        }
        IOException future = assertThrows(IOException.class, () -> MediaSplitSerializer.INSTANCE.deserialize(9, new byte[0]));
        assertTrue(future.getMessage().contains("unknown media split format 9"), future.getMessage());
    }
}
