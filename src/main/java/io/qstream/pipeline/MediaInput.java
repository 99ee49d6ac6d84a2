package io.qstream.pipeline;

import io.qstream.media.DecodeOptions;
import io.qstream.media.ReconnectPolicy;
import io.qstream.media.Track;
import io.qstream.media.VideoDecodeOptions;
import java.io.Serializable;
import java.util.List;

/**
 * One pipeline input resolved for the source ({@link ResolvedPipeline#inputs}): what to read and how to decode
 * it, built once from the YAML's {@code inputs[i]} so that the source, its splits and its checkpoints never see
 * the YAML spec. Immutable.
 *
 * @param uri path, glob, directory or URL, as given (relative paths already made absolute)
 * @param name stream id prefix in the output; null = the URI (see {@link PipelineSpec.Input#name})
 * @param tracks tracks to label, in stream order ({@code both} = audio, video)
 * @param pace delivery speed relative to media time; 0 = unpaced
 * @param audio how audio tracks are decoded (sample rate = the features')
 * @param video how video tracks are decoded (frame size and rate = the video features'); null when the pipeline
 *     has no video track
 * @param reconnect what a live input does when it fails
 */
public record MediaInput(String uri, String name, List<Track> tracks, double pace, DecodeOptions audio,
                         VideoDecodeOptions video, ReconnectPolicy reconnect) implements Serializable {
    public MediaInput {
        tracks = List.copyOf(tracks);
    }

    /** An audio-only input decoded with default options (tests, tools). */
    public static MediaInput audio(String uri, String name) {
        return new MediaInput(uri, name, List.of(Track.AUDIO), 0, new DecodeOptions(), null, ReconnectPolicy.NEVER);
    }
}
