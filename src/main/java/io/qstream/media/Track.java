package io.qstream.media;

import java.util.Locale;

/**
 * Which elementary stream of a media input a split decodes: its audio (samples, labelled by the pipeline's
 * {@code model}) or its video (frames, labelled by {@code video-model}). A pipeline input says {@code audio},
 * {@code video} or {@code both}; "both" becomes two splits, one per track.
 */
public enum Track {
    AUDIO,
    VIDEO;

    /** Lower-case name used in stream ids ({@code clip#audio}) and YAML. */
    public String id() { return name().toLowerCase(Locale.ROOT); }
}
