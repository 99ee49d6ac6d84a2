package io.qstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.qrnn.QrnnModel;
import io.qstream.qrnn.ModelFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qstream train} then {@code qstream eval} on a few tiny WAV files with loud "speech" bursts. */
class TrainEvalCommandTest {
    @TempDir Path dir;

    @Test
    void trainsWritesAModelAndEvaluatesIt() throws IOException {
        StringBuilder manifest = new StringBuilder("media\tlabels\n");
        SplittableRandom rng = new SplittableRandom(9);
        for (int f = 0; f < 4; f++) {
            int n = 16000 * 2;
            short[] pcm = new short[n];
            int frames = 1 + (n - 400) / 160;
            StringBuilder labels = new StringBuilder("frame_index,label\n");
            int onStart = 40 + 20 * f, onEnd = onStart + 80;
            for (int i = 0; i < n; i++) {
                boolean on = i >= onStart * 160 && i < onEnd * 160;
                double v = rng.nextGaussian() * (on ? 3000 * (1 + Math.sin(i * 0.002)) : 30);
                pcm[i] = (short) Math.max(-32768, Math.min(32767, v));
            }
            for (int t = 0; t < frames; t++) {
                int centre = t * 160 + 200;
                labels.append(t).append(',')
                        .append(centre >= onStart * 160 && centre < onEnd * 160 ? "speech" : "nonspeech").append('\n');
            }
            writeWav(dir.resolve("c" + f + ".wav"), pcm);
            Files.writeString(dir.resolve("c" + f + ".csv"), labels);
            manifest.append("c").append(f).append(".wav\tc").append(f).append(".csv\n");
        }
        Path m = dir.resolve("data.tsv");
        Files.writeString(m, manifest);
        Path model = dir.resolve("model");

        CliRun train = CliRun.of("train", "--data", m.toString(), "--val", m.toString(), "--out",
                model.toString(), "--epochs", "3", "--hidden", "8,8", "--window", "2,2", "--lanes", "2",
                "--segment", "50", "--lr", "0.01");
        CliRun eval = CliRun.of("eval", "--model", model.toString(), "--data", m.toString(),
                "--collar", "2", "--baseline-tune", m.toString());
        assertEquals(0, train.exitCode(), train.err());
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(Files.readString(model.resolve("train.log")).contains("epoch 1 loss"));
        assertTrue(Files.readString(model.resolve("validation.txt")).contains("energy baseline"));
        QrnnModel loaded = ModelFiles.load(model);
        assertEquals(40, loaded.inputDim());
        assertEquals(java.util.List.of("nonspeech", "speech"), loaded.labels());
        assertEquals("fbank", loaded.features().get("type").asText());
        String report = eval.out();
        assertTrue(report.contains("speech") && report.contains("energy baseline"), report);
        // The bursts are 40 dB above the background: the energy baseline separates them almost perfectly.
        assertTrue(report.matches("(?s).*energy baseline.*\\nspeech\\s+0\\.9\\d+\\s+0\\.9\\d+.*")
                || report.matches("(?s).*energy baseline.*\\nspeech\\s+1\\.0000.*"), report);
    }

    private static void writeWav(Path file, short[] pcm) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + pcm.length * 2)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII)).put("fmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16).putShort((short) 1).putShort((short) 1).putInt(16000).putInt(32000)
                .putShort((short) 2).putShort((short) 16).put("data".getBytes(StandardCharsets.US_ASCII))
                .putInt(pcm.length * 2);
        for (short s : pcm) b.putShort(s);
        Files.write(file, b.array());
    }
}
