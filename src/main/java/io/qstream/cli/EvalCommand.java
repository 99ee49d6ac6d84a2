package io.qstream.cli;

import io.qstream.arrays.FloatMatrix;
import io.qstream.features.FeatureSpec;
import io.qstream.pipeline.PipelineSpec;
import io.qstream.qrnn.QrnnModel;
import io.qstream.qrnn.QrnnState;
import io.qstream.train.EnergyBaseline;
import io.qstream.train.FrameMetrics;
import io.qstream.train.LabeledSequence;
import io.qstream.train.Manifest;
import io.qstream.qrnn.ModelFiles;
import io.qstream.train.SequenceLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code qstream eval}: frame accuracy, per-label precision/recall/F1 (optionally with a collar around reference
 * changes) and segment counts of a model on a labelled manifest, streamed through the inference engine from zero
 * state per file; optionally the same for the energy-threshold baseline tuned on another manifest.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Score a model (and optionally the energy baseline) on a labelled data manifest.")
public final class EvalCommand implements Callable<Integer> {
    @Mixin FeatureOptions featureOptions = new FeatureOptions();

    @Option(names = "--model", paramLabel = "DIR", description = "Model directory or .zip (default: the --pipeline's model).")
    Path modelDir;

    @Option(names = "--data", required = true, paramLabel = "TSV", description = "Labelled manifest to score.")
    Path data;

    @Option(names = "--collar", description = "Frames not scored on each side of a reference change (default 0).")
    int collar = 0;

    @Option(names = "--baseline-tune", paramLabel = "TSV",
            description = "Also score the energy-threshold baseline, its threshold tuned on this manifest.")
    Path baselineTune;

    @Option(names = "--cached-features", description = "Use the manifest's cached 'features' column.")
    boolean cachedFeatures;

    @Option(names = "--breakdown",
            description = "Also print the last label's F1 per file format and per condition named in the manifest's"
                    + " note column (key=value tokens; 'kind@NdB' tokens give background kind and SNR bucket).")
    boolean breakdown;

    @Override
    public Integer call() throws Exception {
        if (modelDir == null) {
            PipelineSpec pipeline = featureOptions.pipelineOrNull();
            if (pipeline == null || pipeline.model == null) {
                throw new IllegalArgumentException("no model: give --model DIR or a --pipeline that names one");
            }
            modelDir = Path.of(pipeline.model);
        }
        QrnnModel model = ModelFiles.load(modelDir);
        if (model.labels().isEmpty()) throw new IllegalArgumentException(modelDir + ": the model has no head labels");
        FeatureSpec spec = featureOptions.specOrNull();
        if (spec == null) {
            if (model.features() == null) {
                throw new IllegalArgumentException(modelDir + ": model.json has no feature spec; pass --features");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = new com.fasterxml.jackson.databind.ObjectMapper()
                    .convertValue(model.features(), Map.class);
            spec = FeatureSpec.fromMap(m);
        }
        if (spec.dim() != model.inputDim()) {
            throw new IllegalArgumentException("features have dim " + spec.dim() + " but " + modelDir + " expects "
                    + model.inputDim());
        }
        List<String> labels = model.labels();
        SequenceLoader.FeatureSource source = cachedFeatures ? SequenceLoader.cached() : new MediaFeatureSource(spec);
        Manifest manifest = Manifest.read(data);
        List<LabeledSequence> seqs = SequenceLoader.load(manifest, spec, labels, source, null);
        long frames = seqs.stream().mapToLong(LabeledSequence::frames).sum();
        long t0 = System.nanoTime();
        FrameMetrics metrics = score(model, seqs, labels, collar);
        double sec = (System.nanoTime() - t0) / 1e9;
        double audioSec = frames * spec.frameShiftSeconds();
        System.out.printf(Locale.ROOT, "model %s on %s: %d files, %.1f min%n", modelDir, data, seqs.size(),
                audioSec / 60);
        System.out.print(metrics.report());
        System.out.printf(Locale.ROOT, "model speed: %.2f us per frame, %.0fx real time (one stream, features"
                + " precomputed)%n", sec * 1e6 / Math.max(1, frames), audioSec / sec);
        // Streaming speed: the same files fed in 10-frame (100 ms) chunks, state carried between chunks.
        long s0 = System.nanoTime();
        for (LabeledSequence s : seqs) {
            QrnnState st = model.newState();
            FloatMatrix f = s.features();
            for (int r = 0; r < f.rows(); r += 10) model.forward(f.rowRange(r, Math.min(f.rows(), r + 10)), st);
        }
        double ss = (System.nanoTime() - s0) / 1e9;
        System.out.printf(Locale.ROOT, "model speed streaming 10-frame chunks: %.2f us per frame, %.0fx real time%n",
                ss * 1e6 / Math.max(1, frames), audioSec / ss);
        if (breakdown) printBreakdown(model, manifest, seqs, labels);
        if (baselineTune != null) {
            if (!spec.type().equals("fbank") || labels.size() != 2) {
                throw new IllegalArgumentException("the energy baseline needs fbank features and two labels");
            }
            List<LabeledSequence> tune = SequenceLoader.load(Manifest.read(baselineTune), spec, labels, source, null);
            int target = labels.size() - 1;
            EnergyBaseline base = EnergyBaseline.tune(tune, labels, target, 1 - target);
            FrameMetrics bm = new FrameMetrics(labels, collar);
            for (LabeledSequence s : seqs) bm.add(s.labels(), base.predict(s.features().data(), s.features().cols()));
            System.out.printf(Locale.ROOT, "%nenergy baseline (log mel power > %.2f, tuned on %s)%n",
                    base.threshold(), baselineTune);
            System.out.print(bm.report());
        }
        return 0;
    }

    private void printBreakdown(QrnnModel model, Manifest manifest, List<LabeledSequence> seqs, List<String> labels) {
        Map<String, FrameMetrics> groups = new java.util.TreeMap<>();
        for (int i = 0; i < seqs.size(); i++) {
            LabeledSequence s = seqs.get(i);
            int[] pred = predict(model, s.features());
            for (String g : groups(manifest.entries().get(i))) {
                groups.computeIfAbsent(g, k -> new FrameMetrics(labels, collar)).add(s.labels(), pred);
            }
        }
        System.out.print(breakdownTable(groups, labels));
    }

    /**
     * One line per group: scored frames, accuracy, F1 of the last (target) label, and its false rate: the fraction
     * of the group's frames with another reference label that were labelled as the target (false speech on
     * music-, tone- or effects-only groups). Groups without a target reference frame print "-" for F1.
     */
    public static String breakdownTable(Map<String, FrameMetrics> groups, List<String> labels) {
        int t = labels.size() - 1;
        String target = labels.get(t);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%n%-40s %8s %9s %9s %9s %13s%n", "group",
                "frames", "accuracy", target + " F1", target + " frm", "false " + target));
        groups.forEach((g, m) -> sb.append(String.format(Locale.ROOT, "%-40s %8d %9.4f %9s %9d %13.4f%n", g,
                m.scoredFrames(), m.accuracy(), m.referenceFrames(t) == 0 ? "-" : String.format(Locale.ROOT,
                        "%.4f", m.f1(t)), m.referenceFrames(t), m.falseRate(t))));
        return sb.toString();
    }

    /** Groups of one entry: its file format, and conditions parsed from the note column. */
    public static List<String> groups(Manifest.Entry e) {
        List<String> out = new java.util.ArrayList<>();
        String name = e.media().getFileName().toString();
        int dot = name.lastIndexOf('.');
        out.add("format=" + (dot >= 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "?"));
        for (String tok : e.note().trim().split("\\s+")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("([a-z]+)@(-?\\d+)dB").matcher(tok);
            if (m.matches()) {
                int snr = Integer.parseInt(m.group(2));
                out.add("background=" + m.group(1));
                out.add("snr=" + (snr < 0 ? "<0" : snr < 10 ? "0-10" : snr < 20 ? "10-20" : "20-30") + "dB");
            } else if (tok.equals("clean")) {
                out.add("background=clean");
            } else if (tok.contains("=") && !tok.startsWith("tilt=") && !tok.startsWith("reverb=")) {
                out.add(tok);
            } else if (tok.startsWith("reverb=")) {
                out.add("reverb");
            } else if (tok.contains(":")) {
                out.add("voice=" + tok.replaceAll("@[+-]\\d+c$", ""));
            }
        }
        return out;
    }

    /** Streams each sequence through the inference engine from a fresh state and scores argmax labels. */
    static FrameMetrics score(QrnnModel model, List<LabeledSequence> seqs, List<String> labels, int collar) {
        FrameMetrics metrics = new FrameMetrics(labels, collar);
        for (LabeledSequence s : seqs) metrics.add(s.labels(), predict(model, s.features()));
        return metrics;
    }

    static int[] predict(QrnnModel model, FloatMatrix features) {
        QrnnState state = model.newState();
        FloatMatrix p = model.forward(features, state);
        int[] out = new int[p.rows()];
        for (int t = 0; t < out.length; t++) {
            int arg = 0;
            for (int j = 1; j < p.cols(); j++) if (p.get(t, j) > p.get(t, arg)) arg = j;
            out[t] = arg;
        }
        return out;
    }

}
