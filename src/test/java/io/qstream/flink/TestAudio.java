package io.qstream.flink;

import io.qstream.media.DecodeOptions;
import io.qstream.replay.OfflineLabels;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Test inputs: the bundled speech fixture, and WAV files cut and scaled from it. */
public final class TestAudio {
    public static final Path SPEECH = Path.of("fixtures/audio/speech-en-16k.wav").toAbsolutePath();
    private static float[] speech;

    private TestAudio() {}

    public static synchronized float[] speech() throws IOException {
        if (speech == null) speech = OfflineLabels.decode(SPEECH.toString(), new DecodeOptions());
        return speech;
    }

    /** Samples [from, to) seconds of the fixture scaled by {@code gain}, written as 16 kHz mono s16 WAV. */
    public static Path cut(Path dir, String name, double from, double to, float gain) throws IOException {
        float[] s = speech();
        int a = (int) Math.round(from * 16000), b = (int) Math.min(s.length, Math.round(to * 16000));
        float[] x = Arrays.copyOfRange(s, a, b);
        for (int i = 0; i < x.length; i++) x[i] = Math.max(-32768, Math.min(32767, Math.round(x[i] * gain)));
        return writeWav(dir.resolve(name), x, 16000);
    }

    public static Path writeWav(Path file, float[] samples, int rate) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + samples.length * 2).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(samples.length * 2);
        for (float v : samples) b.putShort((short) Math.round(v));
        Files.createDirectories(file.getParent());
        Files.write(file, b.array());
        return file;
    }
}
