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

    @Override
    public int getVersion() { return 1; }

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
            return read(in);
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
    }

    static MediaSplit read(DataInputStream in) throws IOException {
        String id = in.readUTF();
        String uri = in.readUTF();
        String stream = in.readUTF();
        double pace = in.readDouble();
        byte[] decode = new byte[in.readInt()];
        in.readFully(decode);
        long delivered = in.readLong();
        String error = in.readBoolean() ? in.readUTF() : null;
        return new MediaSplit(id, uri, stream, pace, JSON.readValue(decode, PipelineSpec.Decode.class), delivered, error);
    }

    static void checkVersion(int version) throws IOException {
        if (version != 1) throw new IOException("unknown MediaSplit serializer version " + version);
    }

    /** The enumerator's checkpoint: splits not yet assigned to a reader. */
    static final class PendingSplits implements SimpleVersionedSerializer<List<MediaSplit>> {
        static final PendingSplits INSTANCE = new PendingSplits();

        @Override
        public int getVersion() { return 1; }

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
                for (int i = 0; i < n; i++) out.add(read(in));
                return out;
            }
        }
    }
}
