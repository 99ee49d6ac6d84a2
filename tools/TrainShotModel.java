// Trains the video shot-boundary QRNN on cached video features with io.qstream.train's Trainer, writes the model
// (qstream-qrnn/1, "features" = the VideoFeatureSpec map) and reports hard-cut F1 (+-1 frame) on validation clips.
// Run through tools/train-shot-model.sh (single-file Java program on the qstream classpath).
// Usage: TrainShotModel TRAIN.tsv VAL.tsv OUT_DIR [maxMinutes] [hidden e.g. 32,32] [windows e.g. 4,2]
//        TrainShotModel --eval MODEL_DIR MANIFEST.tsv...   (manifest: media, labels[, features]; no cached
//        features = decode the media with the model's feature spec)
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qstream.arrays.FloatMatrix;
import io.qstream.arrays.Npy;
import io.qstream.features.video.ShotLabels;
import io.qstream.features.video.ShotMetrics;
import io.qstream.features.video.ThresholdShotDetector;
import io.qstream.features.video.VideoFeatureSpec;
import io.qstream.qrnn.QrnnModel;
import io.qstream.train.LabeledSequence;
import io.qstream.train.ModelExport;
import io.qstream.qrnn.ModelFiles;
import io.qstream.train.TrainConfig;
import io.qstream.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

public class TrainShotModel {
    /** Clips of a manifest: cached features from its "features" column, else decoded from "media" with spec. */
    static List<LabeledSequence> load(Path manifest, VideoFeatureSpec spec) throws Exception {
        List<String> lines = Files.readAllLines(manifest);
        List<String> header = Arrays.asList(lines.get(0).split("\t"));
        int media = header.indexOf("media"), labels = header.indexOf("labels"), feats = header.indexOf("features");
        Path dir = manifest.toAbsolutePath().getParent();
        List<LabeledSequence> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] c = line.split("\t");
            FloatMatrix f = feats >= 0 && feats < c.length && !c[feats].isBlank()
                    ? Npy.readMatrix(dir.resolve(c[feats]))
                    : io.qstream.cli.VideoFeaturesCommand.compute(spec, dir.resolve(c[media]).toString());
            int[] y = ShotLabels.read(dir.resolve(c[labels]));
            if (y.length != f.rows()) {
                throw new IllegalStateException(c[media] + ": " + f.rows() + " feature rows but " + y.length + " labels");
            }
            out.add(new LabeledSequence(c[media], f, y));
        }
        return out;
    }

    static int[] ints(String s) {
        return Arrays.stream(s.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /** Cut frames a model predicts: frames whose most probable label is "cut". */
    static int[] predictCuts(QrnnModel model, FloatMatrix features) {
        FloatMatrix p = model.forward(List.of(features), List.of(model.newState())).get(0);
        int cut = model.labels().indexOf("cut");
        List<Integer> out = new ArrayList<>();
        for (int t = 0; t < p.rows(); t++) {
            int best = 0;
            for (int k = 1; k < p.cols(); k++) if (p.get(t, k) > p.get(t, best)) best = k;
            if (best == cut) out.add(t);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Where false-positive cuts fall: [inside a gradual transition, within 2 frames of one, elsewhere]. */
    static final int[] FP_WHERE = new int[3];

    static ShotMetrics score(QrnnModel model, List<LabeledSequence> seqs, StringBuilder perClip) {
        ShotMetrics sum = new ShotMetrics(0, 0, 0);
        for (LabeledSequence s : seqs) {
            int[] pred = predictCuts(model, s.features());
            ShotMetrics m = ShotMetrics.match(ShotLabels.cutFrames(s.labels()), pred, 1);
            if (perClip != null) {
                for (int p : pred) {
                    boolean nearCut = false, near = false;
                    for (int d = -1; d <= 1; d++) nearCut |= p + d >= 0 && p + d < s.labels().length && s.labels()[p + d] == 1;
                    for (int d = -2; d <= 2; d++) near |= p + d >= 0 && p + d < s.labels().length && s.labels()[p + d] == 2;
                    if (!nearCut) FP_WHERE[s.labels()[p] == 2 ? 0 : near ? 1 : 2]++;
                }
            }
            if (perClip != null) {
                List<Integer> missed = new ArrayList<>();
                for (int r : ShotLabels.cutFrames(s.labels())) {
                    boolean hit = false;
                    for (int p : pred) hit |= Math.abs(p - r) <= 1;
                    if (!hit) missed.add(r);
                }
                List<Integer> extra = new ArrayList<>();
                for (int p : pred) {
                    boolean hit = false;
                    for (int r : ShotLabels.cutFrames(s.labels())) hit |= Math.abs(p - r) <= 1;
                    if (!hit) extra.add(p);
                }
                perClip.append(s.name()).append(": ").append(m).append(" missed ").append(missed)
                        .append(" false ").append(extra).append('\n');
            }
            sum = sum.plus(m);
        }
        return sum;
    }

    public static void main(String[] a) throws Exception {
        Locale.setDefault(Locale.ROOT);
        if (a[0].equals("--eval")) { // --eval MODEL_DIR MANIFEST...: hard-cut scores of a trained model
            QrnnModel model = ModelFiles.load(Path.of(a[1]));
            @SuppressWarnings("unchecked")
            VideoFeatureSpec modelSpec = VideoFeatureSpec.fromMap(new ObjectMapper().convertValue(model.features(),
                    java.util.Map.class));
            for (int i = 2; i < a.length; i++) {
                StringBuilder clips = new StringBuilder();
                List<LabeledSequence> seqs = load(Path.of(a[i]), modelSpec);
                ShotMetrics m = score(model, seqs, clips);
                System.out.printf("%s%s: QRNN hard-cut (+-1 frame) %s%n", clips, a[i], m);
                // Model throughput, one stream at a time, frame by frame as a live stream would feed it.
                long frames = 0, t0 = System.nanoTime();
                for (int rep = 0; rep < 3; rep++) {
                    for (LabeledSequence s : seqs) {
                        var st = model.newState();
                        for (int t = 0; t < s.features().rows(); t++) {
                            model.forward(List.of(s.features().rowRange(t, t + 1)), List.of(st));
                        }
                        frames += s.features().rows();
                    }
                }
                double sec = (System.nanoTime() - t0) / 1e9;
                System.out.printf("model forward, 1 stream, 1 frame per call: %.0f frames/s%n", frames / sec);
            }
            return;
        }
        // The features the cached .npy files were computed with: defaults unless SHOT_FEATURE_OPTIONS="k=v,k=v".
        java.util.Map<String, Object> opts = new java.util.LinkedHashMap<>();
        for (String kv : System.getenv().getOrDefault("SHOT_FEATURE_OPTIONS", "").split(",")) {
            if (!kv.isBlank()) opts.put(kv.split("=")[0].trim(), kv.split("=")[1].trim());
        }
        VideoFeatureSpec spec = VideoFeatureSpec.fromMap(opts);
        List<LabeledSequence> train = load(Path.of(a[0]), spec), val = load(Path.of(a[1]), spec);
        Path out = Path.of(a[2]);
        TrainConfig c = new TrainConfig();
        c.maxMinutes = a.length > 3 ? Double.parseDouble(a[3]) : 10;
        c.hidden = a.length > 4 ? ints(a[4]) : new int[] {32, 32};
        c.windows = a.length > 5 ? ints(a[5]) : new int[] {4, 2};
        c.poolings = new String[c.hidden.length];
        Arrays.fill(c.poolings, "fo");
        c.maxEpochs = 150;
        c.patience = 15;
        c.segmentFrames = 100;
        c.lanes = 8;
        c.learningRate = 5e-3;
        c.decayOnPlateau = 0.8;
        c.classWeightPower = Double.parseDouble(System.getenv().getOrDefault("SHOT_CLASS_WEIGHT_POWER", "0.5")); // cuts: ~2% of frames
        c.targetLabel = null;     // macro F1: improves from the first epoch on, unlike the rare cut class alone
        c.seed = 7;
        Trainer trainer = new Trainer(c, ShotLabels.LABELS);
        Trainer.Result r = trainer.train(train, val, new Trainer.Listener() {
            @Override public void epoch(Trainer.EpochResult e) {
                System.err.printf("epoch %d: train loss %.4f, val loss %.4f, val macro F1 %.4f%s (%.0f s)%n", e.epoch(),
                        e.trainLoss(), e.valLoss(), e.valMetric(), e.improved() ? " *" : "", e.elapsedSec());
            }
        });
        if (train.get(0).features().cols() != spec.dim()) {
            throw new IllegalStateException("cached features have " + train.get(0).features().cols()
                    + " columns, the spec " + spec.toMap() + " " + spec.dim());
        }
        ObjectNode features = new ObjectMapper().valueToTree(spec.toMap());
        QrnnModel model = ModelExport.toModel(r.net(), features);
        ModelFiles.save(model, out);
        StringBuilder clips = new StringBuilder();
        ShotMetrics mv = score(model, val, clips);
        ShotMetrics mt = score(model, train, null);
        // The threshold baseline, tuned on the training clips, on the same validation clips.
        ThresholdShotDetector base = ThresholdShotDetector.tune(spec,
                train.stream().map(LabeledSequence::features).toList(),
                train.stream().map(s -> ShotLabels.cutFrames(s.labels())).toList(), 1);
        ShotMetrics mb = base.evaluate(val.stream().map(LabeledSequence::features).toList(),
                val.stream().map(s -> ShotLabels.cutFrames(s.labels())).toList(), 1);
        String report = String.format("best epoch %d of %d (%.0f s), %d parameters, hidden %s windows %s fo%n"
                        + "QRNN hard-cut (+-1 frame) train: %s%nQRNN hard-cut (+-1 frame) validation: %s%n"
                        + "baseline diff-hist >= %.2f validation: %s%n"
                        + "validation false positives (approx.): %d inside gradual transitions, %d within 2 frames of one, %d elsewhere%n%s",
                r.bestEpoch(), r.history().size(), r.seconds(), r.net().parameterCount(), Arrays.toString(c.hidden),
                Arrays.toString(c.windows), mt, mv, base.threshold(), mb, FP_WHERE[0], FP_WHERE[1], FP_WHERE[2], clips);
        Files.writeString(out.resolve("validation.txt"), report);
        System.out.print(report);
    }
}
