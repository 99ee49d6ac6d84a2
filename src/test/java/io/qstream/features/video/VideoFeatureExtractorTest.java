package io.qstream.features.video;

import static org.junit.jupiter.api.Assertions.*;

import io.qstream.arrays.FloatMatrix;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VideoFeatureExtractorTest {

    private static final VideoFeatureSpec SPEC = VideoFeatureSpec.defaults();
    /** Without look-ahead each frame's row comes out at once. */
    private static final VideoFeatureSpec NOW = VideoFeatureSpec.fromMap(java.util.Map.of("lookahead", 0));
    private static final int HIST = SPEC.histogramBins();
    private static final int LUMA_MEAN = HIST;
    private static final int LUMA_STD = HIST + 1;
    private static final int EDGE_DENSITY = HIST + 2;
    private static final int GRADIENT_MEAN = HIST + 3;
    private static final int DIFF_HIST = HIST + 4;
    private static final int DIFF_PIXEL = HIST + 5;
    private static final int DIFF_EDGE = HIST + 6;
    private static final int DIFF_LUMA = HIST + 7;

    private static byte[] flat(int w, int h, int r, int g, int b) {
        byte[] f = new byte[3 * w * h];
        for (int i = 0; i < w * h; i++) {
            f[3 * i] = (byte) r;
            f[3 * i + 1] = (byte) g;
            f[3 * i + 2] = (byte) b;
        }
        return f;
    }

    @Test
    void flatColoursFillOneBinEach() {
        VideoFeatureExtractor x = new VideoFeatureExtractor(NOW);
        float[] red = x.accept(flat(40, 30, 255, 0, 0), 40, 30).row(0);
        assertEquals(1f, red[0], "hue 0 degrees -> bin 0");
        assertEquals(1f, red[16 + 7], "saturation 1 -> last bin");
        assertEquals(1f, red[24 + 7], "value 255 -> last bin");
        assertEquals((77 * 255 + 128 >> 8) / 255f, red[LUMA_MEAN], 1e-6);
        assertEquals(0f, red[LUMA_STD]);
        assertEquals(0f, red[EDGE_DENSITY]);
        assertEquals(0f, red[DIFF_HIST], "first frame has no differences");
        float[] blue = x.accept(flat(40, 30, 0, 0, 255), 40, 30).row(0);
        assertEquals(1f, blue[(int) (240 * 16 / 360.0)], "hue 240 degrees");
        assertEquals(1 / 3f, blue[DIFF_HIST], 1e-6, "only the hue histogram moved: L1 2 of 6");
        assertEquals((255 + 255) / 3f / 255, blue[DIFF_PIXEL], 1e-6);
        float[] grey = x.accept(flat(40, 30, 128, 128, 128), 40, 30).row(0);
        for (int i = 0; i < 16; i++) {
            assertEquals(0f, grey[i], "grey has no hue");
        }
        assertEquals(1f, grey[16], "saturation 0 -> first bin");
    }

    @Test
    void blackToWhiteDifferences() {
        VideoFeatureExtractor x = new VideoFeatureExtractor(NOW);
        x.accept(flat(16, 12, 0, 0, 0), 16, 12);
        float[] row = x.accept(flat(16, 12, 255, 255, 255), 16, 12).row(0);
        assertEquals(2 / 6f, row[DIFF_HIST], 1e-6, "value moved from the first to the last bin");
        assertEquals(1f, row[DIFF_PIXEL], 1e-6);
        assertEquals(1f, row[DIFF_LUMA], 1e-6);
        assertEquals(0f, row[DIFF_EDGE]);
        float[] same = x.accept(flat(16, 12, 255, 255, 255), 16, 12).row(0);
        assertEquals(0f, same[DIFF_HIST]);
        assertEquals(0f, same[DIFF_PIXEL]);
        assertEquals(0f, same[DIFF_LUMA]);
    }

    @Test
    void verticalStepEdgeIsTwoColumnsOfEdges() {
        int w = 40;
        int h = 30;
        byte[] f = flat(w, h, 0, 0, 0);
        for (int y = 0; y < h; y++) {
            for (int x = w / 2; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    f[3 * (y * w + x) + c] = (byte) 255;
                }
            }
        }
        VideoFeatureExtractor x = new VideoFeatureExtractor(NOW);
        x.accept(flat(w, h, 0, 0, 0), w, h);
        float[] row = x.accept(f, w, h).row(0);
        assertEquals(2f / (w - 2), row[EDGE_DENSITY], 1e-6);
        assertEquals(2 * 255f / (w - 2) / 255, row[GRADIENT_MEAN], 1e-6, "gradient (|gx|+|gy|)/4 = 255 on the step");
        assertEquals(0.5f, row[LUMA_STD], 1e-3);
        assertTrue(row[DIFF_EDGE] > 0, "edges appeared");
    }

    @Test
    void lookaheadRowsCarryTheNextFramesDifferences() {
        VideoFeatureExtractor now = new VideoFeatureExtractor(NOW);
        VideoFeatureExtractor ahead = new VideoFeatureExtractor(SPEC);
        int[] greys = {0, 0, 255, 255, 40};
        List<float[]> own = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        for (int g : greys) {
            own.add(now.accept(flat(16, 12, g, g, g), 16, 12).row(0));
            FloatMatrix m = ahead.accept(flat(16, 12, g, g, g), 16, 12);
            for (int r = 0; r < m.rows(); r++) {
                rows.add(m.row(r));
            }
        }
        assertEquals(greys.length - 2, rows.size());
        FloatMatrix tail = ahead.finish();
        assertEquals(2, tail.rows());
        rows.add(tail.row(0));
        rows.add(tail.row(1));
        int fd = SPEC.frameDim();
        assertEquals(fd + 8, SPEC.dim());
        assertEquals("next2-diff-luma-mean", SPEC.columnNames().get(SPEC.dim() - 1));
        for (int t = 0; t < greys.length; t++) {
            float[] row = rows.get(t);
            assertArrayEquals(own.get(t), java.util.Arrays.copyOf(row, fd), "own columns of frame " + t);
            for (int k = 1; k <= 2; k++) {
                float[] expected = t + k < greys.length
                        ? java.util.Arrays.copyOfRange(own.get(t + k), fd - 4, fd) : new float[4];
                assertArrayEquals(expected, java.util.Arrays.copyOfRange(row, fd + 4 * (k - 1), fd + 4 * k),
                        "frame " + t + " + " + k);
            }
        }
        assertEquals(1f, rows.get(1)[fd + 1], 1e-6, "frame 1 sees the cut to white at frame 2 (diff-pixel)");
        assertThrows(IllegalStateException.class, () -> ahead.accept(flat(16, 12, 0, 0, 0), 16, 12));
    }

    @Test
    void wrongFrameSizeIsRejected() {
        VideoFeatureExtractor x = new VideoFeatureExtractor(SPEC);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> x.accept(new byte[10], 4, 4));
        assertTrue(e.getMessage().contains("4x4"), e.getMessage());
    }

    /** Random blocky frames with occasional jumps, like shots. */
    private static byte[][] clip(Random rnd, int n, int w, int h) {
        byte[][] out = new byte[n][];
        int base = rnd.nextInt(256);
        for (int i = 0; i < n; i++) {
            if (rnd.nextInt(10) == 0) {
                base = rnd.nextInt(256);
            }
            byte[] f = new byte[3 * w * h];
            for (int p = 0; p < w * h; p++) {
                int block = (p % w) / 8 + (p / w) / 8;
                for (int c = 0; c < 3; c++) {
                    f[3 * p + c] = (byte) (base + 37 * c + 11 * block + rnd.nextInt(20));
                }
            }
            out[i] = f;
        }
        return out;
    }

    /** The state through Java serialization, as a checkpoint would carry it. */
    static VideoFeatureExtractor.State roundTrip(VideoFeatureExtractor.State s) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (VideoFeatureExtractor.State) in.readObject();
        }
    }

    @Test
    void randomChunkingsAndRestoresAreBitIdenticalToOffline() throws Exception {
        Random rnd = new Random(42);
        int w = 64;
        int h = 48;
        byte[][] frames = clip(rnd, 60, w, h);
        FloatMatrix offline = OfflineVideoFeatures.compute(SPEC, frames, w, h);
        assertEquals(60, offline.rows());
        assertEquals(SPEC.dim(), offline.cols());
        for (int trial = 0; trial < 10; trial++) {
            float[] got = new float[offline.data().length];
            VideoFeatureExtractor x = new VideoFeatureExtractor(SPEC);
            int at = 0;
            while (at < frames.length) {
                int n = Math.min(frames.length - at, 1 + rnd.nextInt(trial % 2 == 0 ? 3 : 20));
                byte[][] chunk = java.util.Arrays.copyOfRange(frames, at, at + n);
                long rowsBefore = x.rows();
                FloatMatrix rows = x.accept(chunk, w, h);
                System.arraycopy(rows.data(), 0, got, (int) rowsBefore * SPEC.dim(), rows.data().length);
                at += n;
                assertEquals(at, x.frames());
                assertEquals(Math.max(0, at - SPEC.lookahead()), x.rows(), "rows wait for their look-ahead frames");
                if (rnd.nextBoolean()) { // checkpoint and restore in a fresh extractor
                    x = VideoFeatureExtractor.restore(SPEC, roundTrip(x.state()));
                }
            }
            long rowsBefore = x.rows();
            FloatMatrix tail = x.finish();
            assertEquals(SPEC.lookahead(), tail.rows());
            System.arraycopy(tail.data(), 0, got, (int) rowsBefore * SPEC.dim(), tail.data().length);
            assertArrayEquals(offline.data(), got, "trial " + trial);
        }
    }

    @Test
    void freshStateRestoresToAFreshExtractor() throws Exception {
        VideoFeatureExtractor.State s = new VideoFeatureExtractor(SPEC).state();
        assertNull(s.hist);
        VideoFeatureExtractor x = VideoFeatureExtractor.restore(SPEC, roundTrip(s));
        assertEquals(0, x.accept(flat(8, 8, 1, 2, 3), 8, 8).rows(), "waits for look-ahead");
        assertEquals(0f, x.finish().row(0)[DIFF_HIST]);
    }

    @Test
    void stateOfAnotherSpecIsRejected() {
        VideoFeatureExtractor x = new VideoFeatureExtractor(SPEC);
        x.accept(flat(8, 8, 1, 2, 3), 8, 8);
        VideoFeatureSpec other = VideoFeatureSpec.fromMap(java.util.Map.of("hue-bins", 8));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VideoFeatureExtractor.restore(other, x.state()));
        assertTrue(e.getMessage().contains("does not fit the spec"), e.getMessage());
        VideoFeatureExtractor.State s = new VideoFeatureExtractor.State();
        s.frames = 3;
        s.rows = 3;
        assertThrows(IllegalArgumentException.class, () -> VideoFeatureExtractor.restore(SPEC, s));
        VideoFeatureExtractor.State w = x.state();
        w.rows = 0; // claims 1 waiting row but holds none... and vice versa
        w.waiting = new float[0];
        assertThrows(IllegalArgumentException.class, () -> VideoFeatureExtractor.restore(SPEC, w));
    }

    @Test
    void oneExtractorServesTwoStreamsBySwappingState() {
        int w = SPEC.width();
        int h = SPEC.height();
        java.util.Random rnd = new java.util.Random(7);
        byte[][][] frames = new byte[2][9][w * h * 3];
        for (byte[][] stream : frames) for (byte[] f : stream) rnd.nextBytes(f);
        // reference: one extractor per stream, fed alone
        java.util.List<java.util.List<float[]>> expected = new java.util.ArrayList<>();
        for (byte[][] stream : frames) {
            VideoFeatureExtractor alone = new VideoFeatureExtractor(SPEC);
            java.util.List<float[]> rows = new java.util.ArrayList<>();
            for (byte[] f : stream) rows.addAll(java.util.Arrays.asList(alone.accept(f, w, h).toRows()));
            rows.addAll(java.util.Arrays.asList(alone.finish().toRows()));
            expected.add(rows);
        }
        // one extractor, the streams interleaved frame by frame, each stream's state swapped in and out
        VideoFeatureExtractor shared = new VideoFeatureExtractor(SPEC);
        VideoFeatureExtractor.State[] states = new VideoFeatureExtractor.State[2];
        java.util.List<java.util.List<float[]>> actual = java.util.List.of(new java.util.ArrayList<>(), new java.util.ArrayList<>());
        for (int i = 0; i <= frames[0].length; i++) {
            for (int s = 0; s < 2; s++) {
                shared.setState(states[s]);
                var rows = i < frames[s].length ? shared.accept(frames[s][i], w, h) : shared.finish();
                actual.get(s).addAll(java.util.Arrays.asList(rows.toRows()));
                states[s] = shared.state();
            }
        }
        for (int s = 0; s < 2; s++) {
            assertEquals(expected.get(s).size(), actual.get(s).size(), "rows of stream " + s);
            for (int r = 0; r < expected.get(s).size(); r++) {
                assertArrayEquals(expected.get(s).get(r), actual.get(s).get(r), "stream " + s + " row " + r);
            }
        }
    }
}
