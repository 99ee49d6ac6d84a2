package io.qstream.flink;

import java.io.PrintStream;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes each line to standard output as is (no subtask prefix, unlike Flink's PrintSink), whole lines only.
 * At-least-once: after a restore, lines since the last checkpoint are printed again; use the file sink for
 * exactly-once output.
 */
public final class StdoutSink implements Sink<String> {
    private static final long serialVersionUID = 1L;

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) {
        return new SinkWriter<>() {
            private final PrintStream out = System.out;

            @Override
            public void write(String line, Context ctx) {
                synchronized (out) {
                    out.println(line);
                }
            }

            @Override
            public void flush(boolean endOfInput) {
                out.flush();
            }

            @Override
            public void close() {
                out.flush();
            }
        };
    }
}
