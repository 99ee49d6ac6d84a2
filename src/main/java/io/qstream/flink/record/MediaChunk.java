package io.qstream.flink.record;

import io.qstream.flink.source.MediaSource;
import io.qstream.media.Track;

/**
 * What {@link MediaSource} emits for one stream: decoded mono samples (int16 scale) starting at output sample
 * {@code firstSample} (audio track), or one decoded RGB24 frame with index {@code firstSample} (video track), or
 * the stream's end marker, or an error that ended the stream. Flink POJO.
 * The event-time timestamp of a record is the media time of its first sample or its frame's presentation time,
 * milliseconds from stream start.
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
    /** Which track of the input this stream is. */
    public Track track = Track.AUDIO;
    /**
     * Video DATA: the frame's presentation time from stream start, seconds. Video END/ERROR: the end of the last
     * frame delivered (its time plus one frame duration), seconds.
     */
    public double seconds;
    /** Video DATA: packed RGB24 pixels {@code [height, width, 3]} (a copy owned by this record); empty otherwise. */
    public byte[] rgb = new byte[0];
    /** Video DATA: frame size, pixels. */
    public int width;
    public int height;

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

    /** One video frame: index {@code frame}, presentation time {@code seconds}. */
    public static MediaChunk frame(String stream, long frame, double seconds, byte[] rgb, int width, int height) {
        MediaChunk c = of(stream, Kind.DATA, frame, 0);
        c.track = Track.VIDEO;
        c.seconds = seconds;
        c.rgb = rgb;
        c.width = width;
        c.height = height;
        return c;
    }

    /** End (kind END) or failure (kind ERROR, {@code error} set) of a video stream after {@code frames} frames. */
    public static MediaChunk videoLast(String stream, Kind kind, long frames, double endSeconds, String error) {
        MediaChunk c = of(stream, kind, frames, 0);
        c.track = Track.VIDEO;
        c.seconds = endSeconds;
        c.error = error;
        return c;
    }

    /** Position after this record: samples (audio) or frames (video) delivered once it is emitted. */
    public long nextPosition() {
        if (kind != Kind.DATA) return firstSample;
        return track == Track.VIDEO ? firstSample + 1 : firstSample + samples.length;
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
        if (track == Track.VIDEO) return (long) Math.floor(seconds * 1000);
        return sampleRate == 0 ? 0 : firstSample * 1000 / sampleRate;
    }

    @Override
    public String toString() {
        return "MediaChunk{" + stream + " " + kind + " @" + firstSample + " " + track.id() + " n=" + (track == Track.VIDEO ? width + "x" + height
                : samples.length)
                + (error == null ? "" : " error=" + error) + "}";
    }
}
