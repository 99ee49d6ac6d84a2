package io.qstream.flink.record;

/** Record kinds in the job: rows of data, the end of a stream, or an error that ended a stream early. */
public enum Kind {
    DATA,
    /** The stream ended normally; keyed operators flush and clear the stream's state. */
    END,
    /** The stream ended because of an error (message in the record); handled like END, and reported. */
    ERROR;

    public boolean isLast() { return this != DATA; }
}
