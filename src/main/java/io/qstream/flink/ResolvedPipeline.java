package io.qstream.flink;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.qstream.features.FeatureSpec;
import io.qstream.features.video.ShotLabels;
import io.qstream.features.video.VideoFeatureSpec;
import io.qstream.qrnn.QrnnModel;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A {@link PipelineSpec} checked against its model and feature code, before any job starts: the model loads
 * and has an output head, the feature spec (the pipeline's, else the one stored in the model) is valid, its
 * dimension equals the model's input size, every input decodes at the features' sample rate, and the segment
 * labels are labels of the model. Errors name the pipeline and what is wrong.
 *
 * <p>When an input has a video track, the same for {@code video-model}: it loads, has the shot labels
 * (none, cut, gradual), its video feature spec ({@code video-features}, else the one stored in the model, read by
 * {@link VideoFeatureSpec#fromMap}) is valid and gives its input size; the video inputs' {@code decode.width},
 * {@code height} and {@code fps} are filled in from that spec (a different value given there is an error). The
 * audio fields are null when no input has an audio track, the video fields when none has a video track.
 */
public final class ResolvedPipeline implements Serializable {
    private static final long serialVersionUID = 1L;

    public final PipelineSpec spec;
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

    private ResolvedPipeline(PipelineSpec spec, FeatureSpec features, ModelLoader model, List<String> labels,
                             List<String> segmentLabels, VideoFeatureSpec videoFeatures, ModelLoader videoModel,
                             List<String> videoLabels) {
        this.spec = spec;
        this.features = features;
        this.model = model;
        this.labels = labels;
        this.segmentLabels = segmentLabels;
        this.videoFeatures = videoFeatures;
        this.videoModel = videoModel;
        this.videoLabels = videoLabels;
    }

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
        boolean audio = spec.inputs.stream().anyMatch(in -> PipelineSpec.hasTrack(in, Track.AUDIO));
        boolean video = spec.inputs.stream().anyMatch(in -> PipelineSpec.hasTrack(in, Track.VIDEO));
        VideoFeatureSpec videoFeatures = null;
        List<String> videoLabels = null;
        if (video) {
            QrnnModel vm = loadModel(p, "video-model", spec.videoModel, videoLoader);
            videoFeatures = videoFeatures(p, spec, vm);
            videoLabels = List.copyOf(vm.labels());
            if (!ShotLabels.LABELS.equals(videoLabels)) {
                throw new IllegalArgumentException(p + "video-model " + spec.videoModel + " has labels " + videoLabels
                        + " but shot segments need " + ShotLabels.LABELS + " in that order");
            }
            fillVideoDecode(p, spec, videoFeatures);
        }
        if (!audio) {
            return new ResolvedPipeline(spec, null, null, null, null, videoFeatures, videoLoader, videoLabels);
        }
        ResolvedPipeline a = resolveAudio(spec, p, loader);
        return new ResolvedPipeline(spec, a.features, loader, a.labels, a.segmentLabels, videoFeatures, videoLoader,
                videoLabels);
    }

    private static QrnnModel loadModel(String p, String key, String path, ModelLoader loader) {
        QrnnModel model;
        try {
            if (loader == null) throw new IOException("not given");
            model = loader.load();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(p + key + " " + path + ": " + e.getMessage(), e);
        }
        if (model.labels().isEmpty()) {
            throw new IllegalArgumentException(p + key + " " + path + " has no output head: labels need one");
        }
        return model;
    }

    private static VideoFeatureSpec videoFeatures(String p, PipelineSpec spec, QrnnModel vm) {
        VideoFeatureSpec vf;
        String from;
        try {
            if (spec.videoFeatures != null) {
                from = "video-features";
                vf = VideoFeatureSpec.fromMap(spec.videoFeatures);
            } else if (vm.features() != null) {
                from = "the video feature spec stored in video-model " + spec.videoModel;
                @SuppressWarnings("unchecked")
                Map<String, Object> m = new ObjectMapper().convertValue(vm.features(), Map.class);
                vf = VideoFeatureSpec.fromMap(m);
            } else {
                throw new IllegalArgumentException(p + "video-features: not given, and video-model " + spec.videoModel
                        + " stores no feature spec");
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(p)) throw e;
            throw new IllegalArgumentException(p + "video-features: " + e.getMessage(), e);
        }
        if (vf.dim() != vm.inputDim()) {
            throw new IllegalArgumentException(p + "video-model " + spec.videoModel + " expects input size "
                    + vm.inputDim() + " but " + from + " give " + vf.dim() + " values per frame");
        }
        return vf;
    }

    /** Video inputs decode at the features' size and rate; a different explicit value is an error. */
    private static void fillVideoDecode(String p, PipelineSpec spec, VideoFeatureSpec vf) {
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
            d.width = vf.width();
            d.height = vf.height();
            d.fps = vf.fps();
        }
    }

    private static ResolvedPipeline resolveAudio(PipelineSpec spec, String p, ModelLoader loader) {
        QrnnModel model;
        try {
            model = loader.load();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(p + "model " + spec.model + ": " + e.getMessage(), e);
        }
        if (model.labels().isEmpty()) {
            throw new IllegalArgumentException(p + "model " + spec.model + " has no output head: labels need one");
        }
        FeatureSpec features;
        String from;
        try {
            if (spec.features != null) {
                from = "features";
                features = FeatureSpec.fromMap(spec.features);
            } else if (model.features() != null) {
                from = "the feature spec stored in model " + spec.model;
                @SuppressWarnings("unchecked")
                Map<String, Object> m = new ObjectMapper().convertValue(model.features(), Map.class);
                features = FeatureSpec.fromMap(m);
            } else {
                throw new IllegalArgumentException(p + "features: not given, and model " + spec.model
                        + " stores no feature spec");
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(p)) throw e;
            throw new IllegalArgumentException(p + "features: " + e.getMessage(), e);
        }
        if (features.dim() != model.inputDim()) {
            throw new IllegalArgumentException(p + "model " + spec.model + " expects input size " + model.inputDim()
                    + " but " + from + " give " + features.dim() + " values per frame (" + features.type() + ")");
        }
        for (int i = 0; i < spec.inputs.size(); i++) {
            if (!PipelineSpec.hasTrack(spec.inputs.get(i), Track.AUDIO)) continue;
            int rate = spec.inputs.get(i).decode.sampleRate;
            if (rate != features.sampleRate()) {
                throw new IllegalArgumentException(p + "inputs[" + i + "].decode.sample-rate is " + rate
                        + " Hz but the features need " + features.sampleRate() + " Hz (sample-frequency)");
            }
        }
        List<String> labels = List.copyOf(model.labels());
        List<String> segmentLabels = spec.labels.segmentLabels == null ? labels : List.copyOf(spec.labels.segmentLabels);
        for (String l : segmentLabels) {
            if (!labels.contains(l)) {
                throw new IllegalArgumentException(p + "labels.segment-labels: '" + l + "' is not a label of model "
                        + spec.model + " " + labels);
            }
        }
        return new ResolvedPipeline(spec, features, loader, labels, segmentLabels, null, null, null);
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
