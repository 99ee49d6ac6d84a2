package io.qstream.flink.source;

import io.qstream.media.Track;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Checkpoint form of {@link MediaSplit}s (identity and position only), and of the enumerator's pending list.
 *
 * <p>Versions 1 and 2 (qstream before the pipeline/source split) stored each split's YAML decode options; their
 * checkpoints and savepoints are refused with {@link #OLD_FORMAT}, since the options now come from the pipeline
 * and the operators' state classes moved packages in the same change.
 */
final class MediaSplitSerializer implements SimpleVersionedSerializer<MediaSplit> {
    static final MediaSplitSerializer INSTANCE = new MediaSplitSerializer();

    /** 3: id, input index, uri, stream, track, position, error. */
    static final int VERSION = 3;

    static final String OLD_FORMAT = "this checkpoint or savepoint was written by an older qstream (media split"
            + " format %d, whose splits carried their decode options); this version cannot restore it: start the"
            + " job without it (inputs are read again from the start)";

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
            return read(in);
        }
    }

    static void write(MediaSplit s, DataOutputStream out) throws IOException {
        out.writeUTF(s.splitId());
        out.writeInt(s.input());
        out.writeUTF(s.uri());
        out.writeUTF(s.stream());
        out.writeUTF(s.track().name());
        out.writeLong(s.position());
        out.writeBoolean(s.error() != null);
        if (s.error() != null) out.writeUTF(s.error());
    }

    static MediaSplit read(DataInputStream in) throws IOException {
        String id = in.readUTF();
        int input = in.readInt();
        String uri = in.readUTF();
        String stream = in.readUTF();
        Track track = Track.valueOf(in.readUTF());
        long position = in.readLong();
        String error = in.readBoolean() ? in.readUTF() : null;
        return new MediaSplit(id, input, uri, stream, track, position, error);
    }

    static void checkVersion(int version) throws IOException {
        if (version == 1 || version == 2) throw new IOException(String.format(OLD_FORMAT, version));
        if (version != VERSION) throw new IOException("unknown media split format " + version + " (this qstream reads "
                + VERSION + ")");
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
                for (int i = 0; i < n; i++) out.add(read(in));
                return out;
            }
        }
    }
}
