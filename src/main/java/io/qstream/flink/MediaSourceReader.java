package io.qstream.flink;

import io.qstream.media.AudioChunk;
import io.qstream.media.AudioDecoder;
import io.qstream.media.DecodeOptions;
import io.qstream.media.MediaException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Decodes all splits assigned to this subtask concurrently, one chunk per split in turn, so every stream
 * advances and downstream batching sees many streams. Each split has its own {@link SourceOutput}, so
 * watermarks follow each stream's media time (the reader's watermark is the minimum over its open streams).
 *
 * <p>The checkpointed split state is the number of samples delivered; a restored split reopens its input and
 * calls {@link AudioDecoder#skipTo}. A decoding failure ends only its own stream: an ERROR record naming the
 * input goes downstream (and to the log) and the other streams continue. Paced splits ({@code pace > 0}) are
 * released no faster than media time; the reader then waits on a timer instead of blocking the task thread.
 */
final class MediaSourceReader implements SourceReader<MediaChunk, MediaSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(MediaSourceReader.class);

    /** One assigned input: its split, and the open decoder once reading started. */
    private static final class Open {
        MediaSplit split;
        AudioDecoder decoder;
        long delivered;
        SourceOutput<MediaChunk> output;
        long pacingStartNanos;
        long pacingStartSample;
        int sampleRate;
        /** Added to the decoder's sample numbers: a reconnected live input continues the stream's numbering. */
        long sampleOffset;

        Open(MediaSplit split) {
            this.split = split;
            this.delivered = split.samplesDelivered();
            this.sampleRate = split.decode().sampleRate;
        }

        /**
         * When this split's next chunk may be emitted (System.nanoTime), or 0 if unpaced: when its last sample
         * would have arrived from a live source, i.e. media time of the chunk's end over the pace.
         */
        long dueNanos() {
            if (split.pace() <= 0 || decoder == null) return 0;
            long end = delivered + split.decode().chunkSamples;
            double seconds = (end - pacingStartSample) / (double) sampleRate / split.pace();
            return pacingStartNanos + (long) (seconds * 1e9);
        }
    }

    private final SourceReaderContext context;
    private final Map<String, Open> splits = new LinkedHashMap<>();
    private boolean noMoreSplits;
    private CompletableFuture<Void> available = new CompletableFuture<>();
    /** Round-robin position over {@link #splits}. */
    private int turn;

    MediaSourceReader(SourceReaderContext context) {
        this.context = context;
    }

    @Override
    public void start() {}

    @Override
    public InputStatus pollNext(ReaderOutput<MediaChunk> output) throws Exception {
        if (splits.isEmpty()) {
            return noMoreSplits ? InputStatus.END_OF_INPUT : waitForSplits();
        }
        long now = System.nanoTime();
        List<Open> order = new ArrayList<>(splits.values());
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < order.size(); i++) {
            Open o = order.get((turn + i) % order.size());
            long due = o.dueNanos();
            if (due > now) {
                earliest = Math.min(earliest, due);
                continue;
            }
            turn = (turn + i + 1) % Math.max(1, order.size());
            step(o, output);
            return splits.isEmpty() && noMoreSplits ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
        }
        // every stream is paced and ahead of media time: wake up when the earliest one is due
        available = new CompletableFuture<>();
        long delay = Math.max(1, (earliest - now) / 1_000_000);
        CompletableFuture<Void> f = available;
        CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(() -> f.complete(null));
        return InputStatus.NOTHING_AVAILABLE;
    }

    private InputStatus waitForSplits() {
        if (available.isDone()) available = new CompletableFuture<>();
        return InputStatus.NOTHING_AVAILABLE;
    }

    /** Opens the split's decoder if needed, then emits its next chunk, its end, or its error. */
    private void step(Open o, ReaderOutput<MediaChunk> readerOutput) {
        MediaSplit s = o.split;
        if (o.output == null) o.output = readerOutput.createOutputForSplit(s.splitId());
        if (s.error() != null) {
            fail(o, readerOutput, s.error());
            return;
        }
        try {
            if (o.decoder == null) {
                o.decoder = AudioDecoder.open(s.uri(), decodeOptions(s.decode()));
                if (o.delivered > 0 && o.decoder.isLive()) {
                    // a live input cannot rewind: reconnect and carry on, numbering samples after those delivered
                    o.sampleOffset = o.delivered;
                    LOG.info("stream {}: live input reconnected after {} samples", s.stream(), o.delivered);
                } else if (o.delivered > 0) {
                    o.decoder.skipTo(o.delivered);
                }
                o.pacingStartNanos = System.nanoTime();
                o.pacingStartSample = o.delivered;
                LatencyProbe.streamStarted(s.stream(), o.pacingStartNanos, o.delivered, o.sampleRate, s.pace());
                if (s.pace() > 0) return; // the first chunk is due once its samples would have arrived
            }
            AudioChunk chunk = o.decoder.read();
            if (chunk == null) {
                o.output.collect(MediaChunk.end(s.stream(), o.delivered, o.sampleRate), timestamp(o));
                finish(o, readerOutput);
                return;
            }
            o.sampleRate = chunk.sampleRate();
            long first = o.sampleOffset + chunk.firstSample();
            MediaChunk record = MediaChunk.data(s.stream(), first, chunk.sampleRate(), chunk.samples());
            o.output.collect(record, record.timestampMillis());
            o.delivered = first + chunk.samples().length;
        } catch (MediaException e) {
            fail(o, readerOutput, describe(s, e));
        } catch (RuntimeException e) {
            fail(o, readerOutput, "input " + s.uri() + ": " + e);
        }
    }

    private static String describe(MediaSplit s, MediaException e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        // the media layer names the input itself; add it only when it does not
        return msg.contains(s.uri()) ? msg : "input " + s.uri() + ": " + msg;
    }

    private void fail(Open o, ReaderOutput<MediaChunk> readerOutput, String error) {
        LOG.error("stream {} stopped: {}", o.split.stream(), error);
        o.output.collect(MediaChunk.error(o.split.stream(), o.delivered, o.sampleRate, error), timestamp(o));
        finish(o, readerOutput);
    }

    private static long timestamp(Open o) {
        return o.sampleRate == 0 ? 0 : o.delivered * 1000 / o.sampleRate;
    }

    private void finish(Open o, ReaderOutput<MediaChunk> readerOutput) {
        closeQuietly(o);
        splits.remove(o.split.splitId());
        readerOutput.releaseOutputForSplit(o.split.splitId());
    }

    static DecodeOptions decodeOptions(PipelineSpec.Decode d) {
        DecodeOptions o = new DecodeOptions();
        o.format = d.format;
        o.inputSampleRate = d.inputSampleRate;
        o.inputChannels = d.inputChannels;
        o.sampleRate = d.sampleRate;
        o.chunkSamples = d.chunkSamples;
        o.timeoutSeconds = d.timeoutSeconds;
        o.ffmpegOptions = new LinkedHashMap<>(d.ffmpegOptions);
        return o;
    }

    @Override
    public List<MediaSplit> snapshotState(long checkpointId) {
        List<MediaSplit> state = new ArrayList<>(splits.size());
        for (Open o : splits.values()) state.add(o.split.withSamplesDelivered(o.delivered));
        return state;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void addSplits(List<MediaSplit> newSplits) {
        for (MediaSplit s : newSplits) splits.put(s.splitId(), new Open(s));
        available.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public void close() {
        for (Open o : splits.values()) closeQuietly(o);
    }

    private static void closeQuietly(Open o) {
        if (o.decoder == null) return;
        try {
            o.decoder.close();
        } catch (Exception e) {
            LOG.warn("closing {}: {}", o.split.uri(), e.toString());
        }
        o.decoder = null;
    }
}
