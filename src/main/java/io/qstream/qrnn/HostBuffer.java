package io.qstream.qrnn;

import java.util.HashMap;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A grow-only ND4J float buffer that Java fills and reads in bulk through its host pointer, with c-ordered
 * {@code [rows, cols]} views for {@code Nd4j.gemm}: the workspace of one thread's products.
 *
 * <p>Why {@link #write} and {@link #read} tell ND4J what happened: on the CUDA backend a buffer has a host and a
 * device copy and a gemm runs on the device copy, so a write through the host pointer must mark the host copy as
 * the newest (then ND4J uploads it before the next op) and a read must first bring the device copy back. On the CPU
 * backend both calls are no-ops. (Written from ND4J's AffinityManager contract; not yet run on a GPU.)
 * Not thread-safe.
 */
final class HostBuffer {
    private static final AffinityManager AFFINITY = Nd4j.getAffinityManager();
    private INDArray buf;
    private FloatPointer ptr;
    private final HashMap<ViewKey, INDArray> views = new HashMap<>();

    private record ViewKey(long rows, long cols, long offset) {}

    /** Makes room for at least {@code floats} values; the contents are undefined after it grew. */
    HostBuffer ensure(long floats) {
        if (buf == null || buf.length() < floats) {
            buf = Nd4j.createUninitializedDetached(DataType.FLOAT, Math.max(floats, 1024) + floats / 4);
            ptr = new FloatPointer(buf.data().addressPointer());
            views.clear();
        }
        return this;
    }

    /** Copies {@code src[from, from+len)} to buffer positions {@code [at, at+len)}. */
    void write(long at, float[] src, int from, int len) {
        ptr.position(at).put(src, from, len);
        ptr.position(0);
        AFFINITY.tagLocation(buf, AffinityManager.Location.HOST);
    }

    /** Copies buffer positions {@code [at, at+len)} to {@code dst[to, to+len)}. */
    void read(long at, float[] dst, int to, int len) {
        AFFINITY.ensureLocation(buf, AffinityManager.Location.HOST);
        ptr.position(at).get(dst, to, len);
        ptr.position(0);
    }

    /**
     * The c-ordered {@code [rows, cols]} view starting at {@code offset} (contiguous, ews 1, as {@code Nd4j.gemm}
     * requires of its output). Cached: streaming calls repeat a few shapes.
     */
    INDArray view(long rows, long cols, long offset) {
        ViewKey key = new ViewKey(rows, cols, offset);
        INDArray v = views.get(key);
        if (v == null) {
            // capped so that odd shapes cannot grow the cache forever
            if (views.size() > 256) views.clear();
            // outside any caller's workspace: cached views must outlive a workspace reset
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                v = Nd4j.create(buf.data(), new long[] {rows, cols}, new long[] {cols, 1}, offset, 'c');
            }
            views.put(key, v);
        }
        return v;
    }
}
