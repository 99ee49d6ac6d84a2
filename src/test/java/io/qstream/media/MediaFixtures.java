package io.qstream.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Shared helpers for the decoder tests: fixture paths, full decodes, and an independent WAV reader. */
final class MediaFixtures {

    static final Path DIR = Path.of("fixtures", "audio");

    private MediaFixtures() {
    }

    static String path(String name) {
        Path p = DIR.resolve(name);
        if (!Files.exists(p) && !name.startsWith("missing")) {
            throw new IllegalStateException("fixture " + p.toAbsolutePath() + " is missing; run "
                    + "fixtures/make-audio-fixtures.sh");
        }
        return p.toString();
    }

    static DecodeOptions options(int sampleRate, int chunkSamples) {
        DecodeOptions o = new DecodeOptions();
        o.sampleRate = sampleRate;
        o.chunkSamples = chunkSamples;
        return o;
    }

    /** Decodes the whole input, checking chunk sizes and timestamps on the way; returns all samples. */
    static float[] decodeAll(String input, DecodeOptions options) throws MediaException {
        try (AudioDecoder d = AudioDecoder.open(input, options)) {
            return drain(d, options.chunkSamples);
        }
    }

    /** Reads a decoder to its end, checking every chunk's size, firstSample, rate and startSeconds. */
    static float[] drain(AudioDecoder d, int chunkSamples) throws MediaException {
        float[] all = new float[1 << 16];
        int n = 0;
        boolean sawShort = false;
        AudioChunk c;
        while ((c = d.read()) != null) {
            if (sawShort) {
                throw new AssertionError("a chunk shorter than chunkSamples was not the last one");
            }
            if (c.samples().length < 1 || c.samples().length > chunkSamples) {
                throw new AssertionError("chunk of " + c.samples().length + " samples, chunkSamples " + chunkSamples);
            }
            sawShort = c.samples().length < chunkSamples;
            if (c.firstSample() != d.position() - c.samples().length) {
                throw new AssertionError("firstSample " + c.firstSample() + " but position " + d.position());
            }
            if (c.sampleRate() != d.sampleRate() || c.startSeconds() != c.firstSample() / (double) c.sampleRate()) {
                throw new AssertionError("bad rate/startSeconds in " + c);
            }
            if (n + c.samples().length > all.length) {
                all = Arrays.copyOf(all, Math.max(all.length * 2, n + c.samples().length));
            }
            System.arraycopy(c.samples(), 0, all, n, c.samples().length);
            n += c.samples().length;
        }
        if (d.read() != null) {
            throw new AssertionError("read() after the end returned a chunk");
        }
        return Arrays.copyOf(all, n);
    }

    /** Int16 samples of a PCM s16le WAV, parsed from the bytes without FFmpeg: {@code [channels][frames]}. */
    static short[][] readWavInt16(String file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(Path.of(file))).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IOException(file + ": not RIFF/WAVE");
        }
        int pos = 12;
        int channels = 0;
        while (pos + 8 <= b.limit()) {
            int id = b.getInt(pos);
            int size = b.getInt(pos + 4);
            if (id == 0x20746d66) { // "fmt "
                if (b.getShort(pos + 8) != 1 || b.getShort(pos + 22) != 16) {
                    throw new IOException(file + ": not PCM s16");
                }
                channels = b.getShort(pos + 10);
            } else if (id == 0x61746164) { // "data"
                int frames = size / (2 * channels);
                short[][] out = new short[channels][frames];
                for (int i = 0; i < frames; i++) {
                    for (int ch = 0; ch < channels; ch++) {
                        out[ch][i] = b.getShort(pos + 8 + 2 * (i * channels + ch));
                    }
                }
                return out;
            }
            pos += 8 + size + (size & 1);
        }
        throw new IOException(file + ": no data chunk");
    }

    static double rms(float[] x) {
        double e = 0;
        for (float v : x) {
            e += (double) v * v;
        }
        return Math.sqrt(e / Math.max(1, x.length));
    }

    /** Largest normalized cross-correlation of a and b over lags -maxLag..maxLag (b shifted against a). */
    static double bestCorrelation(float[] a, float[] b, int maxLag) {
        double best = -1;
        for (int lag = -maxLag; lag <= maxLag; lag++) {
            double ab = 0;
            double aa = 0;
            double bb = 0;
            for (int i = Math.max(0, -lag); i < a.length && i + lag < b.length; i++) {
                if (i + lag < 0) {
                    continue;
                }
                ab += (double) a[i] * b[i + lag];
                aa += (double) a[i] * a[i];
                bb += (double) b[i + lag] * b[i + lag];
            }
            if (aa > 0 && bb > 0) {
                best = Math.max(best, ab / Math.sqrt(aa * bb));
            }
        }
        return best;
    }
}
