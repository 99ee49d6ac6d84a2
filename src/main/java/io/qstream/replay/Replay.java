package io.qstream.replay;

import io.qstream.flink.LabelJob;
import io.qstream.flink.LocalRun;
import io.qstream.labels.LabelDiff;
import io.qstream.labels.LabelJson;
import io.qstream.pipeline.PipelineSpec;
import io.qstream.pipeline.ResolvedPipeline;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Replay tests over recorded fixtures: a case ({@code case.yaml}) names a pipeline, its inputs and the expected
 * label file; replaying runs the pipeline on an embedded MiniCluster (file sink, exactly-once) and reports every
 * difference ({@link LabelDiff}: labels and times exactly, scores within {@code score-tolerance}).
 *
 * <pre>
 * pipeline: ../../../pipelines/speech-vad.yaml   # relative to the case file
 * inputs: [{uri: ../../audio/speech-en-16k.wav, name: speech-en}]   # replace the pipeline's inputs
 * frames: true                                    # per-frame records too (default false)
 * parallelism: 2                                  # default: the pipeline's
 * expected: expected.jsonl                        # default expected.jsonl
 * score-tolerance: 0.001                          # default 0.001
 * </pre>
 */
public final class Replay {
    /** One replay case, as read from its {@code case.yaml}. */
    public static final class Case {
        public String pipeline;
        public List<PipelineSpec.Input> inputs = null;
        public boolean frames = false;
        public Integer parallelism = null;
        public String expected = "expected.jsonl";
        public double scoreTolerance = 1e-3;
        /** The case file (set when loaded). */
        public transient Path file;

        public String name() { return file.getParent().getFileName().toString(); }
        public Path expectedFile() { return file.getParent().resolve(expected); }
    }

    /** What a replay found: the case, the differences (empty = pass) and the output lines. */
    public record Outcome(Case c, List<String> differences, List<String> actual) {
        public boolean passed() { return differences.isEmpty(); }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Replay() {}

    /** The cases under {@code path}: a case file, a directory holding case.yaml, or a directory of such directories. */
    public static List<Case> cases(Path path) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isRegularFile(path)) {
            files.add(path);
        } else if (Files.isRegularFile(path.resolve("case.yaml"))) {
            files.add(path.resolve("case.yaml"));
        } else if (Files.isDirectory(path)) {
            try (Stream<Path> s = Files.list(path)) {
                s.map(d -> d.resolve("case.yaml")).filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        }
        if (files.isEmpty()) throw new IOException("replay " + path + ": no case.yaml found");
        List<Case> out = new ArrayList<>();
        for (Path f : files) out.add(load(f));
        return out;
    }

    static Case load(Path file) throws IOException {
        Case c;
        try {
            c = YAML.readValue(file.toFile(), Case.class);
        } catch (IOException e) {
            throw new IOException("replay case " + file + ": " + e.getMessage(), e);
        }
        if (c.pipeline == null) throw new IOException("replay case " + file + ": pipeline: required");
        c.file = file.toAbsolutePath();
        return c;
    }

    /** The case's pipeline, with the case's inputs, frames and parallelism, writing nowhere yet. */
    public static ResolvedPipeline pipeline(Case c) throws IOException {
        Path dir = c.file.getParent();
        Path pipelineFile = dir.resolve(c.pipeline).normalize();
        PipelineSpec spec = PipelineSpec.parse(pipelineFile);
        if (c.inputs != null) {
            List<PipelineSpec.Input> resolved = new ArrayList<>();
            for (PipelineSpec.Input in : c.inputs) {
                PipelineSpec.Input r = new PipelineSpec.Input();
                r.uri = PipelineSpec.resolve(dir, in.uri);
                r.name = in.name;
                r.pace = in.pace;
                r.track = in.track;
                r.decode = in.decode == null ? new PipelineSpec.Decode() : in.decode;
                resolved.add(r);
            }
            spec.inputs = resolved;
        }
        spec.labels.frames = c.frames;
        if (c.parallelism != null) spec.parallelism = c.parallelism;
        return ResolvedPipeline.resolve(spec, pipelineFile.toString());
    }

    /** Runs the case and compares with its expected file (missing file = every line is a difference). */
    public static Outcome run(Case c, Path scratch) throws Exception {
        ResolvedPipeline p = pipeline(c);
        Path out = scratch.resolve("replay-" + c.name() + "-" + System.nanoTime());
        List<String> actual;
        try {
            LocalRun.run(p, LabelJob.fileSink(out.toString()), null);
            actual = relativize(c, LocalRun.committedLines(out));
        } finally {
            LocalRun.deleteTree(out);
        }
        List<String> expected = Files.exists(c.expectedFile()) ? Files.readAllLines(c.expectedFile()) : List.of();
        return new Outcome(c, LabelDiff.diff(expected, actual, c.scoreTolerance), actual);
    }

    /**
     * Error messages name inputs by absolute path, which differs between checkouts: write each input's path as
     * the case file gives it (relative to the case).
     */
    static List<String> relativize(Case c, List<String> lines) {
        if (c.inputs == null) return lines;
        List<String> out = new ArrayList<>(lines.size());
        for (String line : lines) {
            for (PipelineSpec.Input in : c.inputs) {
                String abs = PipelineSpec.resolve(c.file.getParent(), in.uri);
                if (!abs.equals(in.uri)) line = line.replace(abs, in.uri);
            }
            out.add(line);
        }
        return out;
    }

    /** Writes the actual output as the case's expected file, sorted by stream then as the job wrote it. */
    public static void update(Outcome o) throws IOException {
        List<String> lines = new ArrayList<>(o.actual());
        // stable order whatever the parallelism: by stream id (lines of one stream keep their order)
        lines.sort(java.util.Comparator.comparing(Replay::streamOf));
        Files.write(o.c().expectedFile(), lines);
    }

    private static String streamOf(String line) {
        try {
            return LabelJson.JSON.readTree(line).path("stream").asText();
        } catch (IOException e) {
            return "";
        }
    }
}
