package io.qstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qstream.labels.ShotLabels;
import io.qstream.labels.ShotMetrics;
import io.qstream.pipeline.PipelineSpec;
import io.qstream.pipeline.ResolvedPipeline;
import io.qstream.plot.AudioPlot;
import io.qstream.plot.Palette;
import io.qstream.plot.PlotLayout;
import io.qstream.plot.VideoPlot;
import io.qstream.replay.OfflineLabels;
import io.qstream.replay.OfflineShotLabels;
import io.qstream.train.FrameLabels;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qstream plot} on the bundled fixtures: the PNG has the requested size, and the bar rows are coloured in
 * exactly the pixel columns of the job's segments / cuts and of the reference labels, computed here from the
 * job's offline reference (OfflineLabels / OfflineShotLabels) and the label readers, not from the plot code.
 */
class PlotCommandTest {
    private static final Path WAV = Path.of("fixtures/audio/speech-en-16k.wav").toAbsolutePath();
    private static final Path VAD = Path.of("pipelines/speech-vad.yaml");
    private static final Path MP4 = Path.of("fixtures/video/shots-h264.mp4").toAbsolutePath();
    private static final Path MP4_LABELS = Path.of("fixtures/video/shots-h264.labels.csv");
    private static final Path SHOTS = Path.of("pipelines/video-shots.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A column is checked only when it is at least this many pixels from any edge of what it shows. */
    private static final double MARGIN_PX = 1.5;

    private record Span(double start, double end) {}

    /** The job's speech segments for the WAV fixture, and its length in seconds. */
    private static List<Span> speech;
    private static double audioSeconds;
    private static int audioFrames;

    @TempDir
    Path dir;

    @BeforeAll
    static void jobLabelsOfTheAudioFixture() throws Exception {
        PipelineSpec spec = PipelineSpec.parse(VAD);
        spec.labels.frames = true;
        ResolvedPipeline p = ResolvedPipeline.resolve(spec, VAD.toString());
        List<String> lines = OfflineLabels.label(p, "speech-en", OfflineLabels.decode(WAV.toString(), p.inputs.get(0).audio()));
        speech = new ArrayList<>();
        for (String l : lines) {
            JsonNode n = JSON.readTree(l);
            if (n.has("frame")) audioFrames++;
            else if (n.get("label").asText().equals("speech")) speech.add(new Span(n.get("start").asDouble(), n.get("end").asDouble()));
        }
        audioSeconds = audioFrames * p.frameShiftSeconds();
        // the checks below need segments with gaps between them (the shipped model gives 5)
        assertTrue(speech.size() >= 3, "the fixture's job output has speech segments: " + speech);
    }

    @Test
    void audioPlotHasTheSizeAndTheJobsSegmentsAndTheTrueLabelsInTheirColumns() throws Exception {
        Path truth = Files.writeString(dir.resolve("truth.txt"), "# start end label\n0.70 3.50 speech\n4.20 6.50 speech\n"
                + "7.40 10.70 speech\n");
        Path out = dir.resolve("a.png");
        CliRun run = CliRun.of("plot", "--input", WAV.toString(), "--pipeline", VAD.toString(), "--labels",
                truth.toString(), "--out", out.toString(), "--width", "1300", "--height", "650");
        assertEquals(0, run.exitCode(), run.err());
        BufferedImage img = ImageIO.read(out.toFile());
        assertEquals(1300, img.getWidth());
        assertEquals(650, img.getHeight());
        PlotLayout l = PlotLayout.audio(1300, 650, 0, audioSeconds, AudioPlot.barRows(List.of("speech"), true));
        checkSegments(img, l, PlotLayout.predicted("speech"), speech, blue());
        int[] frames = FrameLabels.read(truth, audioFrames, List.of("nonspeech", "speech"), 0.01, 0.025);
        checkFrames(img, l, PlotLayout.TRUE, frames, 0.01);
        // errors row: frames predicted (centre inside a job segment) but not true are red, true but not predicted purple
        List<Span> falses = new ArrayList<>(), misses = new ArrayList<>();
        for (int f = 0; f < audioFrames; f++) {
            boolean p = inside(speech, (f + 0.5) * 0.01), t = frames[f] == 1;
            if (p != t) (p ? falses : misses).add(new Span(f * 0.01, (f + 1) * 0.01));
        }
        assertFalse(falses.isEmpty() || misses.isEmpty(), "this truth has both kinds of error");
        checkRow(img, l, PlotLayout.ERRORS, t -> inside(falses, t) ? Palette.FALSE : inside(misses, t) ? Palette.MISSED
                : Palette.ROW_BACKGROUND, edges(l, merged(falses), merged(misses)), 1);
        assertTrue(run.err().contains("speech frames:"), run.err());
    }

    @Test
    void aFrameCsvTruthIsDrawnToo() throws Exception {
        StringBuilder csv = new StringBuilder("frame_index,label\n");
        for (int f = 0; f < audioFrames; f++) csv.append(f).append(',').append(f % 300 < 120 ? "speech" : "nonspeech").append('\n');
        Path truth = Files.writeString(dir.resolve("truth.csv"), csv);
        Path out = dir.resolve("csv.png");
        CliRun run = CliRun.of("plot", "--input", WAV.toString(), "--labels", truth.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        BufferedImage img = ImageIO.read(out.toFile());
        assertEquals(1600, img.getWidth());
        assertEquals(720, img.getHeight());
        PlotLayout l = PlotLayout.audio(1600, 720, 0, audioSeconds, AudioPlot.barRows(List.of("speech"), true));
        checkFrames(img, l, PlotLayout.TRUE, FrameLabels.read(truth, audioFrames, List.of("nonspeech", "speech"), 0.01, 0.025), 0.01);
    }

    @Test
    void startAndDurationCropTheTimeAxis() throws Exception {
        Path out = dir.resolve("crop.png");
        CliRun run = CliRun.of("plot", "--input", WAV.toString(), "--pipeline", VAD.toString(), "--out", out.toString(),
                "--start", "3.5", "--duration", "4s", "--width", "900", "--height", "500");
        assertEquals(0, run.exitCode(), run.err());
        BufferedImage img = ImageIO.read(out.toFile());
        assertEquals(900, img.getWidth());
        assertEquals(500, img.getHeight());
        PlotLayout l = PlotLayout.audio(900, 500, 3.5, 7.5, AudioPlot.barRows(List.of("speech"), false));
        checkSegments(img, l, PlotLayout.predicted("speech"), speech, blue());
        // the uncropped axis would put the gap before the segment that starts at 4.24 s elsewhere
        PlotLayout full = PlotLayout.audio(900, 500, 0, audioSeconds, AudioPlot.barRows(List.of("speech"), false));
        int y = mid(l.band(PlotLayout.predicted("speech")));
        assertEquals(Palette.ROW_BACKGROUND.getRGB(), img.getRGB((int) l.xOf(4.0), y), "gap at 4.0 s on the cropped axis");
        assertEquals(blue().getRGB(), img.getRGB((int) full.xOf(4.0), y), "where 4.0 s would be on the full axis");
        assertTrue(run.err().contains("3.50-7.50 s"), run.err());
    }

    @Test
    void aDurationPastTheEndStopsTheAxisAtTheEnd() throws Exception {
        Path out = dir.resolve("tail.png");
        CliRun run = CliRun.of("plot", "--input", WAV.toString(), "--out", out.toString(), "--start", "9", "--duration", "100");
        assertEquals(0, run.exitCode(), run.err());
        PlotLayout l = PlotLayout.audio(1600, 720, 9, audioSeconds, AudioPlot.barRows(List.of("speech"), false));
        checkSegments(ImageIO.read(out.toFile()), l, PlotLayout.predicted("speech"), speech, blue());
    }

    @Test
    void videoPlotHasTheJobsCutsAndGradualSegmentsAndTheTrueOnes() throws Exception {
        checkVideoPlot(1400, 700, null, null);
    }

    @Test
    void startAndDurationCropTheVideoTimeAxis() throws Exception {
        checkVideoPlot(1000, 600, 1.2, 3.0);
    }

    /** The video plot of the H.264 fixture with its labels, all of it or {@code [from, from + duration)} s. */
    private void checkVideoPlot(int width, int height, Double from, Double duration) throws Exception {
        PipelineSpec spec = PipelineSpec.parse(SHOTS);
        ResolvedPipeline p = ResolvedPipeline.resolve(spec, SHOTS.toString());
        OfflineShotLabels.Frames in = OfflineShotLabels.decode(MP4.toString(), p.inputs.get(0).video());
        List<JsonNode> segs = new ArrayList<>();
        for (String line : OfflineShotLabels.label(p, "shots", in)) segs.add(JSON.readTree(line));
        double[] start = new double[in.frames().size() + 1];
        for (int f = 0; f < in.frames().size(); f++) start[f] = in.frames().get(f).seconds();
        start[in.frames().size()] = in.endSeconds();
        List<Integer> predictedCuts = new ArrayList<>();
        List<Span> gradual = new ArrayList<>();
        for (int i = 0; i < segs.size(); i++) {
            JsonNode s = segs.get(i);
            if (s.get("label").asText().equals("gradual")) gradual.add(new Span(s.get("start").asDouble(), s.get("end").asDouble()));
            else if (i > 0 && segs.get(i - 1).get("label").asText().equals("shot")) predictedCuts.add(frameAt(start, s.get("start").asDouble()));
        }
        assertFalse(predictedCuts.isEmpty(), "the fixture has predicted cuts");
        assertFalse(gradual.isEmpty(), "the fixture has predicted gradual segments");

        Path out = dir.resolve("v.png");
        List<String> args = new ArrayList<>(List.of("plot", "--input", MP4.toString(), "--pipeline", SHOTS.toString(),
                "--labels", MP4_LABELS.toString(), "--out", out.toString(), "--width", "" + width, "--height", "" + height));
        if (from != null) args.addAll(List.of("--start", from.toString(), "--duration", duration.toString()));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        BufferedImage img = ImageIO.read(out.toFile());
        assertEquals(width, img.getWidth());
        assertEquals(height, img.getHeight());
        double t0 = from == null ? 0 : from, t1 = from == null ? in.endSeconds() : from + duration;
        PlotLayout l = PlotLayout.video(width, height, t0, t1, VideoPlot.barRows(true));
        Color cut = Palette.label(ShotLabels.LABELS, "cut"), grad = Palette.label(ShotLabels.LABELS, "gradual");
        // predicted row: a cut tick on each cut frame, gradual colour inside gradual segments, nothing elsewhere
        List<Span> cutSpans = predictedCuts.stream().map(f -> new Span(start[f], start[f + 1])).toList();
        checkRow(img, l, VideoPlot.PREDICTED, t -> inside(cutSpans, t) ? cut : inside(gradual, t) ? grad
                : Palette.ROW_BACKGROUND, edges(l, cutSpans, gradual), 3);
        // true row from the labels file
        int[] truth = ShotLabels.read(MP4_LABELS);
        List<Span> trueCuts = new ArrayList<>(), trueGradual = new ArrayList<>();
        int n = Math.min(truth.length, in.frames().size());
        for (int f = 0; f < n; f++) {
            if (truth[f] == 1) trueCuts.add(new Span(start[f], start[f + 1]));
            if (truth[f] != 2) continue;
            int g = f;  // one span per run of gradual frames: the bar has no edges inside a run
            while (g + 1 < n && truth[g + 1] == 2) g++;
            trueGradual.add(new Span(start[f], start[g + 1]));
            f = g;
        }
        assertFalse(trueCuts.isEmpty());
        checkRow(img, l, PlotLayout.TRUE, t -> inside(trueCuts, t) ? cut : inside(trueGradual, t) ? grad
                : Palette.ROW_BACKGROUND, edges(l, trueCuts, trueGradual), 3);
        // the summary counts the cuts in view as ShotMetrics does
        int[] trueInView = java.util.Arrays.stream(ShotLabels.cutFrames(truth)).filter(f -> start[f] >= t0 && start[f] < t1).toArray();
        int[] predInView = predictedCuts.stream().mapToInt(i -> i).filter(f -> start[f] >= t0 && start[f] < t1).toArray();
        assertTrue(trueInView.length > 0, "true cuts in view");
        ShotMetrics m = ShotMetrics.match(trueInView, predInView, 1);
        assertTrue(run.err().contains(String.format("cuts in view: %d matched, %d false, %d missed", m.truePositives(),
                m.falsePositives(), m.falseNegatives())), run.err() + " vs " + m);
    }

    @Test
    void aPipelineWhoseTrackIsVideoMakesAVideoPlotWithThumbnails() throws Exception {
        Path out = dir.resolve("v.png");
        CliRun run = CliRun.of("plot", "--input", MP4.toString(), "--pipeline", SHOTS.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains(", video, "), run.err());
        BufferedImage img = ImageIO.read(out.toFile());
        assertEquals(1600, img.getWidth());
        // thumbnails are the only colourful pixels below the legend
        PlotLayout l = PlotLayout.video(1600, img.getHeight(), 0, 1, VideoPlot.barRows(false));
        PlotLayout.Band b = l.band(PlotLayout.THUMBNAILS);
        int colourful = 0;
        for (int y = b.top(); y < b.bottom(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                Color c = new Color(img.getRGB(x, y));
                int max = Math.max(c.getRed(), Math.max(c.getGreen(), c.getBlue()));
                int min = Math.min(c.getRed(), Math.min(c.getGreen(), c.getBlue()));
                if (max - min > 80) colourful++;
            }
        }
        assertTrue(colourful > 5 * 60 * 40, "thumbnail pixels: " + colourful);
    }

    @Test
    void aPipelineWithBothTracksNeedsTrack() throws Exception {
        Path both = Path.of("pipelines/speech-and-shots.yaml");
        Path mp4 = Path.of("fixtures/audio/speech-video.mp4").toAbsolutePath();
        assertFails("pipeline " + both + ": input track is 'both'; plot draws one track: give --track audio or --track video",
                "--input", mp4.toString(), "--pipeline", both.toString());
        Path out = dir.resolve("both-audio.png");
        CliRun run = CliRun.of("plot", "--input", mp4.toString(), "--pipeline", both.toString(), "--track", "audio",
                "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains(", audio, "), run.err());
    }

    // ---- bad input: one error line naming it, exit code 2, no PNG ------------------------------------------------

    @Test
    void aMissingInputIsOneErrorLine() throws Exception {
        Path missing = dir.resolve("nope.wav");
        assertFails("input " + missing + ": no such file", "--input", missing.toString());
    }

    @Test
    void anInputThatIsNotMediaOrHasNoAudioIsOneErrorLine() throws Exception {
        Path text = Path.of("fixtures/audio/not-media.txt").toAbsolutePath();
        assertFails(text + ": not a media file", "--input", text.toString());
        Path videoOnly = Path.of("fixtures/audio/video-only.mp4").toAbsolutePath();
        assertFails(videoOnly + ": no audio stream", "--input", videoOnly.toString());
    }

    @Test
    void aMissingOrBadLabelsFileIsOneErrorLine() throws Exception {
        Path missing = dir.resolve("nope.csv");
        assertFails("--labels " + missing + ": no such file", "--input", WAV.toString(), "--labels", missing.toString());
        Path bad = Files.writeString(dir.resolve("bad.txt"), "0.5 1.0 speach\n");
        assertFails("--labels " + bad + " line 1: unknown label 'speach'", "--input", WAV.toString(), "--labels", bad.toString());
        Path binary = Files.write(dir.resolve("bin.csv"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertFails("--labels " + binary + ": not UTF-8 text", "--input", WAV.toString(), "--labels", binary.toString());
        Path videoLabels = Files.writeString(dir.resolve("v.csv"), "frame_index,label\n0,none\n1,shot\n");
        assertFails("--labels " + videoLabels + " line 3", "--input", MP4.toString(), "--pipeline", SHOTS.toString(),
                "--labels", videoLabels.toString());
    }

    @Test
    void badStartOrDurationIsOneErrorLine() throws Exception {
        assertFails("--start 'abc': not a number of seconds", "--input", WAV.toString(), "--start", "abc");
        assertFails("--start '-1': must be >= 0 seconds", "--input", WAV.toString(), "--start", "-1");
        assertFails("--duration '0': must be > 0 seconds", "--input", WAV.toString(), "--duration", "0");
        assertFails("--start 20: at or past the end of input " + WAV, "--input", WAV.toString(), "--start", "20");
    }

    @Test
    void anOutputDirectoryThatIsMissingOrNotWritableIsOneErrorLine() throws Exception {
        Path nodir = dir.resolve("no-such-dir").resolve("a.png");
        assertFails("--out " + nodir + ": directory " + nodir.getParent() + " does not exist", nodir, "--input", WAV.toString());
        // sysfs refuses new files even to root, for whom a chmod-ed directory would still be writable
        Path sys = Path.of("/sys/qstream-plot-test.png");
        assertFails("--out " + sys + ": directory /sys is not writable", sys, "--input", WAV.toString());
    }

    @Test
    void aFailedRunLeavesAnExistingPngUntouched() throws Exception {
        Path out = dir.resolve("keep.png");
        Files.writeString(out, "old");
        CliRun run = CliRun.of("plot", "--input", WAV.toString(), "--out", out.toString(), "--labels", dir.resolve("x").toString());
        assertEquals(2, run.exitCode());
        assertEquals("old", Files.readString(out));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(out), files.toList(), "no temporary files left");
        }
    }

    private void assertFails(String message, String... args) throws Exception {
        assertFails(message, dir.resolve("out.png"), args);
    }

    private void assertFails(String message, Path out, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("plot", "--out", out.toString()));
        all.addAll(List.of(args));
        CliRun run = CliRun.of(all.toArray(String[]::new));
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("qstream plot: error: " + message), run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
        assertFalse(Files.exists(out), "no PNG written");
        if (Files.isDirectory(out.getParent()) && out.getParent().startsWith(dir)) {
            try (Stream<Path> files = Files.list(out.getParent())) {
                assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".png.")), "no temporary file left");
            }
        }
    }

    // ---- pixel checks ----------------------------------------------------------------------------------------

    private static Color blue() { return Palette.label(List.of("nonspeech", "speech"), "speech"); }

    private static int mid(PlotLayout.Band b) { return (b.top() + b.bottom()) / 2; }

    /** Row coloured {@code colour} in the columns of {@code spans} and background elsewhere. */
    private static void checkSegments(BufferedImage img, PlotLayout l, String row, List<Span> spans, Color colour) {
        checkRow(img, l, row, t -> inside(spans, t) ? colour : Palette.ROW_BACKGROUND, edges(l, spans, List.of()), 1);
    }

    /** Truth row: frame f (span [f*shift, (f+1)*shift)) coloured when its label is speech. */
    private static void checkFrames(BufferedImage img, PlotLayout l, String row, int[] frames, double shift) {
        List<Span> on = new ArrayList<>();
        for (int f = 0; f < frames.length; f++) {
            if (frames[f] == 0) continue;
            int g = f;
            while (g + 1 < frames.length && frames[g + 1] != 0) g++;
            on.add(new Span(f * shift, (g + 1) * shift));
            f = g;
        }
        assertFalse(on.isEmpty());
        checkSegments(img, l, row, on, blue());
    }

    private static List<Double> edges(PlotLayout l, List<Span> a, List<Span> b) {
        List<Double> out = new ArrayList<>();
        for (Span s : a) { out.add(l.xOf(s.start)); out.add(l.xOf(s.end)); }
        for (Span s : b) { out.add(l.xOf(s.start)); out.add(l.xOf(s.end)); }
        return out;
    }

    /** Touching spans joined (their shared ends are no edges in the picture). */
    private static List<Span> merged(List<Span> spans) {
        List<Span> out = new ArrayList<>();
        for (Span s : spans) {
            if (!out.isEmpty() && Math.abs(out.get(out.size() - 1).end - s.start) < 1e-9) {
                out.set(out.size() - 1, new Span(out.get(out.size() - 1).start, s.end));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    private static boolean inside(List<Span> spans, double t) {
        for (Span s : spans) if (t >= s.start && t < s.end) return true;
        return false;
    }

    /**
     * Every column of the row's plot area whose centre is at least MARGIN_PX from every edge (and, for ticks
     * drawn at least {@code minPx} wide, from their widened right edge) has the expected colour over the whole
     * row height; both coloured and background columns must occur.
     */
    private static void checkRow(BufferedImage img, PlotLayout l, String row, DoubleFunction<Color> expected,
                                 List<Double> edges, int minPx) {
        PlotLayout.Band b = l.band(row);
        int checkedOn = 0, checkedOff = 0;
        for (int x = l.left; x < l.right; x++) {
            double cx = x + 0.5;
            boolean nearEdge = false;
            for (double e : edges) if (Math.abs(cx - e) < MARGIN_PX + minPx) nearEdge = true;
            if (nearEdge) continue;
            Color want = expected.apply(l.timeAt(cx));
            for (int y = b.top(); y < b.bottom(); y++) {
                assertEquals(want.getRGB(), img.getRGB(x, y), row + ": column " + x + " (" + l.timeAt(cx) + " s), row " + y);
            }
            if (want.equals(Palette.ROW_BACKGROUND)) checkedOff++; else checkedOn++;
        }
        assertTrue(checkedOn > 0 && checkedOff > 0, row + ": checked " + checkedOn + " coloured, " + checkedOff + " empty columns");
    }

    private static int frameAt(double[] start, double t) {
        int best = 0;
        for (int f = 0; f < start.length - 1; f++) if (Math.abs(start[f] - t) < Math.abs(start[best] - t)) best = f;
        return best;
    }
}
