package io.qstream.media;

import static io.qstream.media.MediaFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import io.qstream.media.MediaException.Kind;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every failure has its kind, names the input and the cause, and says how far decoding got. */
class DecodeErrorsTest {

    private static MediaException openFails(String input, DecodeOptions o, Kind kind, String... messageParts) {
        MediaException e = assertThrows(MediaException.class, () -> {
            try (AudioDecoder d = AudioDecoder.open(input, o)) {
                fail("opened " + input + " (" + d.describe() + ")");
            }
        });
        checkException(e, input, kind, messageParts);
        assertEquals(0, e.secondsDecoded(), "nothing decoded when opening fails");
        return e;
    }

    private static void checkException(MediaException e, String input, Kind kind, String... messageParts) {
        assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(input, e.input());
        assertTrue(e.getMessage().startsWith(input + ": "), "message names the input: " + e.getMessage());
        for (String part : messageParts) {
            assertTrue(e.getMessage().contains(part), "message mentions '" + part + "': " + e.getMessage());
        }
    }

    /** Reads until the decoder fails; returns the samples delivered before the failure and the failure. */
    private static Failure readUntilFailure(String input) throws MediaException {
        List<float[]> chunks = new ArrayList<>();
        try (AudioDecoder d = AudioDecoder.open(input, options(16000, 1000))) {
            try {
                AudioChunk c;
                while ((c = d.read()) != null) {
                    chunks.add(c.samples());
                }
            } catch (MediaException e) {
                int n = chunks.stream().mapToInt(a -> a.length).sum();
                float[] all = new float[n];
                int at = 0;
                for (float[] a : chunks) {
                    System.arraycopy(a, 0, all, at, a.length);
                    at += a.length;
                }
                // The failure repeats; the decoder does not pretend the stream ended normally.
                MediaException again = assertThrows(MediaException.class, d::read);
                assertSame(e, again);
                return new Failure(all, e);
            }
        }
        throw new AssertionError(input + " decoded to the end without an error");
    }

    private record Failure(float[] delivered, MediaException error) {
    }

    /** The 16 kHz source excerpt the broken fixtures were made from (1.0 s .. 4.0 s of speech-en-16k.wav). */
    private static float[] excerpt(int length) throws Exception {
        short[] s = readWavInt16(path("speech-en-16k.wav"))[0];
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = s[16000 + i];
        }
        return out;
    }

    @Test
    void missingFileIsNotFound() {
        openFails(path("missing-file.wav"), null, Kind.NOT_FOUND, "no such file");
        String url = "file:" + Path.of(path("missing-file.wav")).toAbsolutePath();
        openFails(url, null, Kind.NOT_FOUND);
    }

    @Test
    void brokenAndLoopingSymbolicLinksSaySo(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path broken = Files.createSymbolicLink(dir.resolve("broken.wav"), dir.resolve("gone.wav"));
        openFails(broken.toString(), null, Kind.NOT_FOUND, "broken symbolic link");
        Path a = dir.resolve("a.wav");
        Path b = dir.resolve("b.wav");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);
        openFails(a.toString(), null, Kind.IO, "cannot follow symbolic link", "Too many levels of symbolic links");
    }

    @Test
    void aWavHeaderDeclaringZeroChannelsSaysSoInsteadOfNoAudioStream(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        byte[] wav = Files.readAllBytes(Path.of(path("speech-en-16k.wav")));
        java.nio.ByteBuffer.wrap(wav).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort(22, (short) 0); // fmt channels
        Path zero = Files.write(dir.resolve("zero-channels.wav"), wav);
        openFails(zero.toString(), null, Kind.CORRUPT, "header declares 0 channels");
    }

    @Test
    void textFileAndDirectoryAreNotMedia() {
        openFails(path("not-media.txt"), null, Kind.NOT_MEDIA, "not a media file");
        openFails(DIR.toString(), null, Kind.NOT_MEDIA, "directory");
        DecodeOptions forcedWav = new DecodeOptions();
        forcedWav.format = "wav";
        openFails(path("not-media.txt"), forcedWav, Kind.NOT_MEDIA, "wav");
    }

    @Test
    void videoOnlyFileHasNoAudio() {
        openFails(path("video-only.mp4"), null, Kind.NO_AUDIO, "no audio stream", "video mpeg4");
    }

    @Test
    void zeroLengthFileAndHeaderWithoutSamplesAreEmpty() {
        openFails(path("empty.wav"), null, Kind.EMPTY, "0 bytes");
        openFails(path("zero-samples.wav"), null, Kind.EMPTY, "no audio samples");
    }

    @Test
    void unknownCodecIsUnsupported() {
        openFails(path("unsupported-codec.wav"), null, Kind.UNSUPPORTED_CODEC, "0xabcd", "not supported");
    }

    @Test
    void truncatedWavDeliversWhatIsThereThenReportsTheShortfall() throws Exception {
        Failure f = readUntilFailure(path("truncated.wav"));
        checkException(f.error(), path("truncated.wav"), Kind.CORRUPT, "truncated", "declares 3.000 s",
                "ends after 1.199 s");
        // 40% of the file, minus the 44-byte header: (38416 - 44) / 2 samples, exactly the source's.
        assertEquals(19186, f.delivered().length);
        assertArrayEquals(excerpt(19186), f.delivered());
        assertEquals(19186 / 16000.0, f.error().secondsDecoded(), 1e-9);
    }

    @Test
    void truncatedFlacFailsAtItsCutPartialFrame() throws Exception {
        Failure f = readUntilFailure(path("truncated.flac"));
        checkException(f.error(), path("truncated.flac"), Kind.CORRUPT, "corrupt data after", "declares 3.000 s");
        double s = f.error().secondsDecoded();
        assertTrue(s > 0.5 && s < 1.5, "the file was cut at 40% of its bytes; decoded " + s + " s");
        assertEquals(s * 16000, f.delivered().length, 0.5, "everything decoded before the failure is delivered");
        assertArrayEquals(excerpt(f.delivered().length), f.delivered(), "lossless: the decoded part is exact");
    }

    @Test
    void truncatedMp3IsShorterThanItsXingHeaderDeclares() throws Exception {
        Failure f = readUntilFailure(path("truncated.mp3"));
        checkException(f.error(), path("truncated.mp3"), Kind.CORRUPT, "truncated", "declares 3.000 s");
        double s = f.error().secondsDecoded();
        assertTrue(s > 0.9 && s < 1.4, "decoded " + s + " s of a file cut at 40%");
        assertEquals(s * 16000, f.delivered().length, 0.5);
    }

    @Test
    void garbageInTheMiddleOfAFlacIsCorruptAfterTheGoodPart() throws Exception {
        Failure f = readUntilFailure(path("corrupt.flac"));
        checkException(f.error(), path("corrupt.flac"), Kind.CORRUPT, "corrupt data after", "flac");
        double s = f.error().secondsDecoded();
        assertTrue(s > 0.8 && s < 1.6, "garbage starts at half the file's bytes; decoded " + s + " s");
        assertArrayEquals(excerpt(f.delivered().length), f.delivered(), "the frames before the damage are exact");
    }

    @Test
    void damagedHeaderOfARecognizableFileIsCorruptNotNotMedia(@TempDir Path tmp) throws Exception {
        // The first 2 KiB of an MP4: 'ftyp' says MP4, but the index ('moov', at the end) is missing.
        Path cut = tmp.resolve("cut.m4a");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(Path.of(path("speech-aac.m4a"))), 2048));
        openFails(cut.toString(), null, Kind.CORRUPT, "looks like mov", "header could not be read");
    }

    @Test
    void badOptionsAreReportedBeforeOpening() {
        DecodeOptions zeroRate = new DecodeOptions();
        zeroRate.sampleRate = 0;
        openFails(path("speech-opus.ogg"), zeroRate, Kind.BAD_OPTIONS, "sampleRate");

        DecodeOptions rawWithoutRate = new DecodeOptions();
        rawWithoutRate.format = "s16le";
        openFails(path("speech-8k-mono.s16le"), rawWithoutRate, Kind.BAD_OPTIONS, "inputSampleRate");

        DecodeOptions unknownFormat = new DecodeOptions();
        unknownFormat.format = "no_such_demuxer";
        openFails(path("speech-opus.ogg"), unknownFormat, Kind.BAD_OPTIONS, "no_such_demuxer");

        DecodeOptions unknownOption = new DecodeOptions();
        unknownOption.ffmpegOptions.put("no_such_option", "1");
        openFails(path("speech-opus.ogg"), unknownOption, Kind.BAD_OPTIONS, "no_such_option");
    }

    @Test
    void ffmpegOptionsGoToTheDemuxerOrTheDecoder() throws Exception {
        DecodeOptions o = new DecodeOptions();
        o.ffmpegOptions.put("probesize", "65536");     // demuxer-level
        o.ffmpegOptions.put("request_sample_fmt", "flt"); // decoder-level (flac ignores it)
        assertArrayEquals(decodeAll(path("speech-44k-stereo.flac"), new DecodeOptions()),
                decodeAll(path("speech-44k-stereo.flac"), o));
    }

    @Test
    void refusedConnectionIsAnIoError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        String url = "tcp://127.0.0.1:" + port;
        openFails(url, rawS16le8k(2), Kind.IO, "could not open");
    }

    @Test
    void silentLiveInputTimesOutInsteadOfHanging() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            Thread t = serve(server, 0, new CountDownLatch(1));
            String url = "tcp://127.0.0.1:" + server.getLocalPort();
            openFails(url, rawS16le8k(0.5), Kind.TIMEOUT, "no data for 0.5 s");
            t.interrupt();
        }
    }

    @Test
    void liveInputThatStallsAfterDataDeliversItThenTimesOut() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0)) {
            Thread t = serve(server, 8000, done); // 1 s of s16le 8 kHz, then silence on the wire
            String url = "tcp://127.0.0.1:" + server.getLocalPort();
            DecodeOptions o = rawS16le8k(0.5);
            try (AudioDecoder d = AudioDecoder.open(url, o)) {
                assertTrue(d.isLive());
                long samples = 0;
                MediaException e = null;
                try {
                    AudioChunk c;
                    while ((c = d.read()) != null) {
                        samples += c.samples().length;
                    }
                } catch (MediaException ex) {
                    e = ex;
                }
                assertNotNull(e, "a stalled live input must time out, not end or hang");
                checkException(e, url, Kind.TIMEOUT, "no data");
                assertEquals(8000, samples, "the second sent before the stall is delivered");
                assertEquals(1.0, e.secondsDecoded(), 1e-9);
            } finally {
                done.countDown();
                t.join(5000);
            }
        }
    }

    @Test
    void liveInputToleratesAndCountsDecodeErrors() throws Exception {
        // The same damaged FLAC that fails as a file streams through over TCP: lost data is normal on live inputs.
        byte[] flac = Files.readAllBytes(Path.of(path("corrupt.flac")));
        try (ServerSocket server = new ServerSocket(0)) {
            Thread t = serveBytes(server, flac);
            String url = "tcp://127.0.0.1:" + server.getLocalPort();
            DecodeOptions o = new DecodeOptions();
            o.format = "flac";
            o.timeoutSeconds = 5;
            try (AudioDecoder d = AudioDecoder.open(url, o)) {
                float[] got = drain(d, o.chunkSamples);
                assertTrue(d.decodeErrors() > 0, "decode errors counted");
                assertTrue(got.length > 1.152 * 16000 + 8000, "decoding went on past the damage: " + got.length);
                assertArrayEquals(excerpt(18432), Arrays.copyOf(got, 18432), "the part before the damage is exact");
            }
            t.join(5000);
        }
    }

    @Test
    void skippingIntoTheDamageOfAFileReportsIt() throws Exception {
        try (AudioDecoder d = AudioDecoder.open(path("corrupt.flac"), null)) {
            MediaException e = assertThrows(MediaException.class, () -> d.skipTo(40_000));
            checkException(e, path("corrupt.flac"), Kind.CORRUPT, "corrupt data after");
        }
        try (AudioDecoder d = AudioDecoder.open(path("truncated.wav"), null)) {
            d.skipTo(19_000); // before the cut: fine
            assertEquals(186, d.read().samples().length);
            MediaException e = assertThrows(MediaException.class, d::read);
            assertEquals(Kind.CORRUPT, e.kind());
        }
    }

    @Test
    void skipToOnALiveInputRenumbersWithoutDiscarding() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0)) {
            Thread t = serve(server, 8000, done);
            String url = "tcp://127.0.0.1:" + server.getLocalPort();
            DecodeOptions o = rawS16le8k(0.5);
            o.chunkSamples = 800;
            try (AudioDecoder d = AudioDecoder.open(url, o)) {
                d.skipTo(1_000_000_000L); // e.g. the position restored from a checkpoint: must not wait for it
                AudioChunk c = d.read();
                assertEquals(1_000_000_000L, c.firstSample());
                float first = c.samples()[1];
                assertEquals((short) (8000 * Math.sin(2 * Math.PI * 200 / 8000.0)), first, "the newest audio, kept");
                d.skipTo(5); // back is allowed too: only the numbering changes
                assertEquals(5, d.read().firstSample());
            } finally {
                done.countDown();
                t.join(5000);
            }
        }
    }

    @Test
    void networkUrlsAreLiveAndPathsAreNot() throws Exception {
        try (AudioDecoder d = AudioDecoder.open(path("speech-opus.ogg"), null)) {
            assertFalse(d.isLive());
        }
    }

    private static DecodeOptions rawS16le8k(double timeoutSeconds) {
        DecodeOptions o = new DecodeOptions();
        o.format = "s16le";
        o.inputSampleRate = 8000;
        o.inputChannels = 1;
        o.sampleRate = 8000;
        o.timeoutSeconds = timeoutSeconds;
        return o;
    }

    /** Accepts one client, sends the bytes, closes the connection. */
    private static Thread serveBytes(ServerSocket server, byte[] bytes) {
        Thread t = new Thread(() -> {
            try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                out.write(bytes);
            } catch (Exception ignored) {
                // the test closed the server or gave up
            }
        }, "file-server");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Accepts one client, sends {@code samples} samples of a 200 Hz tone, then holds the connection open. */
    private static Thread serve(ServerSocket server, int samples, CountDownLatch done) {
        Thread t = new Thread(() -> {
            try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                byte[] pcm = new byte[2 * samples];
                for (int i = 0; i < samples; i++) {
                    short v = (short) (8000 * Math.sin(2 * Math.PI * 200 * i / 8000.0));
                    pcm[2 * i] = (byte) v;
                    pcm[2 * i + 1] = (byte) (v >> 8);
                }
                out.write(pcm);
                out.flush();
                done.await(20, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the test closed the server or gave up
            }
        }, "stalling-pcm-server");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
