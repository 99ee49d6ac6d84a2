package io.qstream.features;

import io.qstream.arrays.FloatMatrix;
import java.io.Serializable;

/**
 * Sliding-window CMVN with the semantics of Kaldi's {@code apply-cmvn-sliding --center=false}, computed as a
 * stream. Frame t is normalised over frames [t - cmn-window, t] (cmn-window + 1 frames); the first frames use
 * frames [0, max(t + 1, min-window)), so they wait until min-window frames have arrived (latency at the start only;
 * {@link #finish()} releases them for streams shorter than that, over all frames). With normalize-variance, the
 * variance is floored at 1e-10 and a one-frame window gives 0, as Kaldi does.
 *
 * <p>Output for any chunking (and across {@link #state()} / {@link #restore}) is bit-identical to one call with all
 * rows. State: a ring of the rows the window still needs, the window sums and counters, all plain arrays.
 */
public final class SlidingCmvn {
    private static final double VAR_FLOOR = 1.0e-10;

    private final int dim;
    private final CmvnOptions opts;
    private final int capacity;  // rows in the ring
    private State s;

    public SlidingCmvn(int dim, CmvnOptions opts) {
        this(dim, opts, null);
    }

    private SlidingCmvn(int dim, CmvnOptions opts, State state) {
        opts.validate();
        this.dim = dim;
        this.opts = opts.copy();
        this.capacity = Math.max(opts.cmnWindow + 2, opts.minWindow + 1);
        if (state == null) {
            state = new State();
            state.ring = new float[capacity * dim];
            state.sum = new double[dim];
            state.sumSq = new double[dim];
        } else if (state.ring == null || state.ring.length != capacity * dim || state.sum == null || state.sum.length != dim
                || state.sumSq == null || state.sumSq.length != dim) {
            throw new IllegalArgumentException("sliding CMVN state does not fit dim " + dim + ", cmn-window "
                    + opts.cmnWindow + " and min-window " + opts.minWindow);
        }
        this.s = state;
    }

    public int dim() { return dim; }

    /** Rows returned so far. */
    public long framesEmitted() { return s.framesOut; }

    /** Takes the next rows {@code [frames, dim]}; returns the rows ready now (fewer at the stream start). */
    public FloatMatrix accept(FloatMatrix rows) {
        if (s.finished) throw new IllegalStateException("sliding CMVN: accept() after finish()");
        if (rows.cols() != dim) throw new IllegalArgumentException("sliding CMVN: rows have " + rows.cols() + " columns, expected " + dim);
        float[] out = new float[(rows.rows() + opts.minWindow) * dim];
        int n = 0;
        for (int r = 0; r < rows.rows(); r++) {
            System.arraycopy(rows.data(), r * dim, s.ring, slot(s.framesIn) * dim, dim);
            s.framesIn++;
            n = emitReady(out, n);
        }
        return result(out, n);
    }

    /** End of stream: the rows still waiting for min-window frames. */
    public FloatMatrix finish() {
        s.finished = true;
        float[] out = new float[(int) (s.framesIn - s.framesOut) * dim];
        return result(out, emitReady(out, 0));
    }

    private int emitReady(float[] out, int n) {
        while (s.framesOut < s.framesIn && (s.finished || s.framesIn >= Math.max(s.framesOut + 1, opts.minWindow))) {
            long t = s.framesOut;
            long start = t - opts.cmnWindow, end = t + 1;
            if (start < 0) {
                end -= start;
                start = 0;
            }
            if (end > t) end = Math.max(t + 1, opts.minWindow);
            if (s.finished && end > s.framesIn) {
                start = Math.max(0, start - (end - s.framesIn));
                end = s.framesIn;
            }
            while (s.windowStart < start) {  // drop first, then add, as Kaldi
                addRow(s.windowStart++, -1);
            }
            while (s.windowEnd < end) {
                addRow(s.windowEnd++, +1);
            }
            int frames = (int) (s.windowEnd - s.windowStart);
            int src = slot(t) * dim;
            for (int d = 0; d < dim; d++) {
                double mean = s.sum[d] / frames;
                double y = s.ring[src + d] - mean;
                if (opts.normalizeVariance) {
                    if (frames == 1) {
                        y = 0;
                    } else {
                        double var = Math.max(s.sumSq[d] / frames - mean * mean, VAR_FLOOR);
                        y /= Math.sqrt(var);
                    }
                }
                out[n * dim + d] = (float) y;
            }
            n++;
            s.framesOut++;
        }
        return n;
    }

    private void addRow(long frame, int sign) {
        int base = slot(frame) * dim;
        for (int d = 0; d < dim; d++) {
            double x = s.ring[base + d];
            s.sum[d] += sign * x;
            if (opts.normalizeVariance) s.sumSq[d] += sign * x * x;
        }
    }

    private int slot(long frame) { return (int) (frame % capacity); }

    private FloatMatrix result(float[] out, int n) {
        return new FloatMatrix(n, dim, n * dim == out.length ? out : java.util.Arrays.copyOf(out, n * dim));
    }

    /** A copy of the state. */
    public State state() {
        State c = new State();
        c.ring = s.ring.clone(); c.sum = s.sum.clone(); c.sumSq = s.sumSq.clone();
        c.framesIn = s.framesIn; c.framesOut = s.framesOut; c.windowStart = s.windowStart; c.windowEnd = s.windowEnd;
        c.finished = s.finished;
        return c;
    }

    /** Switches to the stream whose state is {@code state} (copied); a keyed operator can reuse one normaliser. */
    public void setState(State state) {
        this.s = restore(dim, opts, state).s;
    }

    /** Continues exactly where the normaliser that produced {@code state} was (same dim and options). */
    public static SlidingCmvn restore(int dim, CmvnOptions opts, State state) {
        SlidingCmvn fresh = new SlidingCmvn(dim, opts, state);
        return new SlidingCmvn(dim, opts, fresh.state());  // own copy
    }

    /**
     * Flink POJO state: {@code ring} [capacity * dim] of recent rows (row f at slot f % capacity, capacity =
     * max(cmn-window + 2, min-window + 1)), window sums [dim] over frames [windowStart, windowEnd), counters.
     */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        public float[] ring;
        public double[] sum;
        public double[] sumSq;
        public long framesIn;
        public long framesOut;
        public long windowStart;
        public long windowEnd;
        public boolean finished;

        public State() {}
    }
}
