package io.qstream.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A data manifest: a TSV file with a header row naming its columns, '#' comment lines allowed.
 * Columns: {@code media} (audio/video file), {@code labels} (frame CSV or segment list, see {@link FrameLabels}),
 * optionally {@code features} (a cached .npy [frames, dim] of the same features the model uses, to skip decoding),
 * and anything else (e.g. {@code note}), ignored. Relative paths are relative to the manifest's folder.
 */
public record Manifest(Path file, List<Entry> entries) {
    /** One row; {@code features} is null when not cached. */
    public record Entry(Path media, Path labels, Path features, String note) {}

    public static Manifest read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": manifest not found");
        Path base = file.toAbsolutePath().getParent();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int media = -1, labels = -1, features = -1, note = -1;
        List<Entry> entries = new ArrayList<>();
        boolean header = true;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] cols = line.split("\t");
            if (header) {
                for (int c = 0; c < cols.length; c++) {
                    switch (cols[c].trim()) {
                        case "media" -> media = c;
                        case "labels" -> labels = c;
                        case "features" -> features = c;
                        case "note" -> note = c;
                        default -> { }
                    }
                }
                if (media < 0 || labels < 0) {
                    throw new IOException(file + " line " + (n + 1) + ": header needs tab-separated columns 'media'"
                            + " and 'labels', got '" + line + "'");
                }
                header = false;
                continue;
            }
            int need = Math.max(media, labels);
            if (cols.length <= need) {
                throw new IOException(file + " line " + (n + 1) + ": expected at least " + (need + 1)
                        + " tab-separated columns, got " + cols.length);
            }
            entries.add(new Entry(base.resolve(cols[media].trim()), base.resolve(cols[labels].trim()),
                    features >= 0 && cols.length > features && !cols[features].isBlank()
                            ? base.resolve(cols[features].trim()) : null,
                    note >= 0 && cols.length > note ? cols[note] : ""));
        }
        if (entries.isEmpty()) throw new IOException(file + ": manifest lists no media");
        return new Manifest(file, entries);
    }
}
