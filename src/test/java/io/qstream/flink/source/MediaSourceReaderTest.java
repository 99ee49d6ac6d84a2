package io.qstream.flink.source;

import io.qstream.flink.TestAudio;
import io.qstream.flink.record.Kind;
import io.qstream.flink.record.MediaChunk;
import io.qstream.media.ReconnectPolicy;
import io.qstream.pipeline.MediaInput;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaSourceReaderTest {

    /** Collects records with their timestamps; per-split outputs write into the same list. */
    static final class Collecting implements ReaderOutput<MediaChunk> {
        final List<MediaChunk> records = new ArrayList<>();
        final List<Long> timestamps = new ArrayList<>();
        final List<String> released = new ArrayList<>();

        @Override public void collect(MediaChunk r) { collect(r, Long.MIN_VALUE); }
        @Override public void collect(MediaChunk r, long ts) { records.add(r); timestamps.add(ts); }
        @Override public void emitWatermark(Watermark w) {}
        @Override public void markIdle() {}
        @Override public void markActive() {}
        @Override public SourceOutput<MediaChunk> createOutputForSplit(String id) { return this; }
        @Override public void releaseOutputForSplit(String id) { released.add(id); }
    }

    /** Audio inputs named after their file names, decoded with the default options. */
    private static List<MediaInput> inputs(String... uris) {
        List<MediaInput> in = new ArrayList<>();
        for (String u : uris) in.add(MediaInput.audio(u, Path.of(u).getFileName().toString()));
        return in;
    }

    /** A reader of these inputs, given all their splits. */
    private static MediaSourceReader reader(List<MediaInput> in) {
        MediaSourceReader r = new MediaSourceReader(null, in);
        r.addSplits(MediaInputs.expand(in));
        r.notifyNoMoreSplits();
        return r;
    }

    /** Polls (waiting when nothing is available) until {@code records} records were emitted or input ended. */
    private static InputStatus poll(MediaSourceReader r, Collecting out, int records) throws Exception {
        InputStatus s = InputStatus.MORE_AVAILABLE;
        while (out.records.size() < records && s != InputStatus.END_OF_INPUT) {
            s = r.pollNext(out);
            if (s == InputStatus.NOTHING_AVAILABLE) r.isAvailable().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        return s;
    }

    private static float[] samplesOf(List<MediaChunk> records, String stream) {
        float[] all = new float[0];
        for (MediaChunk c : records) {
            if (!c.stream.equals(stream) || c.kind != Kind.DATA) continue;
            assertEquals(all.length, c.firstSample, "contiguous samples of " + stream);
            all = Arrays.copyOf(all, all.length + c.samples.length);
            System.arraycopy(c.samples, 0, all, all.length - c.samples.length, c.samples.length);
        }
        return all;
    }

    @Test
    void restoredSplitResumesExactlyWhereTheSnapshotWas() throws Exception {
        List<MediaInput> in = inputs(TestAudio.SPEECH.toString());
        MediaSourceReader first = reader(in);
        Collecting out1 = new Collecting();
        poll(first, out1, 11);
        assertEquals(11, out1.records.size());
        List<MediaSplit> state = first.snapshotState(1);
        poll(first, out1, 12); // emitted after the checkpoint: replayed by the restored reader
        first.close();
        assertEquals(1, state.size());
        assertEquals(11 * 4000, state.get(0).position());

        MediaSourceReader second = new MediaSourceReader(null, in);
        second.addSplits(state);
        second.notifyNoMoreSplits();
        Collecting out2 = new Collecting();
        assertEquals(InputStatus.END_OF_INPUT, poll(second, out2, 10_000));
        second.close();

        List<MediaChunk> all = new ArrayList<>(out1.records.subList(0, 11));
        all.addAll(out2.records);
        assertArrayEquals(TestAudio.speech(), samplesOf(all, "speech-en-16k.wav"));
        MediaChunk end = all.get(all.size() - 1);
        assertEquals(Kind.END, end.kind);
        assertEquals(TestAudio.speech().length, end.firstSample);
        assertEquals(List.of("0"), out2.released);
        // event time = media time of the first sample
        assertEquals(11 * 4000 * 1000L / 16000, out2.timestamps.get(0));
    }

    @Test
    void aBadInputEndsOnlyItsOwnStreamWithAnErrorNamingIt(@TempDir Path dir) throws Exception {
        Path a = TestAudio.cut(dir, "a.wav", 0, 1, 1f);
        Path bad = Files.writeString(dir.resolve("bad.wav"), "not audio at all, just text\n".repeat(50));
        MediaSourceReader r = reader(inputs(a.toString(), bad.toString(), dir.resolve("missing.wav").toString()));
        Collecting out = new Collecting();
        assertEquals(InputStatus.END_OF_INPUT, poll(r, out, 1000));
        List<MediaChunk> errors = out.records.stream().filter(c -> c.kind == Kind.ERROR).toList();
        assertEquals(2, errors.size());
        assertTrue(errors.stream().anyMatch(e -> e.stream.equals("bad.wav") && e.error.contains(bad.toString())), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.stream.equals("missing.wav") && e.error.contains("missing.wav")), errors.toString());
        assertEquals(16000, samplesOf(out.records, "a.wav").length);
        assertTrue(out.records.stream().anyMatch(c -> c.stream.equals("a.wav") && c.kind == Kind.END));
    }

    @Test
    void reconnectsAreForLiveInputsOnlyAndEndWithAnErrorSayingHowManyWereTried(@TempDir Path dir) throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: connections are refused
        }
        List<MediaInput> in = new ArrayList<>();
        for (MediaInput i : inputs(dir.resolve("missing.wav").toString(), "http://127.0.0.1:" + port + "/live.wav")) {
            in.add(new MediaInput(i.uri(), i.name(), i.tracks(), 0, i.audio(), null, new ReconnectPolicy(3, 0.05)));
        }
        MediaSourceReader r = reader(in);
        Collecting out = new Collecting();
        assertEquals(InputStatus.END_OF_INPUT, poll(r, out, 10));
        List<MediaChunk> errors = out.records.stream().filter(c -> c.kind == Kind.ERROR).toList();
        assertEquals(2, errors.size(), errors.toString());
        // a missing file fails at once; the refused live input is tried 1 + 3 times
        assertTrue(errors.stream().anyMatch(e -> e.stream.equals("missing.wav") && !e.error.contains("reconnect")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.stream.equals("live.wav") && e.error.contains("refused")
                && e.error.endsWith("(gave up after 3 reconnects)")), errors.toString());
        r.close();
    }

    @Test
    void pacedSplitIsNotDeliveredFasterThanMediaTime(@TempDir Path dir) throws Exception {
        Path a = TestAudio.cut(dir, "a.wav", 0, 1, 1f);
        MediaInput i = MediaInput.audio(a.toString(), null);
        // 1 s of media in >= 0.25 s
        MediaSourceReader r = reader(List.of(new MediaInput(i.uri(), null, i.tracks(), 4, i.audio(), null, i.reconnect())));
        Collecting out = new Collecting();
        long start = System.nanoTime();
        assertEquals(InputStatus.END_OF_INPUT, poll(r, out, 1000));
        assertEquals(16000, samplesOf(out.records, a.toString()).length);
        assertTrue(System.nanoTime() - start >= 250_000_000L, "paced at 4x real time");
        r.close();
    }

    @Test
    void globsAndDirectoriesExpandToSortedFilesAndEmptyMatchesBecomeErrors(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("d/sub"));
        Files.writeString(dir.resolve("d/b.wav"), "");
        Files.writeString(dir.resolve("d/a.wav"), "");
        Files.writeString(dir.resolve("d/sub/c.wav"), "");
        Files.writeString(dir.resolve("d/.hidden.wav"), "");
        Files.writeString(dir.resolve("d/x.txt"), "");
        List<MediaInput> in = new ArrayList<>();
        for (String[] u : new String[][] {{dir + "/d/*.wav", null}, {dir + "/d", "all"}, {dir + "/none/*.wav", null},
                {"rtsp://cam/1", "cam"}}) {
            in.add(MediaInput.audio(u[0], u[1]));
        }
        List<MediaSplit> s = MediaInputs.expand(in);
        assertEquals(List.of(dir + "/d/a.wav", dir + "/d/b.wav", "all/a.wav", "all/b.wav", "all/sub/c.wav", "all/x.txt",
                dir + "/none/*.wav", "cam"), s.stream().map(MediaSplit::stream).toList());
        assertEquals("input " + dir + "/none/*.wav: no file matches this pattern", s.get(6).error());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7"), s.stream().map(MediaSplit::splitId).toList());
    }

    @Test
    void aRestoredLiveInputReconnectsAndContinuesTheSampleNumbering(@TempDir Path dir) throws Exception {
        byte[] wav = Files.readAllBytes(TestAudio.cut(dir, "a.wav", 0, 1, 1f));
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/live.wav", ex -> {
            ex.getResponseHeaders().add("Content-Type", "audio/wav");
            ex.sendResponseHeaders(200, wav.length);
            try (var body = ex.getResponseBody()) {
                body.write(wav);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/live.wav";
            List<MediaInput> in = inputs(url);
            MediaSplit restored = MediaInputs.expand(in).get(0).withPosition(50_000);
            MediaSourceReader r = new MediaSourceReader(null, in);
            r.addSplits(List.of(restored));
            r.notifyNoMoreSplits();
            Collecting out = new Collecting();
            assertEquals(InputStatus.END_OF_INPUT, poll(r, out, 1000));
            r.close();
            MediaChunk first = out.records.get(0);
            assertEquals(Kind.DATA, first.kind);
            assertEquals(50_000, first.firstSample, "numbering continues after the samples already emitted");
            MediaChunk end = out.records.get(out.records.size() - 1);
            assertEquals(Kind.END, end.kind);
            assertEquals(50_000 + 16_000, end.firstSample, "the whole (re)connected stream follows");
        } finally {
            server.stop(0);
        }
    }


    @Test
    void aPipeRestoredPastItsStartEndsWithAnErrorInsteadOfPretendingToContinue(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("live.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        List<MediaInput> in = inputs(fifo.toString());
        MediaSourceReader r = new MediaSourceReader(null, in);
        r.addSplits(List.of(MediaInputs.expand(in).get(0).withPosition(32_000)));
        r.notifyNoMoreSplits();
        Collecting out = new Collecting();
        assertEquals(InputStatus.END_OF_INPUT, poll(r, out, 10));
        r.close();
        assertEquals(1, out.records.size());
        MediaChunk e = out.records.get(0);
        assertEquals(Kind.ERROR, e.kind);
        assertTrue(e.error.contains("a pipe cannot be rewound") && e.error.contains("labels end at 2.000 s"), e.error);
        assertEquals(32_000, e.firstSample);
    }

    @Test
    void aPipeWrittenFasterThanRealTimeBlocksItsWriterInsteadOfBufferingWithoutBound(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("fast.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        int rate = 16_000;
        int seconds = 120;
        byte[] pcm = new byte[rate * 2 * seconds]; // s16le mono
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < pcm.length; i += 2) pcm[i] = (byte) random.nextInt(); // quiet noise in the low byte
        java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
        Thread writer = new Thread(() -> {
            try (java.io.OutputStream out = Files.newOutputStream(fifo)) {
                for (int off = 0; off < pcm.length; off += 4096) {
                    out.write(pcm, off, Math.min(4096, pcm.length - off));
                    written.addAndGet(Math.min(4096, pcm.length - off));
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        io.qstream.media.DecodeOptions raw = new io.qstream.media.DecodeOptions();
        raw.format = "s16le";
        raw.inputSampleRate = rate;
        raw.inputChannels = 1;
        List<MediaInput> in = List.of(new MediaInput(fifo.toString(), "fast", List.of(io.qstream.media.Track.AUDIO), 0,
                raw, null, io.qstream.media.ReconnectPolicy.NEVER));
        MediaSourceReader r = reader(in);
        // Nobody polls: the decoder fills its bounded queues, then the writer must block.
        long before;
        long after = written.get();
        do {
            before = after;
            Thread.sleep(1000);
            after = written.get();
        } while (after != before);
        assertTrue(after < pcm.length / 2, "a consumer that does not read stopped the writer after " + after + " of "
                + pcm.length + " bytes: its queues are bounded");
        Collecting out = new Collecting();
        assertEquals(InputStatus.END_OF_INPUT, poll(r, out, Integer.MAX_VALUE));
        r.close();
        writer.join(10_000);
        assertEquals(rate * seconds, samplesOf(out.records, "fast").length, "every sample arrives: backpressure, not loss");
    }
}
