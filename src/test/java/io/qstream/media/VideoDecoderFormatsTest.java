package io.qstream.media;

import static io.qstream.media.VideoFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every container/codec decodes to the right number of frames, size, timestamps and pixels. */
class VideoDecoderFormatsTest {

    @ParameterizedTest
    @CsvSource({
        "shots-h264.mp4, shots-h264.labels.csv, h264",
        "shots-vp9.webm, shots-vp9.labels.csv, vp9",
        "shots-mjpeg.avi, shots-mjpeg.labels.csv, mjpeg",
        "shots-speech.mp4, shots-speech.labels.csv, h264"})
    void decodesEveryFrameAtTheConfiguredSizeWithTimestamps(String file, String labels, String codec) throws Exception {
        String input = path(file);
        List<VideoFrame> frames = decodeAll(input, null); // defaults: 160x120, native rate
        assertEquals(labelCount(labels), frames.size(), "one frame per ground-truth label");
        for (VideoFrame f : frames) {
            assertEquals(160, f.width());
            assertEquals(120, f.height());
            assertEquals(f.index() / 25.0, f.seconds(), 1e-3, "25 fps timestamps, frame " + f.index());
        }
        try (VideoDecoder d = VideoDecoder.open(input, null)) {
            assertTrue(d.describe().startsWith(codec + " in "), d.describe());
            assertEquals(25.0, d.frameRate(), 1e-6);
            assertFalse(d.isLive());
            assertEquals(input, d.input());
        }
    }

    @ParameterizedTest
    @CsvSource({"shots-h264.mp4", "shots-vp9.webm", "shots-mjpeg.avi"})
    void pixelsMatchTheFfmpegTool(String file) throws Exception {
        String input = path(file);
        List<VideoFrame> frames = decodeAll(input, options(160, 120, 0));
        byte[] ref = ffmpegRgb(input, 160, 120, frames.size());
        assertEquals(frames.size() * 160 * 120 * 3, ref.length);
        // The tool is FFmpeg 5.1, the library 8.0: scalers may round differently, so compare the mean error, and
        // the channel order/orientation through it (a swapped R/B or flipped frame gives tens of levels).
        double sum = 0;
        for (VideoFrame f : frames) {
            int off = (int) f.index() * f.rgb().length;
            for (int i = 0; i < f.rgb().length; i++) {
                sum += Math.abs((f.rgb()[i] & 0xff) - (ref[off + i] & 0xff));
            }
        }
        double mean = sum / ref.length;
        assertTrue(mean < 1.5, file + ": mean abs difference to the ffmpeg tool " + mean);
    }

    @Test
    void sourceSizeWhenWidthAndHeightAreZero() throws Exception {
        List<VideoFrame> frames = decodeAll(path("shots-mjpeg.avi"), options(0, 0, 0));
        assertEquals(96, frames.get(0).width());
        assertEquals(72, frames.get(0).height());
    }

    @Test
    void losslessGreyLevelsIdentifyEachFrame() throws Exception {
        List<VideoFrame> frames = decodeAll(path("index-10fps.mkv"), options(16, 12, 0));
        assertEquals(20, frames.size());
        for (VideoFrame f : frames) {
            assertEquals(sourceFrame(f), f.index(), "grey level of frame " + f.index());
            assertEquals(f.index() / 10.0, f.seconds(), 1e-9);
        }
    }

    /** The index-10fps.mkv frame shown: its grey level is 10*n + 5. */
    static long sourceFrame(VideoFrame f) {
        int r = f.rgb()[0] & 0xff;
        int g = f.rgb()[1] & 0xff;
        int b = f.rgb()[2] & 0xff;
        assertEquals(r, g);
        assertEquals(g, b);
        return Math.round((r - 5) / 10.0);
    }

    @Test
    void resamplingToAHigherRateRepeatsFrames() throws Exception {
        List<VideoFrame> frames = decodeAll(path("index-10fps.mkv"), options(16, 12, 20));
        assertEquals(40, frames.size());
        for (VideoFrame f : frames) {
            assertEquals(f.index() / 2, sourceFrame(f), "frame " + f.index());
            assertEquals(f.index() / 20.0, f.seconds(), 1e-12);
        }
        assertNotSame(frames.get(0).rgb(), frames.get(1).rgb(), "repeated frames own their pixels");
    }

    @Test
    void resamplingToALowerRateDropsFrames() throws Exception {
        List<VideoFrame> frames = decodeAll(path("index-10fps.mkv"), options(16, 12, 4));
        assertEquals(8, frames.size());
        for (VideoFrame f : frames) {
            // slot k (at k/4 s) shows the last source frame n (at n/10 s) whose time rounds to a slot <= k
            long expected = 0;
            for (int n = 0; n < 20; n++) {
                if (Math.round(n / 10.0 * 4) <= f.index()) {
                    expected = n;
                }
            }
            assertEquals(expected, sourceFrame(f), "frame " + f.index());
        }
    }

    @Test
    void imageSequencePattern() throws Exception {
        VideoDecodeOptions o = options(48, 36, 0);
        o.ffmpegOptions.put("framerate", "10");
        List<VideoFrame> frames = decodeAll(path("frames") + "/%03d.png", o);
        assertEquals(12, frames.size());
        assertEquals(1.1, frames.get(11).seconds(), 1e-9);
    }
}
