package io.qstream.flink;

import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One media stream of {@link MediaSource}: a file or URL, its track, and the output samples (audio) or frames (video)
 * already delivered downstream.
 * After a restore the reader reopens the input and skips to {@link #samplesDelivered} (files seek; live inputs
 * reconnect and continue). A split whose glob/directory matched nothing carries {@link #error} and is read as
 * an error record. Immutable.
 */
public final class MediaSplit implements SourceSplit {
    private final String id;
    private final String uri;
    private final String stream;
    private final double pace;
    private final PipelineSpec.Decode decode;
    private final long samplesDelivered;
    private final String error;
    private final Track track;

    /** An audio split. */
    public MediaSplit(String id, String uri, String stream, double pace, PipelineSpec.Decode decode,
                      long samplesDelivered, String error) {
        this(id, uri, stream, pace, decode, samplesDelivered, error, Track.AUDIO);
    }

    /** @param samplesDelivered for a video split: frames delivered */
    public MediaSplit(String id, String uri, String stream, double pace, PipelineSpec.Decode decode,
                      long samplesDelivered, String error, Track track) {
        this.track = track;
        this.id = id;
        this.uri = uri;
        this.stream = stream;
        this.pace = pace;
        this.decode = decode;
        this.samplesDelivered = samplesDelivered;
        this.error = error;
    }

    @Override
    public String splitId() { return id; }
    public String uri() { return uri; }
    /** Stream id of every record of this input. */
    public String stream() { return stream; }
    /** Delivery speed relative to media time; 0 = unpaced. */
    public double pace() { return pace; }
    public PipelineSpec.Decode decode() { return decode; }
    /** The track this split decodes. */
    public Track track() { return track; }
    /** Output samples (audio) or frames (video) already emitted (resume point). */
    public long samplesDelivered() { return samplesDelivered; }
    /** Set when the input could not even be listed (e.g. a glob matching no file). */
    public String error() { return error; }

    public MediaSplit withSamplesDelivered(long samples) {
        return new MediaSplit(id, uri, stream, pace, decode, samples, error, track);
    }

    @Override
    public String toString() {
        return "MediaSplit{" + id + " " + stream + " " + track.id() + " <- " + uri + " @" + samplesDelivered + "}";
    }
}
