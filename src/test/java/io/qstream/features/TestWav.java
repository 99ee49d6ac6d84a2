package io.qstream.features;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test-only reader of 16-bit PCM mono RIFF/WAVE files, at int16 scale (as Kaldi reads WAV). */
final class TestWav {
    private TestWav() {}

    static final Path SPEECH = Path.of("fixtures/audio/speech-en-16k.wav");

    static float[] readMono16(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IOException(file + ": not a RIFF/WAVE file");
        }
        int pos = 12;
        int channels = -1, bits = -1;
        while (pos + 8 <= b.limit()) {
            int id = b.getInt(pos), size = b.getInt(pos + 4);
            int body = pos + 8;
            if (id == 0x20746d66) {  // "fmt "
                if (b.getShort(body) != 1) throw new IOException(file + ": not PCM");
                channels = b.getShort(body + 2);
                bits = b.getShort(body + 14);
            } else if (id == 0x61746164) {  // "data"
                if (channels != 1 || bits != 16) throw new IOException(file + ": expected mono 16-bit, got " + channels + "ch " + bits + " bit");
                int n = Math.min(size, b.limit() - body) / 2;
                float[] out = new float[n];
                for (int i = 0; i < n; i++) out[i] = b.getShort(body + 2 * i);
                return out;
            }
            pos = body + size + (size & 1);
        }
        throw new IOException(file + ": no data chunk");
    }
}
