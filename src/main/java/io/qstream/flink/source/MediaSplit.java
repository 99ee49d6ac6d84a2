package io.qstream.flink.source;

import io.qstream.media.Track;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One media stream of {@link MediaSource}, like Flink's {@code FileSourceSplit}: only its identity and position.
 * Identity is the split id, the pipeline input it came from ({@link #input}, whose resolved options say how to decode
 * it), the file or URL, the stream id and the track; the position is the output samples (audio) or frames (video)
 * already delivered downstream. After a restore the reader reopens the input and skips to {@link #position} (files
 * seek; live inputs reconnect and continue). A split whose glob/directory matched nothing carries {@link #error}
 * and is read as an error record. Immutable.
 */
public final class MediaSplit implements SourceSplit {
    private final String id;
    private final int input;
    private final String uri;
    private final String stream;
    private final Track track;
    private final long position;
    private final String error;

    /**
     * @param input index of the pipeline input ({@code ResolvedPipeline.inputs}) this split was expanded from
     * @param position output samples (audio) or frames (video) already emitted
     * @param error why the input could not even be listed, or null
     */
    public MediaSplit(String id, int input, String uri, String stream, Track track, long position, String error) {
        this.id = id;
        this.input = input;
        this.uri = uri;
        this.stream = stream;
        this.track = track;
        this.position = position;
        this.error = error;
    }

    @Override
    public String splitId() { return id; }
    /** Index of the pipeline input this split came from. */
    public int input() { return input; }
    public String uri() { return uri; }
    /** Stream id of every record of this input. */
    public String stream() { return stream; }
    /** The track this split decodes. */
    public Track track() { return track; }
    /** Output samples (audio) or frames (video) already emitted (resume point). */
    public long position() { return position; }
    /** Set when the input could not even be listed (e.g. a glob matching no file). */
    public String error() { return error; }

    public MediaSplit withPosition(long position) {
        return new MediaSplit(id, input, uri, stream, track, position, error);
    }

    @Override
    public String toString() {
        return "MediaSplit{" + id + " input " + input + " " + stream + " " + track.id() + " <- " + uri + " @" + position + "}";
    }
}
