package io.qstream.media;

import java.util.Arrays;

/** FIFO of mono float samples between the decoder (which produces frames of any size) and fixed-size chunks. */
final class SampleQueue {

    private float[] data = new float[1 << 14];
    private int head;
    private int tail;

    int size() {
        return tail - head;
    }

    void clear() {
        head = 0;
        tail = 0;
    }

    /** Appends {@code src[0..n)}. */
    void append(float[] src, int n) {
        if (tail + n > data.length) {
            // Compact first; grow only if the live part itself does not fit.
            int live = size();
            float[] dst = live + n > data.length ? new float[Math.max(data.length * 2, live + n)] : data;
            System.arraycopy(data, head, dst, 0, live);
            data = dst;
            head = 0;
            tail = live;
        }
        System.arraycopy(src, 0, data, tail, n);
        tail += n;
    }

    /** Removes and returns the oldest n samples (n &lt;= size()). */
    float[] take(int n) {
        float[] out = Arrays.copyOfRange(data, head, head + n);
        drop(n);
        return out;
    }

    /** Discards the oldest n samples (n &lt;= size()). */
    void drop(int n) {
        head += n;
        if (head == tail) {
            head = 0;
            tail = 0;
        }
    }
}
