package io.qstream.flink;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.qstream.features.FeatureSpec;
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

    private ResolvedPipeline(PipelineSpec spec, FeatureSpec features, ModelLoader model, List<String> labels,
                             List<String> segmentLabels) {
        this.spec = spec;
        this.features = features;
        this.model = model;
        this.labels = labels;
        this.segmentLabels = segmentLabels;
    }

    /** Resolves with the model files at {@code spec.model}. */
    public static ResolvedPipeline resolve(PipelineSpec spec, String source) {
        return resolve(spec, source, new ModelFileLoader(spec.model));
    }

    /** Resolves with a given model (tests). */
    public static ResolvedPipeline resolve(PipelineSpec spec, String source, ModelLoader loader) {
        String p = "pipeline " + source + ": ";
        spec.validate(source);
        if (spec.inputs.isEmpty()) throw new IllegalArgumentException(p + "inputs: no input given (add inputs or --input)");
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
        return new ResolvedPipeline(spec, features, loader, labels, segmentLabels);
    }

    /** Seconds between frames. */
    public double frameShiftSeconds() {
        return features.frameShiftSamples() / (double) features.sampleRate();
    }
}
