package io.qstream.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Reads per-frame reference labels. Two formats, told apart by their content:
 * <ul>
 *   <li>frame CSV: a header {@code frame_index,label}, then one {@code index,label} line per frame (10 ms frames,
 *       frame i = Kaldi frame i); frames not listed take the first label (the background, e.g. nonspeech);</li>
 *   <li>segment list: lines {@code start end label} (seconds, whitespace or comma separated, '#' comments), frames
 *       whose centre {@code (i * shift + length / 2)} lies in [start, end) get the label, others the first label.</li>
 * </ul>
 */
public final class FrameLabels {
    private FrameLabels() {}

    /**
     * @param frames      number of feature frames of the media (labels are cut or padded to it)
     * @param labels      the model's label list; index 0 is the default/background label
     * @param shiftSec    frame shift in seconds (0.01)
     * @param lengthSec   frame length in seconds (0.025)
     * @return class index per frame
     */
    public static int[] read(Path file, int frames, List<String> labels, double shiftSec, double lengthSec)
            throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int[] out = new int[frames];
        Arrays.fill(out, 0);
        boolean frameCsv = !lines.isEmpty() && lines.get(0).trim().replace(" ", "").startsWith("frame_index,");
        int lineNo = 0;
        for (String raw : lines) {
            lineNo++;
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#") || (frameCsv && lineNo == 1)) continue;
            String[] parts = line.split("[,\\s]+");
            try {
                if (frameCsv) {
                    if (parts.length != 2) throw new IllegalArgumentException("expected index,label");
                    int i = Integer.parseInt(parts[0]);
                    if (i < 0) throw new IllegalArgumentException("negative frame index");
                    if (i < frames) out[i] = labelIndex(labels, parts[1]);
                } else {
                    if (parts.length != 3) throw new IllegalArgumentException("expected start end label");
                    double start = Double.parseDouble(parts[0]), end = Double.parseDouble(parts[1]);
                    if (end < start) throw new IllegalArgumentException("end before start");
                    int label = labelIndex(labels, parts[2]);
                    for (int i = 0; i < frames; i++) {
                        double centre = i * shiftSec + lengthSec / 2;
                        if (centre >= start && centre < end) out[i] = label;
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " line " + lineNo + ": " + e.getMessage() + ": '" + raw + "'", e);
            }
        }
        return out;
    }

    private static int labelIndex(List<String> labels, String name) {
        int i = labels.indexOf(name);
        if (i < 0) throw new IllegalArgumentException("unknown label '" + name + "', expected one of " + labels);
        return i;
    }
}
