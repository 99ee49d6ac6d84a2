package io.qstream.flink;

import io.qstream.pipeline.BatchOptions;

import io.qstream.flink.record.FrameRows;
import io.qstream.flink.record.Kind;
import io.qstream.pipeline.ModelLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.arrays.FloatMatrix;
import io.qstream.qrnn.QrnnModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class QrnnOperatorTest {
    private static final int DIM = 5;
    private static final ModelLoader LOADER = () -> TestModels.random(DIM, 7);
    private static final QrnnModel MODEL = TestModels.random(DIM, 7);

    private static KeyedOneInputStreamOperatorTestHarness<String, FrameRows, FrameRows> harness(QrnnOperator op)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(op, r -> r.stream, Types.STRING);
    }

    /** Random feature rows per stream. */
    private static Map<String, FloatMatrix> streams(int count, long seed) {
        Random rnd = new Random(seed);
        Map<String, FloatMatrix> m = new LinkedHashMap<>();
        for (int s = 0; s < count; s++) {
            int frames = 30 + rnd.nextInt(60);
            m.put("s" + s, new FloatMatrix(frames, DIM, TestModels.gaussian(rnd, frames * DIM, 2f)));
        }
        return m;
    }

    /** Records of all streams interleaved in random chunks of 1..maxChunk frames, then an END per stream. */
    private static List<FrameRows> interleave(Map<String, FloatMatrix> streams, int maxChunk, long seed) {
        Random rnd = new Random(seed);
        Map<String, Integer> pos = new LinkedHashMap<>();
        streams.keySet().forEach(k -> pos.put(k, 0));
        List<FrameRows> out = new ArrayList<>();
        while (!pos.isEmpty()) {
            List<String> keys = new ArrayList<>(pos.keySet());
            String k = keys.get(rnd.nextInt(keys.size()));
            FloatMatrix x = streams.get(k);
            int from = pos.get(k);
            if (from == x.rows()) {
                out.add(FrameRows.last(k, Kind.END, from, null));
                pos.remove(k);
                continue;
            }
            int to = Math.min(x.rows(), from + 1 + rnd.nextInt(maxChunk));
            out.add(FrameRows.data(k, from, x.rowRange(from, to)));
            pos.put(k, to);
        }
        return out;
    }

    private static List<FrameRows> records(KeyedOneInputStreamOperatorTestHarness<String, FrameRows, FrameRows> h) {
        List<FrameRows> out = new ArrayList<>();
        for (Object o : h.getOutput()) if (o instanceof StreamRecord<?> r) out.add((FrameRows) r.getValue());
        return out;
    }

    /** Output rows equal the model run on each whole stream, frames numbered contiguously, END after the data. */
    private static void assertLikeWholeStreams(Map<String, FloatMatrix> streams, List<FrameRows> out) {
        for (Map.Entry<String, FloatMatrix> e : streams.entrySet()) {
            FloatMatrix expected = MODEL.forward(e.getValue(), MODEL.newState());
            List<float[]> rows = new ArrayList<>();
            boolean ended = false;
            for (FrameRows r : out) {
                if (!r.stream.equals(e.getKey())) continue;
                assertTrue(!ended, "data after END for " + e.getKey());
                if (r.kind == Kind.END) {
                    ended = true;
                    assertEquals(expected.rows(), r.firstFrame);
                    continue;
                }
                assertEquals(rows.size(), r.firstFrame, "frame numbering of " + e.getKey());
                FloatMatrix m = r.matrix();
                for (int i = 0; i < m.rows(); i++) rows.add(m.row(i));
            }
            assertTrue(ended, "no END for " + e.getKey());
            assertEquals(expected.rows(), rows.size(), "frames of " + e.getKey());
            for (int i = 0; i < rows.size(); i++) {
                for (int j = 0; j < expected.cols(); j++) {
                    assertEquals(expected.get(i, j), rows.get(i)[j], 1e-5, e.getKey() + " frame " + i + " label " + j);
                }
            }
        }
    }

    @Test
    void batchedChunkedOutputEqualsWholeStreamForwardAndNothingRemainsAfterEnd() throws Exception {
        Map<String, FloatMatrix> streams = streams(5, 1);
        QrnnOperator op = QrnnOperator.evenlySpaced(LOADER, new BatchOptions(3, 40, 10), 0.01);
        try (var h = harness(op)) {
            h.open();
            long now = 0;
            int records = 0;
            for (FrameRows r : interleave(streams, 9, 2)) {
                h.processElement(r, 0);
                records++;
                if (records % 4 == 0) h.setProcessingTime(now += 7);
            }
            assertLikeWholeStreams(streams, records(h));
            assertTrue(op.modelCalls() < records / 2, op.modelCalls() + " model calls for " + records + " records");
            assertEquals(0, h.numKeyedStateEntries(), "keyed state left after every stream ended");
            assertEquals(0, h.numProcessingTimeTimers(), "timers left after every stream ended");
        }
    }

    @Test
    void bufferedRowsStayBelowMaxFramesWhenTimersNeverFire() throws Exception {
        // a decoder far faster than real time, and processing time standing still: only max-frames bounds the buffer
        Map<String, FloatMatrix> streams = streams(4, 7);
        QrnnOperator op = QrnnOperator.evenlySpaced(LOADER, new BatchOptions(100, 40, 1_000_000), 0.01);
        try (var h = harness(op)) {
            h.open();
            for (FrameRows r : interleave(streams, 9, 1)) {
                h.processElement(r, 0);
                assertTrue(op.bufferedFrames() < 40, op.bufferedFrames() + " frames buffered");
            }
            assertLikeWholeStreams(streams, records(h));
        }
    }

    @Test
    void rowsWaitForTheTimerWhenLimitsAreNotReached() throws Exception {
        QrnnOperator op = QrnnOperator.evenlySpaced(LOADER, new BatchOptions(100, 1000, 50), 0.01);
        try (var h = harness(op)) {
            h.open();
            h.setProcessingTime(1000);
            FloatMatrix x = streams(1, 3).get("s0");
            h.processElement(FrameRows.data("s0", 0, x.rowRange(0, 4)), 0);
            h.processElement(FrameRows.data("s1", 0, x.rowRange(0, 2)), 0);
            assertEquals(0, records(h).size());
            assertEquals(2, h.numProcessingTimeTimers());
            h.setProcessingTime(1049);
            assertEquals(0, records(h).size());
            h.setProcessingTime(1050);
            List<FrameRows> out = records(h);
            assertEquals(2, out.size(), "one flush for both streams");
            assertEquals(1, op.modelCalls());
            assertEquals(0, h.numProcessingTimeTimers(), "the other stream's timer is deleted by the flush");
        }
    }

    @Test
    void snapshotWithBufferedRowsRestoresToTheSameOutput() throws Exception {
        Map<String, FloatMatrix> streams = streams(4, 5);
        List<FrameRows> input = interleave(streams, 6, 6);
        int cut = input.size() / 2;
        List<FrameRows> out = new ArrayList<>();
        OperatorSubtaskState snapshot;
        // large limits: rows are still buffered (only in keyed state) when the snapshot is taken
        try (var h = harness(QrnnOperator.evenlySpaced(LOADER, new BatchOptions(2, 1000, 1_000_000), 0.01))) {
            h.open();
            for (FrameRows r : input.subList(0, cut)) h.processElement(r, 0);
            out.addAll(records(h));
            snapshot = h.snapshot(1, 1);
            assertTrue(h.numKeyedStateEntries() > 0);
            // rows processed after the snapshot are lost with this "failed" instance
            for (FrameRows r : input.subList(cut, input.size())) h.processElement(r, 0);
        }
        QrnnOperator restored = QrnnOperator.evenlySpaced(LOADER, new BatchOptions(2, 1000, 1_000_000), 0.01);
        try (var h = harness(restored)) {
            h.initializeState(snapshot);
            h.open();
            for (FrameRows r : input.subList(cut, input.size())) h.processElement(r, 0);
            out.addAll(records(h));
            assertLikeWholeStreams(streams, out);
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(0, h.numProcessingTimeTimers());
        }
    }

    @Test
    void restoredBufferedRowsAreFlushedByTheRestoredTimer() throws Exception {
        FloatMatrix x = streams(1, 9).get("s0");
        OperatorSubtaskState snapshot;
        try (var h = harness(QrnnOperator.evenlySpaced(LOADER, new BatchOptions(10, 1000, 100), 0.01))) {
            h.open();
            h.processElement(FrameRows.data("s0", 0, x.rowRange(0, 5)), 0);
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness(QrnnOperator.evenlySpaced(LOADER, new BatchOptions(10, 1000, 100), 0.01))) {
            h.initializeState(snapshot);
            h.open();
            assertEquals(1, h.numProcessingTimeTimers());
            h.setProcessingTime(200);
            List<FrameRows> out = records(h);
            assertEquals(1, out.size());
            assertEquals(5, out.get(0).frames());
        }
    }

    @Test
    void modelCallsUseOneMathThreadUnlessOmpNumThreadsIsSet() {
        var blas = org.nd4j.linalg.factory.Nd4j.factory().blas();
        int before = blas.getMaxThreads();
        try {
            blas.setMaxThreads(2);
            QrnnOperator.oneMathThreadUnlessConfigured("2");
            assertEquals(2, blas.getMaxThreads(), "OMP_NUM_THREADS set: left alone");
            QrnnOperator.oneMathThreadUnlessConfigured(null);
            assertEquals(1, blas.getMaxThreads());
            assertEquals(1, org.nd4j.linalg.factory.Nd4j.getEnvironment().maxThreads());
        } finally {
            blas.setMaxThreads(before);
        }
    }
}
