package io.qstream.replay;

import io.qstream.flink.source.MediaInputs;
import io.qstream.flink.source.MediaSplit;
import io.qstream.media.Track;
import io.qstream.pipeline.MediaInput;
import io.qstream.pipeline.ResolvedPipeline;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The offline reference of whole pipelines: every stream the source would make ({@link MediaInputs#expand}),
 * labelled by its track's whole-stream labeller ({@link OfflineLabels}, {@link OfflineShotLabels}) over its input
 * decoded with the same resolved options. What the streaming job must match.
 */
public final class OfflineReference {
    private OfflineReference() {}

    /** The label lines of one stream (no error record, no summary). */
    public static List<String> labels(ResolvedPipeline p, MediaSplit s) throws IOException {
        MediaInput in = p.inputs.get(s.input());
        return s.track() == Track.VIDEO
                ? OfflineShotLabels.label(p, s.stream(), OfflineShotLabels.decode(s.uri(), in.video()))
                : OfflineLabels.label(p, s.stream(), OfflineLabels.decode(s.uri(), in.audio()));
    }

    /** The label lines of every stream, in split order. */
    public static List<String> labels(ResolvedPipeline p) throws IOException {
        List<String> out = new ArrayList<>();
        for (MediaSplit s : MediaInputs.expand(p.inputs)) out.addAll(labels(p, s));
        return out;
    }
}
