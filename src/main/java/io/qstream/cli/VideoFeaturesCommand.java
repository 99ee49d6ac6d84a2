package io.qstream.cli;

import io.qstream.arrays.FloatMatrix;
import io.qstream.arrays.Npy;
import io.qstream.features.video.VideoFeatureExtractor;
import io.qstream.features.video.VideoFeatureSpec;
import io.qstream.media.MediaException;
import io.qstream.media.VideoDecodeOptions;
import io.qstream.media.VideoDecoder;
import io.qstream.media.VideoFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code qstream video-features}: decodes videos and writes their per-frame video feature rows as .npy
 * {@code [frames, dim]} float32 (the cached features a training manifest's {@code features} column names), or with
 * {@code --bench} measures frames/s of decoding alone and of decoding plus features.
 */
@Command(name = "video-features", mixinStandardHelpOptions = true,
        description = "Per-frame video features (HSV histograms, luma, edges, frame differences) of videos, as .npy.")
public final class VideoFeaturesCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Video files, image-sequence patterns or URLs.")
    List<String> inputs = new ArrayList<>();

    @Option(names = {"-O", "--option"}, paramLabel = "KEY=VALUE",
            description = "Video feature option, e.g. -O width=320 -O hue-bins=12 (see VideoFeatureSpec).")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--out-dir", paramLabel = "DIR",
            description = "Write DIR/<input name without extension>.npy per input.")
    Path outDir;

    @Option(names = "--bench", description = "Measure decode-only and decode+features frames/s (writes nothing).")
    boolean bench;

    @Option(names = "--passes", description = "Timed passes per input with --bench (default ${DEFAULT-VALUE}).")
    int passes = 2;

    @Override
    public Integer call() throws Exception {
        VideoFeatureSpec spec = VideoFeatureSpec.fromMap(options);
        if (outDir == null && !bench) {
            throw new IllegalArgumentException("give --out-dir DIR or --bench");
        }
        if (outDir != null) {
            Files.createDirectories(outDir);
        }
        for (String input : inputs) {
            if (bench) {
                bench(spec, input);
            } else {
                long t0 = System.nanoTime();
                FloatMatrix rows = compute(spec, input);
                double s = (System.nanoTime() - t0) / 1e9;
                String name = Path.of(input).getFileName().toString().replaceFirst("\\.[^.]*$", "");
                Path out = outDir.resolve(name + ".npy");
                Npy.write(out, rows);
                System.err.printf("%s: %d frames -> %s (%.1f frames/s)%n", input, rows.rows(), out, rows.rows() / s);
            }
        }
        return 0;
    }

    /** The decoder options a spec implies: its frame size and rate. */
    public static VideoDecodeOptions decodeOptions(VideoFeatureSpec spec) {
        VideoDecodeOptions o = new VideoDecodeOptions();
        o.width = spec.width();
        o.height = spec.height();
        o.fps = spec.fps();
        return o;
    }

    /** Feature rows of a whole input {@code [frames, dim]}, exactly as a stream from its start computes them. */
    public static FloatMatrix compute(VideoFeatureSpec spec, String input) throws MediaException {
        VideoFeatureExtractor x = new VideoFeatureExtractor(spec);
        List<FloatMatrix> rows = new ArrayList<>();
        try (VideoDecoder d = VideoDecoder.open(input, decodeOptions(spec))) {
            VideoFrame f;
            while ((f = d.read()) != null) {
                rows.add(x.accept(f.rgb(), f.width(), f.height()));
            }
        }
        rows.add(x.finish());
        return FloatMatrix.concatRows(rows, spec.dim());
    }

    private void bench(VideoFeatureSpec spec, String input) throws MediaException {
        String source;
        try (VideoDecoder d = VideoDecoder.open(input, decodeOptions(spec))) {
            source = d.describe();
        }
        double bestDecode = 0;
        double bestAll = 0;
        long frames = 0;
        for (int pass = 0; pass < passes; pass++) {
            long t0 = System.nanoTime();
            frames = 0;
            try (VideoDecoder d = VideoDecoder.open(input, decodeOptions(spec))) {
                while (d.read() != null) {
                    frames++;
                }
            }
            bestDecode = Math.max(bestDecode, frames / ((System.nanoTime() - t0) / 1e9));
            t0 = System.nanoTime();
            FloatMatrix rows = compute(spec, input);
            bestAll = Math.max(bestAll, rows.rows() / ((System.nanoTime() - t0) / 1e9));
        }
        System.out.printf("%s [%s -> %dx%d]: %d frames; decode %.1f frames/s; decode+features %.1f frames/s%n",
                input, source, spec.width(), spec.height(), frames, bestDecode, bestAll);
    }
}
