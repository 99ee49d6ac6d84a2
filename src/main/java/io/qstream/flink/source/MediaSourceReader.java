package io.qstream.flink.source;

import io.qstream.flink.record.Kind;
import io.qstream.flink.record.MediaChunk;
import io.qstream.media.Track;
import io.qstream.pipeline.MediaInput;

import io.qstream.media.AudioChunk;
import io.qstream.media.AudioDecoder;
import io.qstream.media.LiveInputs;
import io.qstream.media.MediaException;
import io.qstream.media.ReconnectPolicy;
import io.qstream.media.VideoDecoder;
import io.qstream.media.VideoFrame;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads all splits assigned to this subtask concurrently. Each split is decoded on its own thread into a small
 * bounded queue, so a live input that stalls (up to its read timeout) never blocks the task thread, the other
 * streams or checkpoints; the task thread emits one queued chunk per split in turn. Each split has its own
 * {@link SourceOutput}, so watermarks follow each stream's media time (the reader's watermark is the minimum
 * over its open streams).
 *
 * <p>A video split ({@link Track#VIDEO}) is decoded by {@link VideoDecoder} into one record per frame, separate
 * from the audio of the same file (which is its own split); its state counts frames instead of samples.
 *
 * <p>The checkpointed split state is the number of samples emitted (not decoded: decoded-ahead chunks are
 * simply decoded again); a restored split reopens its input and calls {@link AudioDecoder#skipTo}, while a
 * live input reconnects and continues the numbering. A decoding failure ends only its own stream: an ERROR
 * record naming the input goes downstream (and to the log) and the other streams continue. A live input that
 * fails (refused, dropped, timed out) is first reopened as its input's {@link ReconnectPolicy} says (YAML
 * {@code decode.reconnect-attempts}, {@code reconnect-delay-seconds}), continuing the numbering (and, for video,
 * the frame times) where it
 * stopped. Paced splits ({@code pace > 0}) release a chunk no earlier than its last sample would have arrived
 * from a live source.
 * At most {@value #MAX_OPEN} inputs per subtask are decoded at once; further splits start as others end.
 */
final class MediaSourceReader implements SourceReader<MediaChunk, MediaSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(MediaSourceReader.class);
    /** Chunks decoded ahead per split. */
    private static final int QUEUE_CHUNKS = 8;
    static final int MAX_OPEN = 256;

    /** One assigned split: its decoding thread, queue, and the samples emitted so far. */
    private final class Fetcher implements Runnable {
        final MediaSplit split;
        final MediaInput input;
        final long startSample;
        final BlockingQueue<MediaChunk> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
        long delivered;
        SourceOutput<MediaChunk> output;
        Thread thread;
        volatile boolean stop;
        /** System.nanoTime when the input was opened (pacing reference); 0 until then. */
        volatile long openedNanos;
        /** Video: presentation time of the first frame decoded by this fetcher (pacing reference). */
        volatile double firstSeconds = Double.NaN;

        Fetcher(MediaSplit split) {
            this.split = split;
            this.input = inputs.get(split.input());
            this.startSample = split.position();
            this.delivered = startSample;
        }

        void start() {
            thread = new Thread(this, "qstream-decode-" + split.stream());
            thread.setDaemon(true);
            thread.start();
        }

        /**
         * Decodes the split until its end, an error or stop. Opening, reading and failure handling are the same for
         * both tracks; a {@link TrackReader} keeps a track's position and makes its records.
         */
        @Override
        public void run() {
            TrackReader track = split.track() == Track.VIDEO ? new VideoTrack() : new AudioTrack();
            try {
                if (split.error() != null) {
                    put(track.error(split.error()));
                    return;
                }
                int failures = 0;
                while (!stop) {
                    try {
                        track.open();
                        while (track.next()) failures = 0;
                        return;
                    } catch (MediaException e) {
                        if (!reconnect(e, ++failures)) throw gaveUp(e, failures - 1);
                    } finally {
                        track.close();
                    }
                }
            } catch (MediaException e) {
                put(track.error(describe(split, e)));
            } catch (RuntimeException | Error e) {
                // whatever breaks the decoder ends this stream with an error record, never silently
                LOG.error("stream {}: decoding the {} track of {} failed", split.stream(), split.track().id(), split.uri(), e);
                put(track.error("input " + split.uri() + ": " + e));
            } finally {
                track.close();
            }
        }

        /**
         * After a live input failed for the {@code failures}-th time in a row: whether to reopen it, after the
         * configured pause. Files never reconnect (their damage does not go away), nor do bad options or damage.
         */
        private boolean reconnect(MediaException e, int failures) {
            ReconnectPolicy policy = input.reconnect();
            // damage does not go away either: a file served over http that is truncated (CORRUPT) is not reopened
            if (stop || !LiveInputs.isLive(split.uri()) || e.kind() == MediaException.Kind.BAD_OPTIONS
                    || e.kind() == MediaException.Kind.CORRUPT || failures > policy.attempts()) {
                return false;
            }
            LOG.warn("stream {}: {}; reconnecting in {} s (attempt {} of {})", split.stream(), e.getMessage(),
                    policy.delaySeconds(), failures, policy.attempts());
            long until = System.nanoTime() + (long) (policy.delaySeconds() * 1e9);
            try {
                while (!stop && System.nanoTime() < until) {
                    Thread.sleep(Math.max(1, Math.min(100, (until - System.nanoTime()) / 1_000_000)));
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return false;
            }
            return !stop;
        }

        /**
         * A pipe (standard input, a FIFO) is read once: after a failure or restore past its start there is no way back
         * to where the stream was, so it ends with an error saying so instead of labelling whatever comes next as if
         * it continued.
         */
        private void checkResumable(long position, double seconds) throws MediaException {
            if (position > 0 && LiveInputs.isPipe(split.uri())) {
                throw new MediaException(split.uri(), MediaException.Kind.IO, seconds, String.format(java.util.Locale.ROOT,
                        "a pipe cannot be rewound, so this stream cannot be resumed after a failure or restore; its labels"
                                + " end at %.3f s", seconds));
            }
        }

        /** The failure that ended the stream, saying how many reconnects came before it. */
        private MediaException gaveUp(MediaException e, int reconnects) {
            if (reconnects == 0) return e;
            String detail = e.getMessage().startsWith(e.input() + ": ") ? e.getMessage().substring(e.input().length() + 2)
                    : e.getMessage();
            return new MediaException(e.input(), e.kind(), e.secondsDecoded(),
                    detail + " (gave up after " + reconnects + " reconnect" + (reconnects == 1 ? "" : "s") + ")", e);
        }

        private <T extends AutoCloseable> T close(T decoder) {
            if (decoder != null) {
                try {
                    decoder.close();
                } catch (Exception e) {
                    LOG.warn("closing {}: {}", split.uri(), e.toString());
                }
            }
            return null;
        }

        /** One track of the split: its decoder, the position reached, and the records it makes. */
        private interface TrackReader {
            /** Opens the input (again, after a failure) positioned after what was already emitted. */
            void open() throws MediaException;

            /** Decodes and queues the next record: true for a data record, false at the end (END queued) or once stopped. */
            boolean next() throws MediaException;

            /** The record that ends the stream with {@code message}. */
            MediaChunk error(String message);

            void close();
        }

        /** Audio: records of samples numbered from the stream start; live inputs continue the numbering on reopening. */
        private final class AudioTrack implements TrackReader {
            private int rate = input.audio().sampleRate;
            private long position = startSample;
            private long offset;
            private AudioDecoder decoder;

            @Override
            public void open() throws MediaException {
                checkResumable(position, rate > 0 ? position / (double) rate : 0);
                decoder = AudioDecoder.open(split.uri(), input.audio());
                offset = 0;
                if (position > 0 && decoder.isLive()) {
                    // a live input cannot rewind: it carries on after the samples already emitted
                    offset = position;
                    LOG.info("stream {}: live input reconnected after {} samples", split.stream(), position);
                } else if (position > 0) {
                    decoder.skipTo(position);
                }
                if (openedNanos == 0) {
                    openedNanos = System.nanoTime();
                    LatencyProbe.streamStarted(split.stream(), openedNanos, startSample, rate, input.pace());
                }
            }

            @Override
            public boolean next() throws MediaException {
                if (stop) return false;
                AudioChunk c = decoder.read();
                if (c == null) {
                    put(MediaChunk.end(split.stream(), position, rate));
                    return false;
                }
                rate = c.sampleRate();
                MediaChunk record = MediaChunk.data(split.stream(), offset + c.firstSample(), rate, c.samples());
                position = record.firstSample + c.samples().length;
                return put(record);
            }

            @Override
            public MediaChunk error(String message) {
                return MediaChunk.error(split.stream(), position, rate, message);
            }

            @Override
            public void close() {
                decoder = Fetcher.this.close(decoder);
            }
        }

        /**
         * Video: one record per decoded frame (RGB24 at the features' size), event time from its presentation time;
         * resumes with {@link VideoDecoder#skipTo} (bit-exact on files, renumbering on live inputs).
         */
        private final class VideoTrack implements TrackReader {
            private long position = startSample;
            private double end;
            private double frameSeconds;
            /** Added to the decoder's frame times; NaN until the first frame after reopening a live input. */
            private double shift;
            private VideoDecoder decoder;

            @Override
            public void open() throws MediaException {
                checkResumable(position, end);
                decoder = VideoDecoder.open(split.uri(), input.video());
                if (decoder.frameRate() > 0) frameSeconds = 1 / decoder.frameRate();
                if (position > 0 && end == 0) end = position * frameSeconds; // restored: the resume point's time
                if (position > 0) decoder.skipTo(position);
                if (openedNanos == 0) openedNanos = System.nanoTime();
                // a live input reopened mid-stream starts its clock again: its frame times are shifted to
                // continue from the last frame's end (files resume at their own times)
                shift = position > 0 && decoder.isLive() ? Double.NaN : 0;
            }

            @Override
            public boolean next() throws MediaException {
                if (stop) return false;
                VideoFrame f = decoder.read();
                if (f == null) {
                    put(MediaChunk.videoLast(split.stream(), Kind.END, position, end, null));
                    return false;
                }
                if (Double.isNaN(shift)) shift = end - f.seconds();
                double t = f.seconds() + shift;
                if (Double.isNaN(firstSeconds)) firstSeconds = t;
                MediaChunk record = MediaChunk.frame(split.stream(), f.index(), t, f.rgb(), f.width(), f.height());
                position = f.index() + 1;
                end = t + frameSeconds;
                return put(record);
            }

            @Override
            public MediaChunk error(String message) {
                return MediaChunk.videoLast(split.stream(), Kind.ERROR, position, end, message);
            }

            @Override
            public void close() {
                decoder = Fetcher.this.close(decoder);
            }
        }

        /** Queues a record (waiting while the queue is full) and wakes the task thread; false once stopped. */
        private boolean put(MediaChunk record) {
            try {
                while (!stop) {
                    if (queue.offer(record, 100, TimeUnit.MILLISECONDS)) {
                        available.complete(null);
                        return true;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }

        /** When the queued {@code head} may be emitted (System.nanoTime); 0 = now. */
        long dueNanos(MediaChunk head) {
            if (input.pace() > 0 && head.kind == Kind.DATA && head.track == Track.VIDEO) {
                return openedNanos + (long) ((head.seconds - firstSeconds) / input.pace() * 1e9);
            }
            if (input.pace() <= 0 || head.kind != Kind.DATA || head.sampleRate == 0) return 0;
            long end = head.firstSample + head.samples.length;
            return openedNanos + (long) ((end - startSample) / (double) head.sampleRate / input.pace() * 1e9);
        }
    }

    private final Map<String, Fetcher> splits = new LinkedHashMap<>();
    private boolean noMoreSplits;
    /** Completed when a fetcher queued something, splits arrived, or a paced chunk became due. */
    private volatile CompletableFuture<Void> available = new CompletableFuture<>();
    /** Round-robin position over {@link #splits}. */
    private int turn;

    private final List<MediaInput> inputs;

    /** @param inputs the source's resolved inputs, indexed by {@link MediaSplit#input} */
    MediaSourceReader(SourceReaderContext context, List<MediaInput> inputs) {
        this.inputs = inputs;
    }

    @Override
    public void start() {}

    @Override
    public InputStatus pollNext(ReaderOutput<MediaChunk> output) {
        if (splits.isEmpty()) {
            if (noMoreSplits) return InputStatus.END_OF_INPUT;
            if (available.isDone()) available = new CompletableFuture<>();
            return InputStatus.NOTHING_AVAILABLE;
        }
        startFetchers();
        long earliest = emitNext(output);
        if (earliest == 0) {
            return splits.isEmpty() && noMoreSplits ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
        }
        // Nothing ready. Publish a fresh future first, then look again, so a record queued in between is not missed.
        CompletableFuture<Void> f = new CompletableFuture<>();
        available = f;
        earliest = ready(System.nanoTime());
        if (earliest == 0) return InputStatus.MORE_AVAILABLE;
        if (earliest != Long.MAX_VALUE) {
            long delayMs = Math.max(1, (earliest - System.nanoTime()) / 1_000_000);
            CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS).execute(() -> f.complete(null));
        }
        return InputStatus.NOTHING_AVAILABLE;
    }

    /** Emits the next ready record in round-robin order; returns 0 if it did, else when the next paced one is due. */
    private long emitNext(ReaderOutput<MediaChunk> output) {
        long now = System.nanoTime();
        List<Fetcher> order = new ArrayList<>(splits.values());
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < order.size(); i++) {
            Fetcher f = order.get((turn + i) % order.size());
            MediaChunk head = f.queue.peek();
            if (head == null) continue;
            long due = f.dueNanos(head);
            if (due > now) {
                earliest = Math.min(earliest, due);
                continue;
            }
            turn = (turn + i + 1) % order.size();
            emit(f, f.queue.poll(), output);
            return 0;
        }
        return earliest;
    }

    /** 0 if some split has a record ready now, else when the earliest paced one is due (MAX_VALUE: none queued). */
    private long ready(long now) {
        long earliest = Long.MAX_VALUE;
        for (Fetcher f : splits.values()) {
            MediaChunk head = f.queue.peek();
            if (head == null) continue;
            long due = f.dueNanos(head);
            if (due <= now) return 0;
            earliest = Math.min(earliest, due);
        }
        return earliest;
    }

    private void emit(Fetcher f, MediaChunk record, ReaderOutput<MediaChunk> readerOutput) {
        if (f.output == null) f.output = readerOutput.createOutputForSplit(f.split.splitId());
        f.output.collect(record, record.timestampMillis());
        if (record.kind == Kind.DATA) {
            f.delivered = record.nextPosition();
            return;
        }
        if (record.kind == Kind.ERROR) LOG.error("stream {} stopped: {}", f.split.stream(), record.error);
        splits.remove(f.split.splitId());
        readerOutput.releaseOutputForSplit(f.split.splitId());
        startFetchers();
    }

    private void startFetchers() {
        int running = 0;
        for (Fetcher f : splits.values()) if (f.thread != null) running++;
        for (Fetcher f : splits.values()) {
            if (running >= MAX_OPEN) break;
            if (f.thread == null) {
                f.start();
                running++;
            }
        }
    }

    private static String describe(MediaSplit s, MediaException e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        // the media layer names the input itself; add it only when it does not
        return msg.contains(s.uri()) ? msg : "input " + s.uri() + ": " + msg;
    }

    @Override
    public List<MediaSplit> snapshotState(long checkpointId) {
        List<MediaSplit> state = new ArrayList<>(splits.size());
        for (Fetcher f : splits.values()) state.add(f.split.withPosition(f.delivered));
        return state;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void addSplits(List<MediaSplit> newSplits) {
        for (MediaSplit s : newSplits) splits.put(s.splitId(), new Fetcher(s));
        available.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public void close() throws InterruptedException {
        for (Fetcher f : splits.values()) {
            f.stop = true;
            if (f.thread != null) f.thread.interrupt();
        }
        // a read blocked in FFmpeg returns within the input's timeout; do not wait longer than a moment here
        for (Fetcher f : splits.values()) if (f.thread != null) f.thread.join(2000);
        splits.clear();
    }
}
