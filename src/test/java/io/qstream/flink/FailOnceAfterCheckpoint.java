package io.qstream.flink;

import io.qstream.flink.record.FrameRows;
import io.qstream.flink.record.Kind;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * A pass-through for feature rows that throws once, on a data row past {@code afterFrame}, after the first completed
 * checkpoint: the failure the MiniCluster tests inject between features and model. The flags are static because
 * Flink runs copies of the function; {@link #arm()} resets them before a job.
 */
final class FailOnceAfterCheckpoint extends RichMapFunction<FrameRows, FrameRows> implements CheckpointListener {
    private static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
    private static final AtomicBoolean FAILED = new AtomicBoolean();
    private final long afterFrame;

    FailOnceAfterCheckpoint(long afterFrame) {
        this.afterFrame = afterFrame;
    }

    static void arm() {
        CHECKPOINTED.set(false);
        FAILED.set(false);
    }

    /** Whether a checkpoint completed since {@link #arm()}. */
    static boolean checkpointed() {
        return CHECKPOINTED.get();
    }

    /** Whether the failure was injected since {@link #arm()}. */
    static boolean failed() {
        return FAILED.get();
    }

    @Override
    public FrameRows map(FrameRows r) {
        if (CHECKPOINTED.get() && r.kind == Kind.DATA && r.firstFrame > afterFrame && !FAILED.getAndSet(true)) {
            throw new IllegalStateException("injected failure at " + r);
        }
        return r;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        CHECKPOINTED.set(true);
    }
}
