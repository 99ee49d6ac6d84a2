package io.qstream.flink.source;

import io.qstream.media.LiveInputs;
import io.qstream.media.Track;
import io.qstream.pipeline.MediaInput;
import io.qstream.pipeline.PipelineSpec;

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

    public static List<MediaSplit> expand(List<MediaInput> inputs) {
        List<MediaSplit> splits = new ArrayList<>();
        for (int index = 0; index < inputs.size(); index++) {
            MediaInput in = inputs.get(index);
            String uri = in.uri().startsWith("file:") ? Path.of(java.net.URI.create(in.uri())).toString() : in.uri();
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
            if (uri.equals(LiveInputs.STDIN)) {
                addTracks(splits, index, uri, in.name() != null ? in.name() : "stdin", in, null);
                continue;
            }
            if (error != null) {
                addTracks(splits, index, uri, in.name() != null ? in.name() : uri, in, error);
            } else if (files == null) {
                addTracks(splits, index, uri, in.name() != null ? in.name() : uri, in, null);
            } else {
                Path base = baseDirectory(uri);
                for (Path f : files) {
                    String rel = base.relativize(f).toString();
                    addTracks(splits, index, f.toString(), in.name() != null ? in.name() + "/" + rel : f.toString(), in, null);
                }
            }
        }
        checkDistinctStreams(splits, inputs);
        return splits;
    }

    /**
     * Two splits with one stream id would share keyed state and be labelled as one stream; the pipeline refuses equal
     * names, but globs and directories can still overlap, so this fails the job at its start instead.
     */
    private static void checkDistinctStreams(List<MediaSplit> splits, List<MediaInput> inputs) {
        java.util.Map<String, MediaSplit> seen = new java.util.HashMap<>();
        for (MediaSplit s : splits) {
            MediaSplit before = seen.putIfAbsent(s.stream(), s);
            if (before != null) {
                throw new IllegalArgumentException("stream id '" + s.stream() + "' comes from two inputs ("
                        + inputs.get(before.input()).uri() + " and " + inputs.get(s.input()).uri()
                        + "): give the inputs names, or patterns that do not overlap");
            }
        }
    }

    /**
     * One split per track of the input: {@code track: audio} or {@code video} keeps the stream id as it is,
     * {@code both} gives two streams {@code id#audio} and {@code id#video}.
     */
    private static void addTracks(List<MediaSplit> splits, int index, String uri, String stream, MediaInput in,
                                  String error) {
        List<Track> tracks = in.tracks();
        for (Track t : tracks) {
            String id = tracks.size() > 1 ? stream + "#" + t.id() : stream;
            splits.add(new MediaSplit(Integer.toString(splits.size()), index, uri, id, t, 0, error));
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
