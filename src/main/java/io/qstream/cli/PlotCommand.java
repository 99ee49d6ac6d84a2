package io.qstream.cli;

import io.qstream.plot.AudioPlot;
import io.qstream.plot.OfflineRun;
import io.qstream.plot.Picture;
import io.qstream.plot.PngOutput;
import io.qstream.plot.TruthLabels;
import io.qstream.plot.VideoPlot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code qstream plot}: one input labelled offline by a pipeline's model exactly as the job labels it, drawn as a
 * PNG (spectrogram, scores, segments and reference labels for audio; scores, cuts and thumbnails for video) so a
 * person sees where and why the model is wrong. Errors (missing input, unreadable labels, bad time range, output
 * directory missing or not writable) are one line naming the input, exit code 2, and never leave a PNG behind.
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Draw what a pipeline's model does on one input as a PNG, to look at its errors.",
            "Audio: log-mel spectrogram, per-frame scores with the on/off thresholds, predicted segments, and with"
                + " --labels the true labels and a row of errors (false red, missed purple).",
            "Video (--track video, or a pipeline whose input track is video): per-frame cut/gradual scores, predicted"
                + " and true cuts, and thumbnails of frames t-2..t+2 around every predicted and true cut, false and"
                + " missed cuts first.",
            "The model runs over the whole input as 'qstream run' would label it; --start/--duration only choose"
                + " what is drawn.",
            "",
            "--labels formats (the ones train/eval manifests and the video fixtures use):",
            "  audio, frame CSV: a header line  frame_index,label  then one  index,label",
            "    line per 10 ms feature frame; frames not listed are background;",
            "  audio, segment list: lines  start end label  (seconds; spaces or commas;",
            "    # comments); a frame takes the label when its centre is in [start, end);",
            "    label names are the model's (e.g. nonspeech, speech);",
            "  video (fixtures/video/*.labels.csv): a header line  frame_index,label  then",
            "    every frame in order: none, cut (first frame of a new shot) or gradual.",
            "",
            "Bad input (missing input, unreadable labels, bad --start/--duration, output",
            "directory missing or not writable): one error line naming it, exit code 2,",
            "and no PNG is written (the picture goes to a temporary file, then is moved).",
            ""})
public final class PlotCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "MEDIA", description = "Media file or URL to label.")
    String input;

    @Option(names = "--pipeline", paramLabel = "YAML",
            description = "Pipeline giving model, features, decode and labels options (default: the bundled"
                    + " pipelines/speech-vad.yaml, or pipelines/video-shots.yaml with --track video).")
    Path pipeline;

    @Option(names = "--track", paramLabel = "audio|video",
            description = "Track to label (default: the pipeline's first input's track).")
    String track;

    @Option(names = "--labels", paramLabel = "FILE", description = "True labels to draw beside the prediction (formats above).")
    Path labels;

    @Option(names = "--out", required = true, paramLabel = "F.png", description = "PNG to write (replaced whole, atomically).")
    Path out;

    @Option(names = "--start", paramLabel = "SECONDS", description = "First second shown (default 0).")
    String start;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Seconds shown (default: to the end of the input).")
    String duration;

    @Option(names = "--width", paramLabel = "PIXELS", description = "Picture width (default ${DEFAULT-VALUE}).")
    int width = 1600;

    @Option(names = "--height", paramLabel = "PIXELS",
            description = "Picture height (default 720 for audio; for video tall enough for every thumbnail strip).")
    Integer height;

    @Option(names = "--tolerance", paramLabel = "FRAMES",
            description = "Video: frames a predicted cut may be off a true one and still match (default ${DEFAULT-VALUE}).")
    int tolerance = 1;

    @Override
    public Integer call() throws Exception {
        PngOutput.check(out);
        boolean url = io.qstream.pipeline.PipelineSpec.isUrl(input);
        if (!url && !Files.exists(Path.of(input))) throw new IllegalArgumentException("input " + input + ": no such file");
        if (!url && !Files.isReadable(Path.of(input))) throw new IllegalArgumentException("input " + input + ": not readable");
        String media = url ? input : Path.of(input).toAbsolutePath().normalize().toString();
        double from = start == null ? 0 : seconds("--start", start, false);
        double span = duration == null ? Double.POSITIVE_INFINITY : seconds("--duration", duration, true);
        if (track != null && !track.equals("audio") && !track.equals("video")) {
            throw new IllegalArgumentException("--track " + track + ": must be audio or video");
        }
        if (tolerance < 0) throw new IllegalArgumentException("--tolerance " + tolerance + ": must be >= 0 frames");
        if (labels != null) TruthLabels.check(labels);
        Path pipe = pipeline != null ? pipeline : bundledPipeline("video".equals(track) ? "video-shots.yaml" : "speech-vad.yaml");

        OfflineRun run = OfflineRun.resolve(pipe, media, track);
        String name = url ? input : Path.of(input).getFileName().toString();
        Picture picture;
        double end;
        try {
            if (run.track().equals("audio")) {
                OfflineRun.Audio a = run.audio();
                end = window(from, span, a.labels().endSeconds());
                TruthLabels truth = labels == null ? null
                        : TruthLabels.audio(labels, a.labels().frames(), a.labels().labels(), a.features());
                picture = AudioPlot.draw(a, truth, title(name, a.model(), pipe, from, end, a.labels().endSeconds()),
                        width, height == null ? 720 : height, from, end);
            } else {
                OfflineRun.Video v = run.video();
                end = window(from, span, v.labels().endSeconds());
                TruthLabels truth = labels == null ? null : TruthLabels.video(labels);
                int h = height != null ? height : VideoPlot.naturalHeight(v, truth, width, tolerance, from, end);
                picture = VideoPlot.draw(v, truth, title(name, v.model(), pipe, from, end, v.labels().endSeconds()),
                        width, h, tolerance, from, end);
            }
        } catch (io.qstream.media.MediaException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            if (track == null && run.track().equals("audio") && m.contains("no audio stream")) m += "; for its video give --track video";
            throw new IllegalArgumentException(m.contains(input) || m.contains(media) ? m : "input " + input + ": " + m, e);
        }
        PngOutput.write(picture.image(), out);
        System.err.printf(Locale.ROOT, "qstream plot: wrote %s (%dx%d, %s, %.2f-%.2f s): %s%n", out,
                picture.image().getWidth(), picture.image().getHeight(), run.track(), from, end, picture.summary());
        return 0;
    }

    /** End of the window: {@code from + span} cut to the media's end; an error when {@code from} is past it. */
    private double window(double from, double span, double mediaEnd) {
        if (mediaEnd <= 0) throw new IllegalArgumentException("input " + input + ": no frames decoded");
        if (from >= mediaEnd) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "--start %s: at or past the end of input %s (%.3f s long)", start, input, mediaEnd));
        }
        return Math.min(mediaEnd, from + span);
    }

    /** Seconds from "12.5" or "12.5s"; start may be 0, a duration must be positive. */
    static double seconds(String option, String text, boolean positive) {
        String s = text.trim();
        if (s.endsWith("s")) s = s.substring(0, s.length() - 1).trim();
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + text + "': not a number of seconds");
        }
        if (!Double.isFinite(v) || v < 0 || (positive && v == 0)) {
            throw new IllegalArgumentException(option + " '" + text + "': must be " + (positive ? "> 0" : ">= 0")
                    + " seconds");
        }
        return v;
    }

    private static String title(String name, String model, Path pipeline, double from, double end, double length) {
        return String.format(Locale.ROOT, "%s  ·  %.2f–%.2f s of %.2f s  ·  model %s  ·  pipeline %s", name, from, end,
                length, shortPath(model), pipeline.getFileName());
    }

    /** A path relative to the working directory when it is under it, else as given. */
    private static String shortPath(String p) {
        if (p == null) return "?";
        Path abs = Path.of(p).toAbsolutePath().normalize(), cwd = Path.of("").toAbsolutePath();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : p;
    }

    /** {@code pipelines/NAME} of the qstream checkout this code runs from (target/qstream.jar or target/classes). */
    private static Path bundledPipeline(String name) {
        try {
            Path code = Path.of(PlotCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = code.getParent(); dir != null; dir = dir.getParent()) {
                Path p = dir.resolve("pipelines").resolve(name);
                if (Files.isRegularFile(p)) return p;
            }
        } catch (Exception e) {
            // fall through to the working directory
        }
        Path p = Path.of("pipelines", name);
        if (Files.isRegularFile(p)) return p;
        throw new IllegalArgumentException("no --pipeline given and the bundled pipelines/" + name
                + " was not found; give --pipeline");
    }
}
