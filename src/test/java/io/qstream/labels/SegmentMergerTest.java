package io.qstream.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SegmentMergerTest {

    /** Whole-sequence reference: hysteresis, then bridge short gaps, then drop short segments. */
    private static List<SegmentMerger.Segment> reference(float[] scores, double on, double off, int minSeg, int minGap) {
        List<long[]> raw = new ArrayList<>();
        List<double[]> sums = new ArrayList<>();
        boolean open = false;
        long start = 0;
        double sum = 0;
        long count = 0;
        for (int i = 0; i < scores.length; i++) {
            if (open && scores[i] < off) {
                raw.add(new long[] {start, i});
                sums.add(new double[] {sum, count});
                open = false;
            } else if (open) {
                sum += scores[i];
                count++;
            } else if (scores[i] >= on) {
                open = true;
                start = i;
                sum = scores[i];
                count = 1;
            }
        }
        if (open) {
            raw.add(new long[] {start, scores.length});
            sums.add(new double[] {sum, count});
        }
        List<SegmentMerger.Segment> out = new ArrayList<>();
        int i = 0;
        while (i < raw.size()) {
            long s = raw.get(i)[0], e = raw.get(i)[1];
            double su = sums.get(i)[0], c = sums.get(i)[1];
            while (i + 1 < raw.size() && raw.get(i + 1)[0] - e < minGap) {
                i++;
                e = raw.get(i)[1];
                su += sums.get(i)[0];
                c += sums.get(i)[1];
            }
            if (e - s >= minSeg) out.add(new SegmentMerger.Segment(s, e, su / c));
            i++;
        }
        return out;
    }

    private static List<SegmentMerger.Segment> chunked(SegmentMerger m, float[] scores, int[] chunkSizes, Random rnd) {
        SegmentMerger.State st = new SegmentMerger.State();
        List<SegmentMerger.Segment> out = new ArrayList<>();
        int pos = 0;
        while (pos < scores.length) {
            int n = Math.min(scores.length - pos, chunkSizes[rnd.nextInt(chunkSizes.length)]);
            out.addAll(m.accept(st, Arrays.copyOfRange(scores, pos, pos + n)));
            pos += n;
        }
        out.addAll(m.finish(st));
        return out;
    }

    @Test
    void hysteresisKeepsSegmentOpenBetweenThresholds() {
        SegmentMerger m = new SegmentMerger(0.6, 0.4, 0, 0);
        SegmentMerger.State st = new SegmentMerger.State();
        List<SegmentMerger.Segment> out = new ArrayList<>(m.accept(st, new float[] {0.1f, 0.7f, 0.5f, 0.45f, 0.3f, 0.5f}));
        out.addAll(m.finish(st));
        assertEquals(List.of(new SegmentMerger.Segment(1, 4, Math.round((0.7 + 0.5 + 0.45) / 3 * 1e6) / 1e6)), roundScores(out));
    }

    @Test
    void shortGapsAreBridgedAndShortSegmentsDropped() {
        SegmentMerger m = new SegmentMerger(0.5, 0.5, 3, 2);
        float[] s = {1, 1, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 1};
        SegmentMerger.State st = new SegmentMerger.State();
        List<SegmentMerger.Segment> out = new ArrayList<>(m.accept(st, s));
        out.addAll(m.finish(st));
        // [0,2)+[3,5) bridged (gap 1) -> [0,5); [7,8) alone, too short; [11,14) kept
        assertEquals(List.of(new SegmentMerger.Segment(0, 5, 1.0), new SegmentMerger.Segment(11, 14, 1.0)), out);
    }

    @Test
    void segmentIsEmittedAsSoonAsItIsFinal() {
        SegmentMerger m = new SegmentMerger(0.5, 0.5, 0, 3);
        SegmentMerger.State st = new SegmentMerger.State();
        assertEquals(List.of(), m.accept(st, new float[] {1, 1, 0, 0}));
        assertEquals(List.of(new SegmentMerger.Segment(0, 2, 1.0)), m.accept(st, new float[] {0}));
        assertEquals(List.of(), m.finish(st));
    }

    @Test
    void sameSegmentsWhateverTheChunkingAndEqualToWholeSequenceReference() {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 300; trial++) {
            float[] scores = new float[1 + rnd.nextInt(400)];
            float level = 0;
            for (int i = 0; i < scores.length; i++) {
                if (rnd.nextInt(10) == 0) level = rnd.nextFloat();
                scores[i] = Math.min(1, Math.max(0, level + (rnd.nextFloat() - 0.5f) * 0.3f));
            }
            double on = 0.3 + 0.4 * rnd.nextDouble();
            double off = on - 0.3 * rnd.nextDouble();
            int minSeg = rnd.nextInt(6);
            int minGap = rnd.nextInt(6);
            SegmentMerger m = new SegmentMerger(on, off, minSeg, minGap);
            List<SegmentMerger.Segment> expected = reference(scores, on, off, minSeg, minGap);
            assertEquals(expected, chunked(m, scores, new int[] {scores.length}, rnd), "whole, trial " + trial);
            assertEquals(expected, chunked(m, scores, new int[] {1}, rnd), "frame by frame, trial " + trial);
            assertEquals(expected, chunked(m, scores, new int[] {1, 7, 500}, rnd), "mixed chunks, trial " + trial);
        }
    }

    @Test
    void rejectsOffAboveOn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SegmentMerger(0.4, 0.6, 0, 0));
        assertEquals("off threshold 0.6 is above on threshold 0.4", e.getMessage());
    }

    private static List<SegmentMerger.Segment> roundScores(List<SegmentMerger.Segment> segs) {
        return segs.stream()
                .map(s -> new SegmentMerger.Segment(s.startFrame(), s.endFrame(), Math.round(s.score() * 1e6) / 1e6))
                .toList();
    }
}
