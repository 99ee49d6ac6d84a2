package io.qstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qstream.features.FeatureSpec;
import io.qstream.qrnn.QrnnModel;
import io.qstream.train.EnergyBaseline;
import io.qstream.train.FrameMetrics;
import io.qstream.train.LabeledSequence;
import io.qstream.train.Manifest;
import io.qstream.train.ModelExport;
import io.qstream.train.ModelImport;
import io.qstream.train.QrnnNet;
import io.qstream.qrnn.ModelFiles;
import io.qstream.train.SequenceLoader;
import io.qstream.train.TrainConfig;
import io.qstream.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code qstream train}: trains a QRNN labeller on a manifest of labelled media and writes a model directory
 * (model.json + weights.npz), a training log ({@code train.log}) and the validation report against the tuned
 * energy-threshold baseline ({@code validation.txt}).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a QRNN frame labeller (truncated BPTT, Adam) on a data manifest.")
public final class TrainCommand implements Callable<Integer> {
    @Mixin FeatureOptions featureOptions = new FeatureOptions();

    @Option(names = "--data", required = true, paramLabel = "TSV",
            description = "Training manifest (repeat the option to train on several).")
    List<Path> data;

    @Option(names = "--val", paramLabel = "TSV",
            description = "Validation manifest (early stopping, report; repeatable). Default: every 10th training"
                    + " entry.")
    List<Path> val;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model directory to write.")
    Path out;

    @Option(names = "--labels", split = ",", description = "Head labels, background first (default ${DEFAULT-VALUE}).")
    List<String> labels = List.of("nonspeech", "speech");

    @Option(names = "--target", description = "Label whose F1 steers early stopping (default: the last label).")
    String target;

    @Option(names = "--hidden", split = ",", description = "Hidden size per layer (default 32,32).")
    int[] hidden = {32, 32};

    @Option(names = "--window", split = ",", description = "Window k per layer (default 3,2).")
    int[] window = {3, 2};

    @Option(names = "--pooling", split = ",", description = "Pooling per layer: f, fo, ifo (default fo,fo).")
    String[] pooling = {"fo", "fo"};

    @Option(names = "--epochs", description = "Maximum epochs (default ${DEFAULT-VALUE}).")
    int epochs = 30;

    @Option(names = "--patience", description = "Early-stopping patience in epochs (default ${DEFAULT-VALUE}).")
    int patience = 6;

    @Option(names = "--segment", description = "Truncated-BPTT segment, frames (default ${DEFAULT-VALUE}).")
    int segment = 200;

    @Option(names = "--lanes", description = "Sequences per minibatch (default ${DEFAULT-VALUE}).")
    int lanes = 16;

    @Option(names = "--lr", description = "Adam learning rate (default ${DEFAULT-VALUE}).")
    double lr = 3e-3;

    @Option(names = "--lr-decay",
            description = "Learning-rate factor after an epoch without improvement (default ${DEFAULT-VALUE}).")
    double lrDecay = 0.7;

    @Option(names = "--zoneout", description = "Forget-gate zoneout probability (default ${DEFAULT-VALUE}).")
    float zoneout = 0.1f;

    @Option(names = "--dropout", description = "Dropout between layers (default ${DEFAULT-VALUE}).")
    float dropout = 0.1f;

    @Option(names = "--class-weight-power",
            description = "Class weights (mean count / count)^p; 0 = none (default ${DEFAULT-VALUE}).")
    double classWeightPower = 0.5;

    @Option(names = "--gain-augment-db",
            description = "Random level shift per sequence and epoch, +-dB, fbank only (default ${DEFAULT-VALUE}).")
    double gainAugmentDb = 6;

    @Option(names = "--max-minutes", description = "Wall-clock budget (default ${DEFAULT-VALUE}).")
    double maxMinutes = 15;

    @Option(names = "--seed", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--init", paramLabel = "DIR",
            description = "Start from this model directory (fine-tuning): its layers, head and input normalization;"
                    + " --hidden, --window and --pooling are then taken from it.")
    Path init;

    @Option(names = "--cached-features",
            description = "Use the manifests' cached 'features' .npy column instead of decoding the media.")
    boolean cachedFeatures;

    @Override
    public Integer call() throws Exception {
        FeatureSpec spec = featureOptions.specOrNull();
        if (spec == null) spec = FeatureOptions.defaultVadSpec();
        Files.createDirectories(out);
        Path logFile = out.resolve("train.log");
        try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8))) {
            Progress progress = new Progress(log);
            progress.line("qstream train " + String.join(" ", commandLine()));
            progress.line("features " + spec.toMap());
            SequenceLoader.FeatureSource source = cachedFeatures ? SequenceLoader.cached()
                    : new MediaFeatureSource(spec);
            List<LabeledSequence> trainSeqs = load(data, spec, source, progress);
            List<LabeledSequence> valSeqs;
            if (val != null && !val.isEmpty()) {
                valSeqs = load(val, spec, source, progress);
            } else {
                valSeqs = new ArrayList<>();
                List<LabeledSequence> rest = new ArrayList<>();
                for (int i = 0; i < trainSeqs.size(); i++) (i % 10 == 9 ? valSeqs : rest).add(trainSeqs.get(i));
                trainSeqs = rest;
            }
            long trainFrames = trainSeqs.stream().mapToLong(LabeledSequence::frames).sum();
            long valFrames = valSeqs.stream().mapToLong(LabeledSequence::frames).sum();
            progress.line(String.format(Locale.ROOT, "data: %d training sequences (%.1f min), %d validation (%.1f min)",
                    trainSeqs.size(), trainFrames * spec.frameShiftSeconds() / 60, valSeqs.size(),
                    valFrames * spec.frameShiftSeconds() / 60));

            TrainConfig c = new TrainConfig();
            c.hidden = hidden;
            c.windows = window;
            c.poolings = pooling;
            c.maxEpochs = epochs;
            c.patience = patience;
            c.segmentFrames = segment;
            c.lanes = lanes;
            c.learningRate = lr;
            c.decayOnPlateau = lrDecay;
            c.zoneout = zoneout;
            c.dropout = dropout;
            c.classWeightPower = classWeightPower;
            c.gainAugmentDb = spec.type().equals("fbank") ? gainAugmentDb : 0;
            c.maxMinutes = maxMinutes;
            c.seed = seed;
            c.targetLabel = target != null ? target : labels.get(labels.size() - 1);
            Trainer trainer = new Trainer(c, labels);
            QrnnNet initNet = null;
            if (init != null) {
                initNet = ModelImport.toNet(ModelFiles.load(init), labels);
                progress.line("initial model " + init + " (" + initNet.parameterCount() + " parameters)");
            }
            Trainer.Result result = trainer.train(trainSeqs, valSeqs, initNet, progress);
            progress.line(String.format(Locale.ROOT, "best epoch %d, validation %s F1 %.4f, %.1f s, %d parameters",
                    result.bestEpoch(), c.targetLabel, result.bestMetric(), result.seconds(),
                    result.net().parameterCount()));

            ObjectNode features = new ObjectMapper().valueToTree(spec.toMap());
            QrnnModel model = ModelExport.toModel(result.net(), features);
            ModelFiles.save(model, out);

            // Validation report: the model (through the inference engine) vs the tuned energy baseline.
            int targetIndex = labels.indexOf(c.targetLabel);
            FrameMetrics modelMetrics = EvalCommand.score(model, valSeqs, labels, 0);
            StringBuilder report = new StringBuilder();
            report.append("model on validation data\n").append(modelMetrics.report());
            if (spec.type().equals("fbank") && labels.size() == 2) {
                EnergyBaseline base = EnergyBaseline.tune(valSeqs, labels, targetIndex, 1 - targetIndex);
                FrameMetrics baseMetrics = new FrameMetrics(labels, 0);
                for (LabeledSequence s : valSeqs) {
                    baseMetrics.add(s.labels(), base.predict(s.features().data(), s.features().cols()));
                }
                report.append(String.format(Locale.ROOT, "%nenergy baseline (threshold %.2f tuned on this data)%n",
                        base.threshold())).append(baseMetrics.report());
            }
            Files.writeString(out.resolve("validation.txt"), report.toString());
            progress.line(report.toString());
            progress.line("wrote " + out.toAbsolutePath());
        }
        return 0;
    }

    private List<LabeledSequence> load(List<Path> manifests, FeatureSpec spec, SequenceLoader.FeatureSource source,
                                       Progress progress) throws IOException {
        List<LabeledSequence> out = new ArrayList<>();
        for (Path m : manifests) {
            out.addAll(SequenceLoader.load(Manifest.read(m), spec, labels, source,
                    (d, n) -> progress.transient_(String.format(Locale.ROOT, "loading %s %d/%d", m, d, n))));
        }
        return out;
    }

    private List<String> commandLine() {
        List<String> a = new ArrayList<>();
        data.forEach(d -> a.add("--data " + d));
        if (val != null) val.forEach(v -> a.add("--val " + v));
        if (init != null) a.add("--init " + init);
        a.add("--out " + out);
        if (init == null) { // with --init the shape comes from the initial model
            a.add("--hidden " + join(hidden) + " --window " + join(window) + " --pooling " + String.join(",", pooling));
        }
        a.add("--epochs " + epochs + " --patience " + patience + " --segment " + segment + " --lanes " + lanes);
        a.add("--lr " + lr + " --lr-decay " + lrDecay + " --zoneout " + zoneout + " --dropout " + dropout + " --seed " + seed);
        a.add("--class-weight-power " + classWeightPower + " --gain-augment-db " + gainAugmentDb);
        return a;
    }

    private static String join(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? "," : "").append(v[i]);
        return sb.toString();
    }

    /** Progress bar on stderr (epoch, step, loss, validation metric, ETA) and every epoch line in the log. */
    private static final class Progress implements Trainer.Listener {
        private final PrintWriter log;
        private final boolean tty = System.console() != null;
        private double lastMetric = Double.NaN;
        private long lastPrint;

        Progress(PrintWriter log) {
            this.log = log;
        }

        void line(String s) {
            if (tty) System.err.print("\r\033[K");
            System.err.println(s);
            log.println(s);
            log.flush();
        }

        void transient_(String s) {
            if (tty) System.err.print("\r\033[K" + s);
        }

        @Override
        public void step(int epoch, int step, int steps, double loss, double elapsedSec) {
            long now = System.nanoTime();
            if (now - lastPrint < 500_000_000L && step < steps) return;
            lastPrint = now;
            int width = 20, done = (int) Math.round(width * (double) step / steps);
            String bar = "#".repeat(done) + ".".repeat(width - done);
            String s = String.format(Locale.ROOT, "epoch %d [%s] %d/%d loss %.4f val %s elapsed %s", epoch, bar, step,
                    steps, loss, Double.isNaN(lastMetric) ? "-" : String.format(Locale.ROOT, "%.4f", lastMetric),
                    time(elapsedSec));
            if (tty) transient_(s);
        }

        @Override
        public void epoch(Trainer.EpochResult r) {
            lastMetric = r.valMetric();
            line(String.format(Locale.ROOT,
                    "epoch %d loss %.4f val loss %.4f val F1 %.4f best %.4f lr %.2g elapsed %s ETA %s%s",
                    r.epoch(), r.trainLoss(), r.valLoss(), r.valMetric(), r.bestMetric(), r.learningRate(),
                    time(r.elapsedSec()), time(r.etaSec()), r.improved() ? " *" : ""));
        }

        private static String time(double s) {
            long t = Math.round(s);
            return t >= 60 ? (t / 60) + "m" + String.format(Locale.ROOT, "%02d", t % 60) + "s" : t + "s";
        }
    }
}
