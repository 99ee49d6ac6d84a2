package io.qstream.flink;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Checkpoint form of {@link MediaSplit}s (decode options as JSON), and of the enumerator's pending list. */
final class MediaSplitSerializer implements SimpleVersionedSerializer<MediaSplit> {
    static final MediaSplitSerializer INSTANCE = new MediaSplitSerializer();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** 2 added the track (version 1 splits are audio). */
    static final int VERSION = 2;

    @Override
    public int getVersion() { return VERSION; }

    @Override
    public byte[] serialize(MediaSplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(split, out);
        }
        return bytes.toByteArray();
    }

    @Override
    public MediaSplit deserialize(int version, byte[] serialized) throws IOException {
        checkVersion(version);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return read(in, version);
        }
    }

    static void write(MediaSplit s, DataOutputStream out) throws IOException {
        out.writeUTF(s.splitId());
        out.writeUTF(s.uri());
        out.writeUTF(s.stream());
        out.writeDouble(s.pace());
        byte[] decode = JSON.writeValueAsBytes(s.decode());
        out.writeInt(decode.length);
        out.write(decode);
        out.writeLong(s.samplesDelivered());
        out.writeBoolean(s.error() != null);
        if (s.error() != null) out.writeUTF(s.error());
        out.writeUTF(s.track().name());
    }

    static MediaSplit read(DataInputStream in, int version) throws IOException {
        String id = in.readUTF();
        String uri = in.readUTF();
        String stream = in.readUTF();
        double pace = in.readDouble();
        byte[] decode = new byte[in.readInt()];
        in.readFully(decode);
        long delivered = in.readLong();
        String error = in.readBoolean() ? in.readUTF() : null;
        Track track = version >= 2 ? Track.valueOf(in.readUTF()) : Track.AUDIO;
        return new MediaSplit(id, uri, stream, pace, JSON.readValue(decode, PipelineSpec.Decode.class), delivered, error,
                track);
    }

    static void checkVersion(int version) throws IOException {
        if (version != 1 && version != VERSION) throw new IOException("unknown MediaSplit serializer version " + version);
    }

    /** The enumerator's checkpoint: splits not yet assigned to a reader. */
    static final class PendingSplits implements SimpleVersionedSerializer<List<MediaSplit>> {
        static final PendingSplits INSTANCE = new PendingSplits();

        @Override
        public int getVersion() { return VERSION; }

        @Override
        public byte[] serialize(List<MediaSplit> splits) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(splits.size());
                for (MediaSplit s : splits) write(s, out);
            }
            return bytes.toByteArray();
        }

        @Override
        public List<MediaSplit> deserialize(int version, byte[] serialized) throws IOException {
            checkVersion(version);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int n = in.readInt();
                List<MediaSplit> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) out.add(read(in, version));
                return out;
            }
        }
    }
}
