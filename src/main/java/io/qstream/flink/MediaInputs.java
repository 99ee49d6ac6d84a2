package io.qstream.flink;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands pipeline inputs into one {@link MediaSplit} per media stream and track ({@code track: both} gives two): a glob ({@code dir/*.wav},
 * {@code dir/**}{@code /*.mp4}) or a directory becomes its regular, non-hidden files in sorted order; files and
 * URLs stay as they are (a missing file is left for the reader to report). A glob or directory matching nothing
 * becomes an error split, so the problem appears in the output instead of vanishing.
 */
public final class MediaInputs {
    private MediaInputs() {}

    public static List<MediaSplit> expand(List<PipelineSpec.Input> inputs) {
        List<MediaSplit> splits = new ArrayList<>();
        for (PipelineSpec.Input in : inputs) {
            String uri = in.uri.startsWith("file:") ? Path.of(java.net.URI.create(in.uri)).toString() : in.uri;
            List<Path> files = null;
            String error = null;
            if (!PipelineSpec.isUrl(uri)) {
                try {
                    if (isGlob(uri)) {
                        files = glob(uri);
                        if (files.isEmpty()) error = "input " + uri + ": no file matches this pattern";
                    } else if (Files.isDirectory(Path.of(uri))) {
                        files = listDirectory(Path.of(uri));
                        if (files.isEmpty()) error = "input " + uri + ": directory has no files";
                    }
                } catch (IOException e) {
                    error = "input " + uri + ": cannot list: " + e.getMessage();
                }
            }
            if (error != null) {
                addTracks(splits, uri, in.name != null ? in.name : uri, in, error);
            } else if (files == null) {
                addTracks(splits, uri, in.name != null ? in.name : uri, in, null);
            } else {
                Path base = baseDirectory(uri);
                for (Path f : files) {
                    String rel = base.relativize(f).toString();
                    addTracks(splits, f.toString(), in.name != null ? in.name + "/" + rel : f.toString(), in, null);
                }
            }
        }
        return splits;
    }

    /**
     * One split per track of the input: {@code track: audio} or {@code video} keeps the stream id as it is,
     * {@code both} gives two streams {@code id#audio} and {@code id#video}.
     */
    private static void addTracks(List<MediaSplit> splits, String uri, String stream, PipelineSpec.Input in, String error) {
        List<Track> tracks = PipelineSpec.tracks(in.track);
        for (Track t : tracks) {
            String id = tracks.size() > 1 ? stream + "#" + t.id() : stream;
            splits.add(new MediaSplit(Integer.toString(splits.size()), uri, id, in.pace, in.decode, 0, error, t));
        }
    }

    static boolean isGlob(String path) {
        return path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('[') >= 0 || path.indexOf('{') >= 0;
    }

    /** The directory part of a glob before its first wildcard component, or the directory itself. */
    private static Path baseDirectory(String uri) {
        if (!isGlob(uri)) return Path.of(uri);
        Path p = Path.of(uri).toAbsolutePath();
        Path base = p.getRoot();
        for (Path part : p) {
            if (isGlob(part.toString())) break;
            base = base.resolve(part);
        }
        return base;
    }

    private static List<Path> glob(String pattern) throws IOException {
        Path base = baseDirectory(pattern);
        String abs = Path.of(pattern).toAbsolutePath().toString();
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + abs);
        if (!Files.isDirectory(base)) return List.of();
        try (Stream<Path> s = Files.walk(base)) {
            return s.filter(Files::isRegularFile).filter(p -> matcher.matches(p.toAbsolutePath()))
                    .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    private static List<Path> listDirectory(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }
}
