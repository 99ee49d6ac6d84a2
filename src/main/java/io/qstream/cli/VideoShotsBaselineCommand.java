package io.qstream.cli;

import io.qstream.arrays.FloatMatrix;
import io.qstream.arrays.Npy;
import io.qstream.labels.ShotLabels;
import io.qstream.labels.ShotMetrics;
import io.qstream.labels.ThresholdShotDetector;
import io.qstream.features.video.VideoFeatureSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code qstream video-shots-baseline}: the threshold-on-histogram-distance hard-cut detector. Tunes its threshold
 * on a training manifest and reports hard-cut F1 (+-tolerance frames) on a validation manifest. Manifests are TSV
 * with a header naming at least {@code media} and {@code labels} (frame CSV none/cut/gradual) and optionally
 * {@code features} (cached .npy from {@code qstream video-features}); paths are relative to the manifest.
 */
@Command(name = "video-shots-baseline", mixinStandardHelpOptions = true,
        description = "Tune and evaluate the histogram-distance hard-cut baseline on labelled video manifests.")
public final class VideoShotsBaselineCommand implements Callable<Integer> {

    @Option(names = "--train", required = true, paramLabel = "TSV", description = "Manifest to tune the threshold on.")
    Path train;

    @Option(names = "--val", required = true, paramLabel = "TSV", description = "Manifest to report on.")
    Path val;

    @Option(names = "--tolerance", description = "Frames a cut may be off (default ${DEFAULT-VALUE}).")
    int tolerance = 1;

    @Option(names = {"-O", "--option"}, paramLabel = "KEY=VALUE", description = "Video feature option.")
    Map<String, String> options = new LinkedHashMap<>();

    private record Clip(String media, FloatMatrix features, int[] cuts) {
    }

    @Override
    public Integer call() throws Exception {
        VideoFeatureSpec spec = VideoFeatureSpec.fromMap(options);
        List<Clip> trainClips = load(spec, train);
        List<Clip> valClips = load(spec, val);
        ThresholdShotDetector d = ThresholdShotDetector.tune(spec, features(trainClips), cuts(trainClips), tolerance);
        ShotMetrics tr = d.evaluate(features(trainClips), cuts(trainClips), tolerance);
        for (Clip c : valClips) {
            ShotMetrics m = ShotMetrics.match(c.cuts, d.cuts(c.features), tolerance);
            System.out.printf("%s: %s%n", c.media, m);
        }
        ShotMetrics va = d.evaluate(features(valClips), cuts(valClips), tolerance);
        System.out.printf("threshold %.2f (tuned on %d train clips: %s)%n", d.threshold(), trainClips.size(), tr);
        System.out.printf("validation (%d clips, +-%d frames): %s%n", valClips.size(), tolerance, va);
        System.out.printf("{\"detector\": \"diff-hist-threshold\", \"threshold\": %.2f, \"val_f1\": %.4f, "
                + "\"val_precision\": %.4f, \"val_recall\": %.4f}%n", d.threshold(), va.f1(), va.precision(),
                va.recall());
        return 0;
    }

    private static List<FloatMatrix> features(List<Clip> clips) {
        return clips.stream().map(Clip::features).toList();
    }

    private static List<int[]> cuts(List<Clip> clips) {
        return clips.stream().map(Clip::cuts).toList();
    }

    private static List<Clip> load(VideoFeatureSpec spec, Path manifest) throws IOException {
        List<String> lines = Files.readAllLines(manifest).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        if (lines.isEmpty()) {
            throw new IOException(manifest + ": empty manifest");
        }
        List<String> header = Arrays.asList(lines.get(0).split("\t"));
        int media = header.indexOf("media");
        int labels = header.indexOf("labels");
        int feats = header.indexOf("features");
        if (media < 0 || labels < 0) {
            throw new IOException(manifest + ": the header must name the columns media and labels, got " + header);
        }
        Path dir = manifest.toAbsolutePath().getParent();
        List<Clip> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cols = line.split("\t");
            String m = dir.resolve(cols[media]).toString();
            FloatMatrix f = feats >= 0 && feats < cols.length && !cols[feats].isBlank()
                    ? Npy.readMatrix(dir.resolve(cols[feats])) : VideoFeaturesCommand.compute(spec, m);
            if (f.cols() != spec.dim()) {
                throw new IOException(m + ": features have " + f.cols() + " columns, the spec " + spec.dim());
            }
            out.add(new Clip(cols[media], f, ShotLabels.cutFrames(ShotLabels.read(dir.resolve(cols[labels])))));
        }
        return out;
    }
}
