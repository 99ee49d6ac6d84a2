package io.qstream.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.arrays.FloatMatrix;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Property tests: any chunking of a stream, with or without state save/restore, gives the offline rows bit for bit. */
class StreamingFeatureExtractorTest {
    private static float[] speech;  // 1.3 s of real speech

    @BeforeAll
    static void load() throws Exception {
        float[] wav = TestWav.readMono16(TestWav.SPEECH);
        speech = Arrays.copyOfRange(wav, 9000, 9000 + 20_813);  // odd length: the last frame is partial
    }

    static Stream<Arguments> specs() {
        return Stream.of(
                Arguments.of("fbank snip-edges", FeatureSpec.fromMap(Map.of("type", "fbank", "num-mel-bins", 80))),
                Arguments.of("fbank no snip-edges", FeatureSpec.fromMap(Map.of("type", "fbank", "snip-edges", false,
                        "use-energy", true))),
                Arguments.of("mfcc no snip-edges", FeatureSpec.fromMap(Map.of("type", "mfcc", "snip-edges", false))),
                Arguments.of("mfcc dithered", FeatureSpec.fromMap(Map.of("type", "mfcc", "dither", 1.0, "dither-seed", 7))),
                Arguments.of("shift > length", FeatureSpec.fromMap(Map.of("type", "fbank", "frame-shift", 30.0,
                        "frame-length", 20.0))),
                Arguments.of("shift > length no snip", FeatureSpec.fromMap(Map.of("type", "fbank", "frame-shift", 30.0,
                        "frame-length", 20.0, "snip-edges", false))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void anyChunkingEqualsOffline(String name, FeatureSpec spec) throws Exception {
        FloatMatrix offline = OfflineFeatures.compute(spec, speech);
        assertTrue(offline.rows() > 40, name + ": " + offline.rows() + " rows");
        List<int[]> chunkings = new ArrayList<>();
        chunkings.add(fixed(speech.length, 1));
        chunkings.add(fixed(speech.length, 159));
        chunkings.add(fixed(speech.length, 5_000));   // far larger than a frame
        chunkings.add(new int[] {speech.length});     // one chunk
        chunkings.add(new int[] {0, speech.length, 0});  // empty chunks are fine
        SplittableRandom rnd = new SplittableRandom(42);
        for (int k = 0; k < 6; k++) chunkings.add(random(speech.length, rnd, k % 2 == 0 ? 50 : 3_000));
        for (int[] chunks : chunkings) {
            FloatMatrix streamed = stream(spec, speech, chunks, null);
            assertBitIdentical(offline, streamed, name + " chunks " + describe(chunks));
        }
        // save / restore (through Java serialization) after random chunks
        for (int k = 0; k < 4; k++) {
            int[] chunks = random(speech.length, rnd, 800);
            FloatMatrix streamed = stream(spec, speech, chunks, rnd);
            assertBitIdentical(offline, streamed, name + " with restores, chunks " + describe(chunks));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void shortSignalsEqualOffline(String name, FeatureSpec spec) throws Exception {
        int length = spec.frameLengthSamples();
        for (int n : new int[] {0, 1, 2, 37, length / 2, length - 1, length, length + 1, 2 * length + 3}) {
            float[] x = Arrays.copyOfRange(speech, 4000, 4000 + n);
            FloatMatrix offline = OfflineFeatures.compute(spec, x);
            assertBitIdentical(offline, stream(spec, x, fixed(n, 1), null), name + " n=" + n + " by 1");
            assertBitIdentical(offline, stream(spec, x, new int[] {n}, null), name + " n=" + n + " whole");
        }
    }

    @Test
    void frameCountsFollowKaldi() {
        FeatureSpec snip = FeatureSpec.defaults("fbank");
        FeatureSpec noSnip = FeatureSpec.fromMap(Map.of("snip-edges", false));
        assertEquals(0, OfflineFeatures.compute(snip, new float[399]).rows());
        assertEquals(1, OfflineFeatures.compute(snip, new float[400]).rows());
        assertEquals(1, OfflineFeatures.compute(snip, new float[559]).rows());
        assertEquals(2, OfflineFeatures.compute(snip, new float[560]).rows());
        assertEquals(0, OfflineFeatures.compute(noSnip, new float[79]).rows());
        assertEquals(1, OfflineFeatures.compute(noSnip, new float[80]).rows());
        assertEquals(100, OfflineFeatures.compute(noSnip, new float[16000]).rows());
        // frame i covers samples [160 i, 160 i + 400)
        assertEquals(320, Framing.firstSampleOfFrame(2, snip.frameOptions()));
        assertEquals(80 - 200 + 320, Framing.firstSampleOfFrame(2, noSnip.frameOptions()));
    }

    @Test
    void snipEdgesFinishEmitsNothingAndNoSnipEmitsTheTail() {
        StreamingFeatureExtractor snip = new StreamingFeatureExtractor(FeatureSpec.defaults("fbank"));
        assertEquals(128, snip.accept(Arrays.copyOf(speech, 20_720)).rows());
        assertEquals(0, snip.finish().rows());
        StreamingFeatureExtractor noSnip = new StreamingFeatureExtractor(FeatureSpec.fromMap(Map.of("snip-edges", false)));
        FloatMatrix head = noSnip.accept(Arrays.copyOf(speech, 20_720));
        FloatMatrix tail = noSnip.finish();
        assertEquals(130, head.rows() + tail.rows());
        assertTrue(tail.rows() > 0);
        assertEquals(130, noSnip.framesEmitted());
        assertThrows(IllegalStateException.class, () -> noSnip.accept(new float[1]));
    }

    @Test
    void stateKeepsOnlyTheRemainder() {
        StreamingFeatureExtractor x = new StreamingFeatureExtractor(FeatureSpec.defaults("fbank"));
        x.accept(Arrays.copyOf(speech, 16_000));
        StreamingFeatureExtractor.State s = x.state();
        assertEquals(16_000, s.samplesSeen);
        assertEquals(98, s.framesEmitted);
        assertEquals(16_000 - 98 * 160, s.pending.length);
    }

    @Test
    void restoreRejectsInconsistentState() {
        StreamingFeatureExtractor.State s = new StreamingFeatureExtractor.State();
        s.pending = new float[10];
        s.samplesSeen = 5;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StreamingFeatureExtractor.restore(FeatureSpec.defaults("fbank"), s));
        assertTrue(e.getMessage().contains("pending"), e.getMessage());
    }

    @Test
    void ditherIsDeterministicPerFrameAndSeed() {
        float[] silence = new float[4000];
        FeatureSpec a = FeatureSpec.fromMap(Map.of("dither", 1.0, "dither-seed", 1));
        FeatureSpec b = FeatureSpec.fromMap(Map.of("dither", 1.0, "dither-seed", 2));
        FloatMatrix fa = OfflineFeatures.compute(a, silence);
        assertArrayEquals(fa.data(), OfflineFeatures.compute(a, silence).data());
        assertTrue(!Arrays.equals(fa.data(), OfflineFeatures.compute(b, silence).data()));
        // dither lifts digital silence off the log(float epsilon) floor
        float floor = (float) Math.log(Math.ulp(1.0f));
        assertEquals(floor, OfflineFeatures.compute(FeatureSpec.defaults("fbank"), silence).get(3, 5), 0.0);
        assertTrue(fa.get(3, 5) > floor + 5, "dithered silence " + fa.get(3, 5));
    }

    static FloatMatrix stream(FeatureSpec spec, float[] x, int[] chunks, SplittableRandom restoreRnd) throws Exception {
        StreamingFeatureExtractor ex = new StreamingFeatureExtractor(spec);
        List<FloatMatrix> parts = new ArrayList<>();
        int pos = 0;
        for (int c : chunks) {
            parts.add(ex.accept(Arrays.copyOfRange(x, pos, pos + c)));
            pos += c;
            if (restoreRnd != null && restoreRnd.nextInt(3) == 0) ex = StreamingFeatureExtractor.restore(spec, roundTrip(ex.state()));
        }
        assertEquals(x.length, pos);
        parts.add(ex.finish());
        FloatMatrix all = concat(parts, spec.dim());
        assertEquals(all.rows(), ex.framesEmitted());
        return all;
    }

    static StreamingFeatureExtractor.State roundTrip(StreamingFeatureExtractor.State s) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (StreamingFeatureExtractor.State) in.readObject();
        }
    }

    static FloatMatrix concat(List<FloatMatrix> parts, int dim) {
        int rows = parts.stream().mapToInt(FloatMatrix::rows).sum();
        float[] data = new float[rows * dim];
        int off = 0;
        for (FloatMatrix p : parts) {
            assertEquals(dim, p.cols());
            System.arraycopy(p.data(), 0, data, off, p.data().length);
            off += p.data().length;
        }
        return new FloatMatrix(rows, dim, data);
    }

    static int[] fixed(int total, int size) {
        int[] c = new int[(total + size - 1) / size];
        for (int i = 0; i < c.length; i++) c[i] = Math.min(size, total - i * size);
        return c;
    }

    static int[] random(int total, SplittableRandom rnd, int maxSize) {
        List<Integer> c = new ArrayList<>();
        int left = total;
        while (left > 0) {
            int s = Math.min(left, rnd.nextInt(maxSize + 1));  // 0-sized chunks included
            c.add(s);
            left -= s;
        }
        return c.stream().mapToInt(Integer::intValue).toArray();
    }

    static void assertBitIdentical(FloatMatrix expected, FloatMatrix actual, String what) {
        assertEquals(expected.rows(), actual.rows(), what + ": rows");
        assertEquals(expected.cols(), actual.cols(), what + ": cols");
        float[] e = expected.data(), a = actual.data();
        for (int i = 0; i < e.length; i++) {
            if (Float.floatToIntBits(e[i]) != Float.floatToIntBits(a[i])) {
                throw new AssertionError(what + ": row " + i / expected.cols() + " col " + i % expected.cols()
                        + " offline " + e[i] + " streamed " + a[i]);
            }
        }
    }

    private static String describe(int[] chunks) {
        return chunks.length <= 4 ? Arrays.toString(chunks) : chunks.length + " chunks starting " + Arrays.toString(Arrays.copyOf(chunks, 4));
    }
}
