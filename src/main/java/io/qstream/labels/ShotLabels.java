package io.qstream.labels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-frame shot labels as the fixture generator writes them: a frame CSV with header {@code frame_index,label}
 * and one {@code index,label} line per frame, labels {@code none}, {@code cut} (first frame of a new shot after a
 * hard cut) or {@code gradual} (a frame of a dissolve or fade).
 */
public final class ShotLabels {
    /** The label set in model order: index 0 is the background. */
    public static final List<String> LABELS = List.of("none", "cut", "gradual");

    private ShotLabels() {
    }

    /**
     * @return label index per frame {@code [frames]}
     * @throws IOException naming the file and line for a bad header, index or label
     */
    public static int[] read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).trim().equals("frame_index,label")) {
            throw new IOException(file + ": expected the header frame_index,label");
        }
        int[] out = new int[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] parts = lines.get(i).trim().split(",");
            int label = parts.length == 2 ? LABELS.indexOf(parts[1]) : -1;
            if (parts.length != 2 || !parts[0].equals(Integer.toString(i - 1)) || label < 0) {
                throw new IOException(file + " line " + (i + 1) + ": expected '" + (i - 1) + ",none|cut|gradual', got '"
                        + lines.get(i) + "'");
            }
            out[i - 1] = label;
        }
        return out;
    }

    /** Frames labelled {@code cut}, ascending. */
    public static int[] cutFrames(int[] labels) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == 1) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
