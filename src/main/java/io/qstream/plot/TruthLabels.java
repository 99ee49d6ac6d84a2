package io.qstream.plot;

import io.qstream.features.FeatureSpec;
import io.qstream.labels.ShotLabels;
import io.qstream.train.FrameLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reference labels of one input, one label index per frame (index into the model's labels; 0 = background).
 * The formats are the ones the rest of qstream reads, by the same code:
 * <ul>
 *   <li>audio ({@link FrameLabels}, what train/eval manifests use): a frame CSV {@code frame_index,label} with one
 *       line per 10 ms feature frame, or a segment list of {@code start end label} lines (seconds, whitespace or
 *       comma separated, '#' comments; a frame gets the label when its centre lies in [start, end));
 *       frames not listed are background;</li>
 *   <li>video ({@link ShotLabels}, the fixtures' {@code *.labels.csv}): {@code frame_index,label} with every frame
 *       listed in order, labels none, cut (first frame of a new shot) or gradual.</li>
 * </ul>
 *
 * @param file   where they were read from
 * @param frames label index per frame {@code [frames]}; for video as long as the file, which may differ from the
 *               decoded frame count
 */
public record TruthLabels(Path file, int[] frames) {

    /** Audio labels for {@code frames} feature frames of {@code features}, label names from {@code labels}. */
    public static TruthLabels audio(Path file, int frames, List<String> labels, FeatureSpec features) {
        check(file);
        try {
            double rate = features.sampleRate();
            return new TruthLabels(file, FrameLabels.read(file, frames, labels, features.frameShiftSamples() / rate,
                    features.frameLengthSamples() / rate));
        } catch (IOException e) {
            throw bad(file, e);
        }
    }

    /** Video shot labels. */
    public static TruthLabels video(Path file) {
        check(file);
        try {
            return new TruthLabels(file, ShotLabels.read(file));
        } catch (IOException e) {
            throw bad(file, e);
        }
    }

    /** Label of frame {@code f}, or -1 past the end of the file. */
    public int at(int f) { return f >= 0 && f < frames.length ? frames[f] : -1; }

    /** The readers' messages start with the file; a decoding failure of the text does not. */
    private static IllegalArgumentException bad(Path file, IOException e) {
        String m = e.getMessage();
        if (e instanceof java.nio.charset.CharacterCodingException) m = file + ": not UTF-8 text";
        else if (m == null || !m.startsWith(file.toString())) m = file + ": cannot read: " + m;
        return new IllegalArgumentException("--labels " + m, e);
    }

    /** IllegalArgumentException naming {@code file} when it is missing, not a file or not readable. */
    public static void check(Path file) {
        if (!Files.exists(file)) throw new IllegalArgumentException("--labels " + file + ": no such file");
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("--labels " + file + ": not a file");
        if (!Files.isReadable(file)) throw new IllegalArgumentException("--labels " + file + ": not readable");
    }
}
