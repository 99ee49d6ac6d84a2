package io.qstream.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qstream.features.FeatureSpec;
import io.qstream.media.VideoFrame;
import io.qstream.pipeline.PipelineSpec;
import io.qstream.pipeline.ResolvedPipeline;
import io.qstream.replay.OfflineLabels;
import io.qstream.replay.OfflineShotLabels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One input labelled by a pipeline's model offline, exactly as the job labels it: the pipeline is parsed and
 * resolved as {@code qstream run} does (its first input's decode options and track, the input replaced by the one
 * given), then the job's offline reference ({@code OfflineLabels} for audio, {@code OfflineShotLabels} for video)
 * writes the job's JSON Lines with per-frame records on, and those lines are read back. The only class of this
 * package that uses the job's code, so a move of those classes changes imports here only.
 */
public final class OfflineRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ResolvedPipeline pipeline;
    private final String input;
    private final String stream;
    private final String track;

    private OfflineRun(ResolvedPipeline pipeline, String input, String stream, String track) {
        this.pipeline = pipeline;
        this.input = input;
        this.stream = stream;
        this.track = track;
    }

    /** An audio input: the job's labels, the decoded samples and what the picture needs to say about the model. */
    public record Audio(JobLabels labels, List<String> segmentLabels, float[] samples, FeatureSpec features,
                        String model, double onThreshold, double offThreshold) {}

    /** A video input: the job's labels and every decoded frame (at the video features' size and rate). */
    public record Video(JobLabels labels, List<VideoFrame> frames, String model) {}

    /**
     * @param pipelineFile   pipeline YAML
     * @param input          media URI or file (already checked to exist when it is a file)
     * @param trackOverride  "audio" or "video", or null for the pipeline's first input's track
     * @throws IllegalArgumentException for a bad pipeline, naming it, or a track that is neither audio nor video
     */
    public static OfflineRun resolve(Path pipelineFile, String input, String trackOverride) throws IOException {
        PipelineSpec spec = PipelineSpec.parse(pipelineFile);
        PipelineSpec.Input first = spec.inputs.isEmpty() ? new PipelineSpec.Input() : spec.inputs.get(0);
        String track = trackOverride != null ? trackOverride : first.track == null ? "audio" : first.track;
        if (!track.equals("audio") && !track.equals("video")) {
            throw new IllegalArgumentException("pipeline " + pipelineFile + ": input track is '" + track
                    + "'; plot draws one track: give --track audio or --track video");
        }
        PipelineSpec.Input in = new PipelineSpec.Input();
        in.uri = input;
        in.name = streamName(input);
        in.decode = first.decode;
        in.track = track;
        spec.inputs = new ArrayList<>(List.of(in));
        spec.labels.frames = true;
        ResolvedPipeline p = ResolvedPipeline.resolve(spec, pipelineFile.toString());
        return new OfflineRun(p, input, in.name, track);
    }

    /** "audio" or "video". */
    public String track() { return track; }

    public Audio audio() throws IOException {
        float[] samples = OfflineLabels.decode(input, pipeline.inputs.get(0).audio());
        List<JsonNode> lines = parse(OfflineLabels.label(pipeline, stream, samples));
        double shift = pipeline.frameShiftSeconds();
        int frames = (int) lines.stream().filter(n -> n.has("frame")).count();
        double[] start = new double[frames], end = new double[frames];
        for (int f = 0; f < frames; f++) {
            start[f] = f * shift;
            end[f] = (f + 1) * shift;
        }
        JobLabels labels = read(lines, pipeline.labels, start, end);
        PipelineSpec.Smoothing s = pipeline.spec.labels.smoothing;
        return new Audio(labels, List.copyOf(pipeline.segmentLabels), samples, pipeline.features, pipeline.spec.model, s.onThreshold, s.offThreshold);
    }

    public Video video() throws IOException {
        OfflineShotLabels.Frames in = OfflineShotLabels.decode(input, pipeline.inputs.get(0).video());
        List<JsonNode> lines = parse(OfflineShotLabels.label(pipeline, stream, in));
        List<VideoFrame> frames = in.frames();
        double[] start = new double[frames.size()], end = new double[frames.size()];
        for (int f = 0; f < start.length; f++) {
            start[f] = frames.get(f).seconds();
            end[f] = f + 1 < start.length ? frames.get(f + 1).seconds() : in.endSeconds();
        }
        return new Video(read(lines, pipeline.videoLabels, start, end), frames, pipeline.spec.videoModel);
    }

    private static List<JsonNode> parse(List<String> lines) throws IOException {
        List<JsonNode> out = new ArrayList<>(lines.size());
        for (String l : lines) out.add(JSON.readTree(l));
        return out;
    }

    /** Frame records in frame order and segment records, as the job wrote them. */
    private JobLabels read(List<JsonNode> lines, List<String> labels, double[] start, double[] end) {
        float[][] scores = new float[start.length][];
        List<JobLabels.Segment> segments = new ArrayList<>();
        for (JsonNode n : lines) {
            if (n.has("frame")) {
                int f = n.get("frame").asInt();
                float[] row = new float[labels.size()];
                for (int j = 0; j < row.length; j++) row[j] = (float) n.get("scores").get(labels.get(j)).asDouble();
                scores[f] = row;
            } else if (n.has("start")) {
                segments.add(new JobLabels.Segment(n.get("label").asText(), n.get("start").asDouble(),
                        n.get("end").asDouble(), n.get("score").asDouble()));
            }
        }
        return new JobLabels(stream, List.copyOf(labels), start, end, scores, List.copyOf(segments));
    }

    private static String streamName(String input) {
        if (PipelineSpec.isUrl(input)) return input;
        Path name = Path.of(input).getFileName();
        return name == null ? input : name.toString();
    }
}
