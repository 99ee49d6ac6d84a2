package io.qstream.flink.source;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Assigns every split up front, split {@code i} to reader {@code i % parallelism}, as soon as that reader
 * registers: each reader decodes all of its streams concurrently, which is what lets the model operator batch
 * many streams per call. The input list is fixed, so every reader is told there are no more splits.
 * Its checkpoint is the list of splits not yet assigned; splits handed back after a failure are re-assigned.
 */
final class MediaSplitEnumerator implements SplitEnumerator<MediaSplit, List<MediaSplit>> {
    private final SplitEnumeratorContext<MediaSplit> context;
    private final List<MediaSplit> pending;

    MediaSplitEnumerator(SplitEnumeratorContext<MediaSplit> context, List<MediaSplit> pending) {
        this.context = context;
        this.pending = new ArrayList<>(pending);
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        assignTo(subtaskId);
    }

    @Override
    public void addSplitsBack(List<MediaSplit> splits, int subtaskId) {
        // Only a failed reader hands splits back; they go to it again when it registers anew (addReader).
        pending.addAll(splits);
    }

    @Override
    public void addReader(int subtaskId) {
        assignTo(subtaskId);
    }

    private void assignTo(int subtaskId) {
        int parallelism = context.currentParallelism();
        for (Iterator<MediaSplit> it = pending.iterator(); it.hasNext(); ) {
            MediaSplit s = it.next();
            if (owner(s, parallelism) == subtaskId) {
                context.assignSplit(s, subtaskId);
                it.remove();
            }
        }
        context.signalNoMoreSplits(subtaskId);
    }

    static int owner(MediaSplit s, int parallelism) {
        return Math.floorMod(Integer.parseInt(s.splitId()), parallelism);
    }

    @Override
    public List<MediaSplit> snapshotState(long checkpointId) {
        return new ArrayList<>(pending);
    }

    @Override
    public void close() {}
}
