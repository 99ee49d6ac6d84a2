package io.qstream.features.video;

import static org.junit.jupiter.api.Assertions.*;

import io.qstream.arrays.FloatMatrix;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The return-diffs columns (frame t-1 to frame t+k): values, streaming equals offline, state checks. */
class VideoReturnDiffsTest {
    private static final VideoFeatureSpec SPEC = VideoFeatureSpec.fromMap(Map.of("lookahead", 6, "return-diffs", 1));
    private static final int RETURN = SPEC.dim() - SPEC.returnDim();

    @Test
    void layoutAddsTwoColumnsPerLookaheadFrame() {
        assertEquals(VideoFeatureSpec.defaults().frameDim() + 6 * 4 + 12, SPEC.dim());
        assertEquals(SPEC.dim(), SPEC.columnNames().size());
        assertEquals("return1-diff-hist", SPEC.columnNames().get(RETURN));
        assertEquals("return6-diff-pixel", SPEC.columnNames().get(SPEC.dim() - 1));
        assertEquals(0, VideoFeatureSpec.defaults().returnDim(), "off by default: older models keep their layout");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VideoFeatureSpec.fromMap(Map.of("return-diffs", 2)));
        assertTrue(e.getMessage().contains("return-diffs=2"), e.getMessage());
    }

    @Test
    void aFlashReturnsToThePreviousContentACutDoesNot() {
        int w = 32;
        int h = 24;
        byte[] a = pattern(w, h, 1);
        byte[] b = pattern(w, h, 2);
        byte[] white = flat(w, h, 250);
        // frames 0-3 A, 4-5 white (a 2-frame flash), 6-11 A, 12 on B (a cut), B to the end
        byte[][] frames = new byte[24][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = i < 4 ? a : i < 6 ? white : i < 12 ? a : b;
        }
        FloatMatrix f = OfflineVideoFeatures.compute(SPEC, frames, w, h);
        float[] flash = f.row(4);
        assertTrue(flash[RETURN + 1] > 0.3f, "frame t+1 is still white: far from frame t-1");
        for (int k = 2; k <= 6; k++) {
            assertEquals(0f, flash[RETURN + 2 * (k - 1)], "hist: frame t+" + k + " is frame t-1's content again");
            assertEquals(0f, flash[RETURN + 2 * (k - 1) + 1], "pixel: frame t+" + k);
        }
        float[] cut = f.row(12);
        for (int k = 1; k <= 6; k++) {
            assertTrue(cut[RETURN + 2 * (k - 1) + 1] > 0.05f, "after a cut frame t+" + k + " stays far from t-1");
        }
        assertArrayEquals(new float[SPEC.returnDim()],
                java.util.Arrays.copyOfRange(f.row(0), RETURN, SPEC.dim()), "no frame before the first");
    }

    @Test
    void returnColumnsEqualDistancesOfTheFrameSummaries() {
        Random rnd = new Random(3);
        int w = 24;
        int h = 16;
        for (int n : new int[] {1, 3, 7, 8, 30}) { // shorter and longer than the look-ahead
            byte[][] frames = clip(rnd, n, w, h);
            FloatMatrix f = OfflineVideoFeatures.compute(SPEC, frames, w, h);
            VideoFrameFeatures c = new VideoFrameFeatures(SPEC);
            VideoFrameFeatures.Summary[] s = new VideoFrameFeatures.Summary[n];
            for (int i = 0; i < n; i++) {
                s[i] = c.summarize(frames[i], w, h);
            }
            for (int t = 1; t < n; t++) {
                for (int k = 1; k <= 6; k++) {
                    int later = Math.min(t + k, n - 1); // the last frame stands in for frames after the end
                    assertEquals(VideoFrameFeatures.histDistance(s[later].hist, s[t - 1].hist),
                            f.get(t, RETURN + 2 * (k - 1)), "n " + n + " t " + t + " k " + k);
                    assertEquals(VideoFrameFeatures.pixelDistance(s[later].thumb, s[t - 1].thumb),
                            f.get(t, RETURN + 2 * (k - 1) + 1), "n " + n + " t " + t + " k " + k);
                }
            }
        }
    }

    @Test
    void randomChunkingsAndRestoresAreBitIdenticalToOffline() throws Exception {
        Random rnd = new Random(11);
        int w = 40;
        int h = 30;
        for (int n : new int[] {2, 6, 7, 50}) {
            byte[][] frames = clip(rnd, n, w, h);
            FloatMatrix offline = OfflineVideoFeatures.compute(SPEC, frames, w, h);
            for (int trial = 0; trial < 8; trial++) {
                float[] got = new float[offline.data().length];
                VideoFeatureExtractor x = new VideoFeatureExtractor(SPEC);
                int at = 0;
                while (at < n) {
                    int len = Math.min(n - at, 1 + rnd.nextInt(trial % 2 == 0 ? 3 : 12));
                    long rowsBefore = x.rows();
                    FloatMatrix rows = x.accept(java.util.Arrays.copyOfRange(frames, at, at + len), w, h);
                    System.arraycopy(rows.data(), 0, got, (int) rowsBefore * SPEC.dim(), rows.data().length);
                    at += len;
                    if (rnd.nextBoolean()) {
                        x = VideoFeatureExtractor.restore(SPEC, VideoFeatureExtractorTest.roundTrip(x.state()));
                    }
                }
                long rowsBefore = x.rows();
                FloatMatrix tail = x.finish();
                System.arraycopy(tail.data(), 0, got, (int) rowsBefore * SPEC.dim(), tail.data().length);
                assertArrayEquals(offline.data(), got, "n " + n + " trial " + trial);
            }
        }
    }

    @Test
    void stateWithTheWrongRecentFramesIsRejected() {
        VideoFeatureExtractor x = new VideoFeatureExtractor(SPEC);
        Random rnd = new Random(5);
        x.accept(clip(rnd, 9, 16, 12), 16, 12);
        VideoFeatureExtractor.State s = x.state();
        assertEquals(7 * SPEC.histogramBins(), s.recentHist.length, "lookahead + 1 frames kept");
        s.recentThumb = new float[5];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VideoFeatureExtractor.restore(SPEC, s));
        assertTrue(e.getMessage().contains("recent frames"), e.getMessage());
        VideoFeatureExtractor.State plain = new VideoFeatureExtractor(VideoFeatureSpec.defaults()).state();
        assertEquals(0, plain.recentHist.length, "nothing kept without return-diffs");
    }

    private static byte[] flat(int w, int h, int v) {
        byte[] f = new byte[3 * w * h];
        java.util.Arrays.fill(f, (byte) v);
        return f;
    }

    private static byte[] pattern(int w, int h, int seed) {
        Random rnd = new Random(seed);
        byte[] f = new byte[3 * w * h];
        int[] colours = new int[12];
        for (int i = 0; i < colours.length; i++) {
            colours[i] = rnd.nextInt(1 << 24);
        }
        for (int p = 0; p < w * h; p++) {
            int c = colours[((p % w) / 8 + (p / w) / 8 * 4) % colours.length];
            f[3 * p] = (byte) (c >> 16);
            f[3 * p + 1] = (byte) (c >> 8);
            f[3 * p + 2] = (byte) c;
        }
        return f;
    }

    private static byte[][] clip(Random rnd, int n, int w, int h) {
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            out[i] = pattern(w, h, rnd.nextInt(4));
            for (int k = 0; k < out[i].length; k += 7) {
                out[i][k] += (byte) rnd.nextInt(9);
            }
        }
        return out;
    }
}
