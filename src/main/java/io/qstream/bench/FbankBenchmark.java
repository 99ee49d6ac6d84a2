package io.qstream.bench;

import io.qstream.arrays.FloatMatrix;
import io.qstream.features.FeatureSpec;
import io.qstream.features.OfflineFeatures;
import io.qstream.features.StreamingFeatureExtractor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Kaldi fbank, 80 mel bins, default options, over 10 s of the bundled speech fixture (decode excluded), one thread.
 * Score: milliseconds per 10 s of audio, so real-time factor = 10 000 / score. {@code bench/fbank-vs-torchaudio.sh}
 * runs this and torchaudio's kaldi.fbank on the same audio and prints both factors and their ratio.
 *
 * <p>Audio: {@code -Dqstream.bench.wav=path} (16-bit mono 16 kHz WAV), default fixtures/audio/speech-en-16k.wav,
 * first 10 s (looped if shorter).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class FbankBenchmark {
    /** Seconds of audio per operation. */
    public static final double AUDIO_SECONDS = 10.0;

    /** Chunk size of the streaming variant, samples (250 ms). */
    @Param({"4000"})
    public int chunkSamples;

    private FeatureSpec spec;
    private float[] audio;
    private float[][] chunks;

    @Setup
    public void setup() throws IOException {
        spec = FeatureSpec.fromMap(Map.of("type", "fbank", "num-mel-bins", 80));
        audio = loop(readWav(Path.of(System.getProperty("qstream.bench.wav", "fixtures/audio/speech-en-16k.wav"))),
                (int) (AUDIO_SECONDS * spec.sampleRate()));
        int n = (audio.length + chunkSamples - 1) / chunkSamples;
        chunks = new float[n][];
        for (int i = 0; i < n; i++) {
            chunks[i] = java.util.Arrays.copyOfRange(audio, i * chunkSamples, Math.min(audio.length, (i + 1) * chunkSamples));
        }
    }

    /** Whole 10 s in one call. */
    @Benchmark
    public FloatMatrix offline() {
        return OfflineFeatures.compute(spec, audio);
    }

    /** The online path: the same 10 s in chunks of {@code chunkSamples}. */
    @Benchmark
    public long streaming() {
        StreamingFeatureExtractor x = new StreamingFeatureExtractor(spec);
        long rows = 0;
        for (float[] c : chunks) rows += x.accept(c).rows();
        return rows + x.finish().rows();
    }

    private static float[] loop(float[] x, int n) {
        if (x.length == 0) throw new IllegalArgumentException("benchmark audio is empty");
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = x[i % x.length];
        return out;
    }

    /** Minimal 16-bit mono PCM WAV reader at int16 scale (the bench must not depend on the FFmpeg decoder). */
    static float[] readWav(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such file (set -Dqstream.bench.wav)");
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.limit() < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) throw new IOException(file + ": not a RIFF/WAVE file");
        int pos = 12, channels = 0, bits = 0;
        while (pos + 8 <= b.limit()) {
            int id = b.getInt(pos), size = b.getInt(pos + 4), body = pos + 8;
            if (id == 0x20746d66) {  // "fmt "
                channels = b.getShort(body + 2);
                bits = b.getShort(body + 14);
            } else if (id == 0x61746164) {  // "data"
                if (channels != 1 || bits != 16) throw new IOException(file + ": expected 16-bit mono PCM");
                float[] out = new float[Math.min(size, b.limit() - body) / 2];
                for (int i = 0; i < out.length; i++) out[i] = b.getShort(body + 2 * i);
                return out;
            }
            pos = body + size + (size & 1);
        }
        throw new IOException(file + ": no data chunk");
    }
}
