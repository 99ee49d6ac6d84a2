package io.qstream.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Shared helpers for the video decoder tests: fixture paths and full decodes. */
final class VideoFixtures {

    static final Path DIR = Path.of("fixtures", "video");

    private VideoFixtures() {
    }

    static String path(String name) {
        Path p = DIR.resolve(name);
        if (!name.contains("%") && !Files.exists(p) && !name.startsWith("missing")) {
            throw new IllegalStateException("fixture " + p.toAbsolutePath() + " is missing; run "
                    + "fixtures/make-video-fixtures.sh");
        }
        return p.toString();
    }

    static VideoDecodeOptions options(int width, int height, double fps) {
        VideoDecodeOptions o = new VideoDecodeOptions();
        o.width = width;
        o.height = height;
        o.fps = fps;
        return o;
    }

    /** Every frame of the input, checking that indices run 0, 1, 2, ... and sizes match the options. */
    static List<VideoFrame> decodeAll(String input, VideoDecodeOptions o) throws MediaException {
        List<VideoFrame> out = new ArrayList<>();
        try (VideoDecoder d = VideoDecoder.open(input, o)) {
            VideoFrame f;
            while ((f = d.read()) != null) {
                if (f.index() != out.size()) {
                    throw new AssertionError("frame " + out.size() + " has index " + f.index());
                }
                if (o != null && o.width > 0 && (f.width() != o.width || f.height() != o.height)) {
                    throw new AssertionError("frame " + f.index() + " is " + f.width() + "x" + f.height());
                }
                out.add(f);
            }
            if (d.read() != null) {
                throw new AssertionError("read() after the end returned a frame");
            }
            if (d.position() != out.size()) {
                throw new AssertionError("position " + d.position() + " after " + out.size() + " frames");
            }
        }
        return out;
    }

    /** Lines of a frame-label CSV after its header. */
    static int labelCount(String name) throws IOException {
        return Files.readAllLines(DIR.resolve(name)).size() - 1;
    }

    /** RGB24 frames decoded and scaled by the ffmpeg command-line tool: an independent reference. */
    static byte[] ffmpegRgb(String input, int width, int height, int frames) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-i", input, "-frames:v",
                Integer.toString(frames), "-vf", "scale=" + width + ":" + height + ":flags=area+accurate_rnd+bitexact",
                "-f", "rawvideo", "-pix_fmt", "rgb24", "-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IOException("ffmpeg failed on " + input);
        }
        return out;
    }
}
