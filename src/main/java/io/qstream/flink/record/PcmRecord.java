package io.qstream.flink.record;

/**
 * One Kafka record of raw PCM as the Kafka source hands it on, before it becomes {@link MediaChunk}s: the stream it
 * belongs to, its format (from its headers or the pipeline's defaults) and its bytes, or what is wrong with its
 * headers. Flink POJO; keyed by {@link #stream}.
 */
public final class PcmRecord {
    /** Stream id (the record key, prefixed by the input's name). */
    public String stream;
    /** Where the record came from, for error messages: {@code topic-partition@offset}. */
    public String where;
    /** {@code s16le} or {@code f32le}; null when neither header nor pipeline gives it. */
    public String format;
    /** Sample rate, Hz; 0 = not given. */
    public int sampleRate;
    /** Interleaved channels; 0 = not given. */
    public int channels;
    /** The record carries the stream's end marker (after its samples, if any). */
    public boolean end;
    /** Raw interleaved little-endian samples; may be empty. */
    public byte[] bytes = new byte[0];
    /** A header that could not be read (e.g. a sample rate that is not a number); null when the headers are fine. */
    public String headerError;

    public PcmRecord() {}

    @Override
    public String toString() {
        return "PcmRecord{" + stream + " " + where + " " + format + "/" + sampleRate + "Hz/" + channels + "ch n=" + bytes.length
                + (end ? " end" : "") + (headerError == null ? "" : " error=" + headerError) + "}";
    }
}
