package io.qstream.train;

import io.qstream.arrays.FloatMatrix;
import io.qstream.arrays.Npy;
import io.qstream.features.FeatureSpec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a manifest's entries as labelled feature sequences. Features come from a {@link FeatureSource} (the CLI's
 * decodes the media and computes the spec's features, exactly as the streaming job does) or, when asked, from the
 * manifest's cached {@code features} .npy column. Labels are read for the resulting number of frames.
 */
public final class SequenceLoader {
    /** Features [frames, dim] of one manifest entry's media. */
    @FunctionalInterface
    public interface FeatureSource {
        FloatMatrix features(Manifest.Entry entry) throws IOException;
    }

    /** Reads the entry's cached .npy features; fails naming the entry if it has none. */
    public static FeatureSource cached() {
        return e -> {
            if (e.features() == null) throw new IOException(e.media() + ": the manifest lists no cached features");
            return Npy.readMatrix(e.features());
        };
    }

    public interface Progress {
        void loaded(int done, int total);
    }

    public static List<LabeledSequence> load(Manifest manifest, FeatureSpec spec, List<String> labels,
                                             FeatureSource source, Progress progress) throws IOException {
        List<LabeledSequence> out = new ArrayList<>();
        double shift = spec.frameShiftSeconds();
        double length = spec.frameLengthSamples() / (double) spec.sampleRate();
        int i = 0;
        for (Manifest.Entry e : manifest.entries()) {
            FloatMatrix f = source.features(e);
            if (f.cols() != spec.dim()) {
                throw new IOException(e.media() + ": features have " + f.cols() + " columns, the feature spec "
                        + spec.dim());
            }
            int[] y = FrameLabels.read(e.labels(), f.rows(), labels, shift, length);
            out.add(new LabeledSequence(e.media().toString(), f, y));
            if (progress != null) progress.loaded(++i, manifest.entries().size());
        }
        return out;
    }

    private SequenceLoader() {}
}
