package io.qstream.flink;

import io.qstream.labels.LabelJson;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Writes each JSON line to standard output as is (no subtask prefix, unlike Flink's PrintSink), whole lines only,
 * as soon as it arrives, and never twice within one process.
 *
 * <p>Why no line repeats after a failover: a stream's lines of one kind (frame records, segments, its error or note)
 * are deterministic and reach one writer in order ({@link LabelJob#build} connects the sink with forward
 * partitioning), so the writer counts lines per stream and kind (its checkpointed state) and a process-wide table of
 * this job remembers how many of each are already printed. Per kind, because how a stream's frame records and
 * segments interleave depends on how the replayed rows were batched, which a restore does not repeat. After a
 * restore the counts go back to the checkpoint and the replayed lines up to the printed count are skipped. In
 * {@code qstream run} and {@code replay} every task runs in this process, so stdout is exactly-once. On a cluster a task
 * restarted in another TaskManager process does not see that table and repeats lines into that TaskManager's stdout
 * (at-least-once, nothing lost); use the file sink there. The table is per job instance (an id drawn when the sink
 * is built), so resuming a savepoint in a new job prints everything it produces.
 */
public final class StdoutSink implements Sink<String>, SupportsWriterState<String, Map<String, Long>> {
    private static final long serialVersionUID = 1L;
    private static final JsonFactory JSON = new JsonFactory();
    /**
     * job instance id → stream and kind → such lines printed by this process. Process-wide on purpose: it must
     * outlive the writers a failover replaces, which is the point of it. Owned by no object; never cleared, since a
     * process that prints labels to stdout runs one job (run, replay); a few bytes per stream.
     */
    private static final Map<String, Map<String, Long>> PRINTED = new ConcurrentHashMap<>();

    private final String jobInstance = UUID.randomUUID().toString();

    @Override
    public StatefulSinkWriter<String, Map<String, Long>> createWriter(WriterInitContext context) {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<String, Map<String, Long>> restoreWriter(WriterInitContext context,
                                                                        Collection<Map<String, Long>> recovered) {
        Map<String, Long> seen = new HashMap<>();
        for (Map<String, Long> s : recovered) seen.putAll(s);
        return new Writer(PRINTED.computeIfAbsent(jobInstance, k -> new ConcurrentHashMap<>()), seen);
    }

    @Override
    public SimpleVersionedSerializer<Map<String, Long>> getWriterStateSerializer() {
        return new LineCountsSerializer();
    }

    /**
     * What a line is counted under: its stream and the name of its second field, which says the record kind
     * ({@code frame}, {@code label}, {@code error}, {@code frames}), e.g. "speech-en\nframe"; "\n" for other lines.
     */
    static String sequenceOf(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() == JsonToken.START_OBJECT && p.nextToken() == JsonToken.FIELD_NAME
                    && "stream".equals(p.currentName()) && p.nextToken() == JsonToken.VALUE_STRING) {
                String stream = p.getText();
                return stream + "\n" + (p.nextToken() == JsonToken.FIELD_NAME ? p.currentName() : "");
            }
        } catch (IOException e) {
            // not JSON: counted under "\n" like any line without a stream
        }
        return "\n";
    }

    /** The {@code "stream"} value of a line whose first field is {@code stream} (every {@link LabelJson} line), else "". */
    static String streamOf(String line) {
        String sequence = sequenceOf(line);
        return sequence.substring(0, sequence.lastIndexOf('\n')); // a kind name holds no newline; a stream id might
    }

    private static final class Writer implements StatefulSinkWriter<String, Map<String, Long>> {
        private final PrintStream out = System.out;
        private final Map<String, Long> printed;
        /** stream and kind ({@link #sequenceOf}) → such lines this writer has received since the job started (restored). */
        private final Map<String, Long> seen;

        Writer(Map<String, Long> printed, Map<String, Long> seen) {
            this.printed = printed;
            this.seen = seen;
        }

        @Override
        public void write(String line, Context ctx) {
            String sequence = sequenceOf(line);
            long n = seen.merge(sequence, 1L, Long::sum);
            if (n <= printed.getOrDefault(sequence, 0L)) return; // printed before the failover
            synchronized (out) {
                out.println(line);
            }
            printed.put(sequence, n);
        }

        @Override
        public List<Map<String, Long>> snapshotState(long checkpointId) {
            return List.of(new HashMap<>(seen));
        }

        @Override
        public void flush(boolean endOfInput) {
            out.flush();
        }

        @Override
        public void close() {
            out.flush();
        }
    }

    /** Line counts per stream: version 1 = count, then (stream UTF, count long) pairs. */
    static final class LineCountsSerializer implements SimpleVersionedSerializer<Map<String, Long>> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Map<String, Long> counts) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(16 + 32 * counts.size());
            out.writeInt(counts.size());
            for (Map.Entry<String, Long> e : counts.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
            return out.getCopyOfBuffer();
        }

        @Override
        public Map<String, Long> deserialize(int version, byte[] bytes) throws IOException {
            if (version != 1) throw new IOException("stdout sink state version " + version + " is not supported (expected 1)");
            DataInputDeserializer in = new DataInputDeserializer(bytes);
            int size = in.readInt();
            Map<String, Long> counts = new HashMap<>();
            for (int i = 0; i < size; i++) counts.put(in.readUTF(), in.readLong());
            return counts;
        }
    }
}
