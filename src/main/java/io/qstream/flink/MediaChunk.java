package io.qstream.flink;

/**
 * What {@link MediaSource} emits for one stream: decoded mono samples (int16 scale) starting at output sample
 * {@code firstSample}, or the stream's end marker, or an error that ended the stream. Flink POJO.
 * The event-time timestamp of a record is the media time of its first sample, milliseconds from stream start.
 */
public final class MediaChunk {
    /** Stream id: the key of every downstream operator. */
    public String stream;
    public Kind kind;
    /** Index of the first sample from stream start (DATA), or samples delivered in total (END/ERROR). */
    public long firstSample;
    /** Output sample rate, Hz. */
    public int sampleRate;
    /** Samples of a DATA record; empty otherwise. */
    public float[] samples = new float[0];
    /** What went wrong (ERROR): names the input. */
    public String error;

    public MediaChunk() {}

    public static MediaChunk data(String stream, long firstSample, int sampleRate, float[] samples) {
        MediaChunk c = of(stream, Kind.DATA, firstSample, sampleRate);
        c.samples = samples;
        return c;
    }

    public static MediaChunk end(String stream, long samplesDelivered, int sampleRate) {
        return of(stream, Kind.END, samplesDelivered, sampleRate);
    }

    public static MediaChunk error(String stream, long samplesDelivered, int sampleRate, String error) {
        MediaChunk c = of(stream, Kind.ERROR, samplesDelivered, sampleRate);
        c.error = error;
        return c;
    }

    private static MediaChunk of(String stream, Kind kind, long firstSample, int sampleRate) {
        MediaChunk c = new MediaChunk();
        c.stream = stream;
        c.kind = kind;
        c.firstSample = firstSample;
        c.sampleRate = sampleRate;
        return c;
    }

    /** Media time of the first sample, milliseconds (the record's event time). */
    public long timestampMillis() {
        return sampleRate == 0 ? 0 : firstSample * 1000 / sampleRate;
    }

    @Override
    public String toString() {
        return "MediaChunk{" + stream + " " + kind + " @" + firstSample + " n=" + samples.length
                + (error == null ? "" : " error=" + error) + "}";
    }
}
