package io.qstream.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipe whose writer keeps it open but stops sending: FFmpeg's own blocking read would wait forever; the decoder
 * must deliver what arrived and then fail with TIMEOUT, and still read a pipe that simply ends.
 */
class PipeTimeoutTest {

    private static final int RATE = 16_000;

    @Test
    void aSilentWriterTimesOutAfterTheSamplesThatArrived(@TempDir Path dir) throws Exception {
        Path fifo = fifo(dir);
        byte[] wav = Files.readAllBytes(MediaFixtures.DIR.resolve("speech-en-16k.wav"));
        int twoSeconds = 44 + 2 * RATE * 2; // header + 2 s of 16-bit mono
        CountDownLatch release = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(Arrays.copyOf(wav, twoSeconds));
                out.flush();
                release.await(60, TimeUnit.SECONDS); // keeps the pipe open, sending nothing
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        DecodeOptions o = MediaFixtures.options(RATE, 4000);
        o.timeoutSeconds = 1.5;
        long samples = 0;
        try (AudioDecoder d = AudioDecoder.open(fifo.toString(), o)) {
            MediaException e = assertThrows(MediaException.class, () -> {
                while (d.read() != null) {
                    // drain until the timeout
                }
            });
            samples = d.position();
            assertEquals(MediaException.Kind.TIMEOUT, e.kind(), e.getMessage());
            assertTrue(e.getMessage().startsWith(fifo + ": no data for 1.5 s"), e.getMessage());
        } finally {
            release.countDown();
            writer.join(10_000);
        }
        assertEquals(2 * RATE, samples, "every sample that arrived is delivered before the timeout");
    }

    @Test
    void aPipeThatEndsIsReadToItsEnd(@TempDir Path dir) throws Exception {
        Path fifo = fifo(dir);
        byte[] wav = Files.readAllBytes(MediaFixtures.DIR.resolve("speech-en-16k.wav"));
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                for (int off = 0; off < wav.length; off += 10_000) { // in pieces, as a live writer sends
                    out.write(wav, off, Math.min(10_000, wav.length - off));
                    out.flush();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        float[] got = MediaFixtures.decodeAll(fifo.toString(), MediaFixtures.options(RATE, 4000));
        writer.join(10_000);
        float[] file = MediaFixtures.decodeAll(MediaFixtures.path("speech-en-16k.wav"), MediaFixtures.options(RATE, 4000));
        assertTrue(Arrays.equals(file, got), "a pipe yields exactly the samples of the same file");
    }

    private static Path fifo(Path dir) throws Exception {
        Path fifo = dir.resolve("live.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        return fifo;
    }
}
