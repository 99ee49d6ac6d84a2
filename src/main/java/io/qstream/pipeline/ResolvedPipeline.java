package io.qstream.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.qstream.features.FeatureSpec;
import io.qstream.features.video.VideoFeatureSpec;
import io.qstream.labels.LabelOptions;
import io.qstream.labels.ShotLabelOptions;
import io.qstream.labels.ShotLabels;
import io.qstream.media.DecodeOptions;
import io.qstream.media.ReconnectPolicy;
import io.qstream.media.Track;
import io.qstream.media.VideoDecodeOptions;
import io.qstream.qrnn.QrnnModel;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * A {@link PipelineSpec} checked against its model and feature code and resolved into the settings the job's
 * parts take, before any job starts: the model loads and has an output head, the feature spec (the pipeline's,
 * else the one stored in the model) is valid, its dimension equals the model's input size, every input decodes at
 * the features' sample rate, and the segment labels are labels of the model. Errors name the pipeline and what is
 * wrong. The spec itself is not changed.
 *
 * <p>When an input has a video track, the same for {@code video-model}: it loads, has the shot labels
 * (none, cut, gradual), its video feature spec ({@code video-features}, else the one stored in the model, read by
 * {@link VideoFeatureSpec#fromMap}) is valid and gives its input size; video tracks decode at that spec's frame
 * size and rate (a different {@code decode.width/height/fps} is an error). The audio fields are null when no input
 * has an audio track, the video fields when none has a video track.
 *
 * <p>What the job's parts take: {@link #inputs} (the source), {@link #batch} (the model operator),
 * {@link #labelOptions} and {@link #shotLabelOptions} (the label operators).
 */
public final class ResolvedPipeline implements Serializable {
    private static final long serialVersionUID = 1L;

    public final PipelineSpec spec;
    /** The media inputs (all but {@code type: kafka}) as the source reads them, in the pipeline's order. */
    public final List<MediaInput> inputs;
    /** The inputs of {@code type: kafka}, in the pipeline's order (audio only). */
    public final List<KafkaInput> kafkaInputs;
    public final BatchOptions batch;
    public final FeatureSpec features;
    public final ModelLoader model;
    /** The model head's labels, in score order. */
    public final List<String> labels;
    /** Labels cut into segments. */
    public final List<String> segmentLabels;
    /** Video tracks: their features, model and the model's labels (null when no input has a video track). */
    public final VideoFeatureSpec videoFeatures;
    public final ModelLoader videoModel;
    public final List<String> videoLabels;

    private ResolvedPipeline(PipelineSpec spec, Branch<FeatureSpec> audio, List<String> segmentLabels,
                             Branch<VideoFeatureSpec> video) {
        this.spec = spec;
        this.batch = new BatchOptions(spec.batch.maxStreams, spec.batch.maxFrames, spec.maxDelayMillis());
        this.features = audio == null ? null : audio.features;
        this.model = audio == null ? null : audio.loader;
        this.labels = audio == null ? null : audio.labels;
        this.segmentLabels = segmentLabels;
        this.videoFeatures = video == null ? null : video.features;
        this.videoModel = video == null ? null : video.loader;
        this.videoLabels = video == null ? null : video.labels;
        List<MediaInput> in = new ArrayList<>(spec.inputs.size());
        List<KafkaInput> kafka = new ArrayList<>();
        for (int i = 0; i < spec.inputs.size(); i++) {
            PipelineSpec.Input input = spec.inputs.get(i);
            if (PipelineSpec.isKafka(input)) kafka.add(KafkaInput.of(input, "pipeline inputs[" + i + "]"));
            else in.add(input(input, videoFeatures));
        }
        this.inputs = List.copyOf(in);
        this.kafkaInputs = List.copyOf(kafka);
    }

    /** A model with its features and head labels: what the audio and the video branch each resolve. */
    private record Branch<F>(F features, ModelLoader loader, List<String> labels) {}

    /** Resolves with the model files at {@code spec.model} and {@code spec.video-model}. */
    public static ResolvedPipeline resolve(PipelineSpec spec, String source) {
        return resolve(spec, source, spec.model == null ? null : new ModelFileLoader(spec.model),
                spec.videoModel == null ? null : new ModelFileLoader(spec.videoModel));
    }

    /** Resolves with a given audio model (tests); a video model, if any, from files. */
    public static ResolvedPipeline resolve(PipelineSpec spec, String source, ModelLoader loader) {
        return resolve(spec, source, loader, spec.videoModel == null ? null : new ModelFileLoader(spec.videoModel));
    }

    /** Resolves with given models (either null when the pipeline has no input of that track). */
    public static ResolvedPipeline resolve(PipelineSpec spec, String source, ModelLoader loader, ModelLoader videoLoader) {
        String p = "pipeline " + source + ": ";
        spec.validate(source);
        if (spec.inputs.isEmpty()) throw new IllegalArgumentException(p + "inputs: no input given (add inputs or --input)");
        Branch<VideoFeatureSpec> video = null;
        if (spec.inputs.stream().anyMatch(in -> PipelineSpec.hasTrack(in, Track.VIDEO))) {
            video = branch(p, "video-model", spec.videoModel, videoLoader, "video-features", spec.videoFeatures,
                    VideoFeatureSpec::fromMap, VideoFeatureSpec::dim, vf -> "");
            if (!ShotLabels.LABELS.equals(video.labels)) {
                throw new IllegalArgumentException(p + "video-model " + spec.videoModel + " has labels " + video.labels
                        + " but shot segments need " + ShotLabels.LABELS + " in that order");
            }
            checkVideoDecode(p, spec, video.features);
        }
        Branch<FeatureSpec> audio = null;
        List<String> segmentLabels = null;
        if (spec.inputs.stream().anyMatch(in -> PipelineSpec.hasTrack(in, Track.AUDIO))) {
            audio = branch(p, "model", spec.model, loader, "features", spec.features, FeatureSpec::fromMap,
                    FeatureSpec::dim, f -> " (" + f.type() + ")");
            checkSampleRates(p, spec, audio.features);
            segmentLabels = segmentLabels(p, spec, audio.labels);
        }
        return new ResolvedPipeline(spec, audio, segmentLabels, video);
    }

    /**
     * Loads the model named by {@code modelKey} and resolves its features: the pipeline's {@code given} options,
     * else the spec stored in the model; their dimension must be the model's input size.
     */
    private static <F> Branch<F> branch(String p, String modelKey, String path, ModelLoader loader, String featuresKey,
                                        Map<String, Object> given, Function<Map<String, Object>, F> parse,
                                        ToIntFunction<F> dim, Function<F, String> describe) {
        QrnnModel model;
        try {
            if (loader == null) throw new IOException("not given");
            model = loader.load();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(p + modelKey + " " + path + ": " + e.getMessage(), e);
        }
        if (model.labels().isEmpty()) {
            throw new IllegalArgumentException(p + modelKey + " " + path + " has no output head: labels need one");
        }
        F features;
        String from;
        try {
            if (given != null) {
                from = featuresKey;
                features = parse.apply(given);
            } else if (model.features() != null) {
                from = "the " + (featuresKey.startsWith("video") ? "video " : "") + "feature spec stored in "
                        + modelKey + " " + path;
                @SuppressWarnings("unchecked")
                Map<String, Object> m = new ObjectMapper().convertValue(model.features(), Map.class);
                features = parse.apply(m);
            } else {
                throw new IllegalArgumentException(p + featuresKey + ": not given, and " + modelKey + " " + path
                        + " stores no feature spec");
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(p)) throw e;
            throw new IllegalArgumentException(p + featuresKey + ": " + e.getMessage(), e);
        }
        if (dim.applyAsInt(features) != model.inputDim()) {
            throw new IllegalArgumentException(p + modelKey + " " + path + " expects input size " + model.inputDim()
                    + " but " + from + " give " + dim.applyAsInt(features) + " values per frame" + describe.apply(features));
        }
        return new Branch<>(features, loader, List.copyOf(model.labels()));
    }

    /** Video inputs decode at the features' size and rate; a different explicit value is an error. */
    private static void checkVideoDecode(String p, PipelineSpec spec, VideoFeatureSpec vf) {
        for (int i = 0; i < spec.inputs.size(); i++) {
            PipelineSpec.Input in = spec.inputs.get(i);
            if (!PipelineSpec.hasTrack(in, Track.VIDEO)) continue;
            PipelineSpec.Decode d = in.decode;
            if ((d.width != 0 && d.width != vf.width()) || (d.height != 0 && d.height != vf.height())
                    || (d.fps != 0 && d.fps != vf.fps())) {
                throw new IllegalArgumentException(p + "inputs[" + i + "].decode: width/height/fps " + d.width + "x"
                        + d.height + "@" + d.fps + " differ from the video features' " + vf.width() + "x" + vf.height()
                        + "@" + vf.fps() + " (leave them 0)");
            }
        }
    }

    private static void checkSampleRates(String p, PipelineSpec spec, FeatureSpec features) {
        for (int i = 0; i < spec.inputs.size(); i++) {
            if (!PipelineSpec.hasTrack(spec.inputs.get(i), Track.AUDIO)) continue;
            int rate = spec.inputs.get(i).decode.sampleRate;
            if (rate != features.sampleRate()) {
                throw new IllegalArgumentException(p + "inputs[" + i + "].decode.sample-rate is " + rate
                        + " Hz but the features need " + features.sampleRate() + " Hz (sample-frequency)");
            }
        }
    }

    private static List<String> segmentLabels(String p, PipelineSpec spec, List<String> labels) {
        List<String> segmentLabels = spec.labels.segmentLabels == null ? labels : List.copyOf(spec.labels.segmentLabels);
        for (String l : segmentLabels) {
            if (!labels.contains(l)) {
                throw new IllegalArgumentException(p + "labels.segment-labels: '" + l + "' is not a label of model "
                        + spec.model + " " + labels);
            }
        }
        return segmentLabels;
    }

    /** One YAML input as the source reads it; {@code vf} (null without video tracks) gives the video frame format. */
    private static MediaInput input(PipelineSpec.Input in, VideoFeatureSpec vf) {
        PipelineSpec.Decode d = in.decode;
        List<Track> tracks = PipelineSpec.tracks(in.track);
        return new MediaInput(in.uri, in.name, tracks, in.pace, audioOptions(d),
                tracks.contains(Track.VIDEO) ? videoOptions(d, vf) : null,
                new ReconnectPolicy(d.reconnectAttempts, d.reconnectDelaySeconds));
    }

    /** The media layer's audio options for a YAML {@code decode} block. */
    public static DecodeOptions audioOptions(PipelineSpec.Decode d) {
        DecodeOptions o = new DecodeOptions();
        o.format = d.format;
        o.inputSampleRate = d.inputSampleRate;
        o.inputChannels = d.inputChannels;
        o.sampleRate = d.sampleRate;
        o.chunkSamples = d.chunkSamples;
        o.timeoutSeconds = d.timeoutSeconds;
        o.ffmpegOptions = new LinkedHashMap<>(d.ffmpegOptions);
        return o;
    }

    /** Video decoding at the frame size and rate of the video features {@code vf}. */
    private static VideoDecodeOptions videoOptions(PipelineSpec.Decode d, VideoFeatureSpec vf) {
        VideoDecodeOptions o = new VideoDecodeOptions();
        o.format = d.format;
        o.width = vf.width();
        o.height = vf.height();
        o.fps = vf.fps();
        o.timeoutSeconds = d.timeoutSeconds;
        o.ffmpegOptions = new LinkedHashMap<>(d.ffmpegOptions);
        return o;
    }

    /** Settings of the audio label operator (null when no input has an audio track). */
    public LabelOptions labelOptions() {
        if (!hasAudio()) return null;
        PipelineSpec.Labels l = spec.labels;
        return new LabelOptions(labels, segmentLabels, frameShiftSeconds(), l.frames, l.scoreDecimals,
                l.smoothing.onThreshold, l.smoothing.offThreshold, spec.minSegmentSeconds(), spec.minGapSeconds());
    }

    /** Settings of the video label operator (null when no input has a video track). */
    public ShotLabelOptions shotLabelOptions() {
        if (!hasVideo()) return null;
        return new ShotLabelOptions(videoLabels, spec.labels.frames, spec.labels.scoreDecimals, spec.minShotSeconds());
    }

    /** Seconds between audio frames (0 when no input has an audio track). */
    public double frameShiftSeconds() {
        return features == null ? 0 : features.frameShiftSamples() / (double) features.sampleRate();
    }

    /** True when some input has an audio track (labelled by {@code model}). */
    public boolean hasAudio() { return features != null; }

    /** True when some input has a video track (labelled by {@code video-model}). */
    public boolean hasVideo() { return videoFeatures != null; }
}
