package io.qstream.features;

import static io.qstream.features.StreamingFeatureExtractorTest.assertBitIdentical;
import static io.qstream.features.StreamingFeatureExtractorTest.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.arrays.FloatMatrix;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OnlineCmvn / SlidingCmvn against brute-force definitions, chunking and restore invariance; GlobalCmvn. */
class CmvnTest {
    private static FloatMatrix feats;  // [1164, 23] fbank of the whole speech fixture

    @BeforeAll
    static void load() throws Exception {
        feats = OfflineFeatures.compute(FeatureSpec.defaults("fbank"), TestWav.readMono16(TestWav.SPEECH));
        assertTrue(feats.rows() > 1000);
    }

    private static CmvnOptions opts(int cmnWindow, int minWindow, boolean normVars) {
        CmvnOptions o = new CmvnOptions();
        o.cmnWindow = cmnWindow;
        o.minWindow = minWindow;
        o.normalizeVariance = normVars;
        return o;
    }

    /** Kaldi OnlineCmvn by definition: window [t - W + 1, t], topped up with global stats while short. */
    private static float[][] onlineReference(FloatMatrix x, CmvnOptions o, GlobalCmvn g) {
        float[][] out = new float[x.rows()][x.cols()];
        for (int t = 0; t < x.rows(); t++) {
            int start = Math.max(0, t - o.cmnWindow + 1);
            double n = t + 1 - start;
            double gw = (g != null && n < o.cmnWindow) ? Math.min(o.cmnWindow - n, o.globalFrames) : 0;
            for (int d = 0; d < x.cols(); d++) {
                double sum = 0, sq = 0;
                for (int u = start; u <= t; u++) {
                    sum += x.get(u, d);
                    sq += (double) x.get(u, d) * x.get(u, d);
                }
                if (gw > 0) {
                    double m = g.mean()[d], s = g.std()[d];
                    sum += gw * m;
                    sq += gw * (s * s + m * m);
                }
                double mean = sum / (n + gw);
                double y = x.get(t, d) - mean;
                if (o.normalizeVariance) y /= Math.sqrt(Math.max(sq / (n + gw) - mean * mean, 1e-20));
                out[t][d] = (float) y;
            }
        }
        return out;
    }

    /** Kaldi's SlidingWindowCmnInternal (center=false), window sums recomputed from scratch. */
    private static float[][] slidingReference(FloatMatrix x, CmvnOptions o) {
        int frames = x.rows();
        float[][] out = new float[frames][x.cols()];
        for (int t = 0; t < frames; t++) {
            int start = t - o.cmnWindow, end = t + 1;
            if (start < 0) {
                end -= start;
                start = 0;
            }
            if (end > t) end = Math.max(t + 1, o.minWindow);
            if (end > frames) {
                start -= end - frames;
                end = frames;
                if (start < 0) start = 0;
            }
            int n = end - start;
            for (int d = 0; d < x.cols(); d++) {
                double sum = 0, sq = 0;
                for (int u = start; u < end; u++) {
                    sum += x.get(u, d);
                    sq += (double) x.get(u, d) * x.get(u, d);
                }
                double mean = sum / n;
                double y = x.get(t, d) - mean;
                if (o.normalizeVariance) y = n == 1 ? 0 : y / Math.sqrt(Math.max(sq / n - mean * mean, 1e-10));
                out[t][d] = (float) y;
            }
        }
        return out;
    }

    private static void assertClose(float[][] expected, FloatMatrix actual, double tol, String what) {
        assertEquals(expected.length, actual.rows(), what + ": rows");
        for (int t = 0; t < expected.length; t++) {
            for (int d = 0; d < actual.cols(); d++) {
                if (Math.abs(expected[t][d] - actual.get(t, d)) > tol) {
                    throw new AssertionError(what + ": frame " + t + " dim " + d + " expected " + expected[t][d]
                            + " got " + actual.get(t, d));
                }
            }
        }
    }

    @Test
    void onlineCmvnMatchesDefinitionAndIsChunkingInvariant() throws Exception {
        CmvnStats stats = new CmvnStats(feats.cols());
        stats.addAll(feats);
        GlobalCmvn global = GlobalCmvn.fromStats(stats, true);
        SplittableRandom rnd = new SplittableRandom(3);
        for (CmvnOptions o : List.of(new CmvnOptions(), opts(50, 1, true), opts(600, 100, true))) {
            for (GlobalCmvn g : new GlobalCmvn[] {null, global}) {
                String what = "cmn-window " + o.cmnWindow + " norm-vars " + o.normalizeVariance + " global " + (g != null);
                FloatMatrix whole = new OnlineCmvn(feats.cols(), o, g).apply(feats);
                assertClose(onlineReference(feats, o, g), whole, 2e-4, what);
                for (int k = 0; k < 3; k++) {
                    OnlineCmvn c = new OnlineCmvn(feats.cols(), o, g);
                    List<FloatMatrix> parts = new ArrayList<>();
                    int pos = 0;
                    while (pos < feats.rows()) {
                        int n = Math.min(feats.rows() - pos, rnd.nextInt(k == 0 ? 2 : 300));
                        parts.add(c.apply(feats.rowRange(pos, pos + n)));
                        pos += n;
                        if (rnd.nextInt(4) == 0) c = OnlineCmvn.restore(feats.cols(), o, g, roundTrip(c.state()));
                        if (rnd.nextInt(4) == 0) {  // another stream passes through, then this one's state comes back
                            OnlineCmvn.State mine = c.state();
                            c.setState(new OnlineCmvn(feats.cols(), o, g).state());
                            c.apply(feats.row(7));
                            c.setState(mine);
                        }
                    }
                    assertBitIdentical(whole, concat(parts, feats.cols()), what + " chunked");
                    assertEquals(feats.rows(), c.frames());
                }
            }
        }
    }

    @Test
    void slidingCmvnMatchesKaldiDefinitionAndIsChunkingInvariant() throws Exception {
        SplittableRandom rnd = new SplittableRandom(5);
        for (CmvnOptions o : List.of(new CmvnOptions(), opts(600, 100, true), opts(20, 7, true), opts(5, 30, false),
                opts(1, 1, true))) {
            for (int frames : new int[] {0, 1, 3, o.minWindow - 1, o.minWindow, o.minWindow + 1, feats.rows()}) {
                FloatMatrix x = feats.rowRange(0, Math.max(0, frames));
                String what = "cmn-window " + o.cmnWindow + " min-window " + o.minWindow + " norm-vars "
                        + o.normalizeVariance + " frames " + x.rows();
                SlidingCmvn one = new SlidingCmvn(x.cols(), o);
                FloatMatrix first = one.accept(x);
                FloatMatrix whole = concat(List.of(first, one.finish()), x.cols());
                assertClose(slidingReference(x, o), whole, 2e-4, what);
                if (x.rows() >= o.minWindow) assertEquals(x.rows(), first.rows(), what + ": all out before finish");
                for (int k = 0; k < 3; k++) {
                    SlidingCmvn c = new SlidingCmvn(x.cols(), o);
                    List<FloatMatrix> parts = new ArrayList<>();
                    int pos = 0;
                    while (pos < x.rows()) {
                        int n = Math.min(x.rows() - pos, rnd.nextInt(k == 0 ? 2 : 250));
                        parts.add(c.accept(x.rowRange(pos, pos + n)));
                        pos += n;
                        if (rnd.nextInt(4) == 0) c = SlidingCmvn.restore(x.cols(), o, roundTrip(c.state()));
                        if (rnd.nextInt(4) == 0) {
                            SlidingCmvn.State mine = c.state();
                            c.setState(new SlidingCmvn(x.cols(), o).state());
                            c.accept(feats.rowRange(0, 150));
                            c.setState(mine);
                        }
                    }
                    parts.add(c.finish());
                    assertBitIdentical(whole, concat(parts, x.cols()), what + " chunked");
                }
            }
        }
    }

    @Test
    void slidingCmvnWaitsForMinWindowOnlyAtTheStart() {
        SlidingCmvn c = new SlidingCmvn(feats.cols(), new CmvnOptions());
        assertEquals(0, c.accept(feats.rowRange(0, 99)).rows());
        assertEquals(100, c.accept(feats.rowRange(99, 100)).rows());
        assertEquals(1, c.accept(feats.rowRange(100, 101)).rows());
        assertEquals(0, c.finish().rows());
        assertThrows(IllegalStateException.class, () -> c.accept(feats.rowRange(0, 1)));
    }

    @Test
    void globalCmvnNormalisesItsOwnStats() {
        CmvnStats stats = new CmvnStats(feats.cols());
        stats.addAll(feats);
        assertEquals(feats.rows(), stats.count);
        GlobalCmvn g = GlobalCmvn.fromStats(stats, true);
        FloatMatrix y = g.apply(feats);
        CmvnStats after = new CmvnStats(feats.cols());
        after.addAll(y);
        for (int d = 0; d < feats.cols(); d++) {
            assertEquals(0, after.mean()[d], 1e-4, "mean of dim " + d);
            assertEquals(1, after.std(0)[d], 1e-4, "std of dim " + d);
        }
        float[] row0 = g.apply(feats.row(0));
        for (int d = 0; d < row0.length; d++) assertEquals(y.get(0, d), row0[d], 0.0);
        GlobalCmvn meanOnly = GlobalCmvn.fromStats(stats, false);
        assertEquals(1f, meanOnly.std()[3], 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GlobalCmvn(new float[] {0, 0}, new float[] {1, 0}));
        assertTrue(e.getMessage().contains("std[1]"), e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T state) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(state);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
