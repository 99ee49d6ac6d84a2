package io.qstream.features;

import io.qstream.arrays.FloatMatrix;
import java.io.Serializable;

/**
 * Causal online CMVN with Kaldi's {@code OnlineCmvn} semantics: frame t is normalised with the stats of the last
 * {@code cmn-window} frames up to and including t, so every row comes out as soon as it goes in (no latency). While
 * fewer than cmn-window frames have been seen, global stats (when given) fill the window with up to
 * {@code global-frames} frames' worth of their mean/variance, as Kaldi's {@code SmoothOnlineCmvnStats}; without global
 * stats (Kaldi requires them) the frames seen so far are used alone. Normalisation is Kaldi's {@code ApplyCmvn}:
 * {@code x - mean}, or {@code (x - mean) / sqrt(max(var, 1e-20))} with normalize-variance.
 *
 * <p>Sums are double and updated in the same order whatever the chunking, so output is bit-identical for any
 * chunking and across {@link #state()} / {@link #restore}. State: the last cmn-window rows (ring buffer), the sums
 * and the frame count, all plain arrays.
 */
public final class OnlineCmvn {
    private static final double KALDI_VAR_FLOOR = 1.0e-20;

    private final int dim;
    private final CmvnOptions opts;
    private final double[] globalSum;    // null without global stats; stats of one "frame" of the global distribution
    private final double[] globalSumSq;
    private State s;

    /**
     * @param dim    columns of a row
     * @param global global mean/std, or null
     */
    public OnlineCmvn(int dim, CmvnOptions opts, GlobalCmvn global) {
        this(dim, opts, global, newState(dim, opts));
    }

    private OnlineCmvn(int dim, CmvnOptions opts, GlobalCmvn global, State s) {
        opts.validate();
        if (global != null && global.dim() != dim) {
            throw new IllegalArgumentException("online CMVN: global stats have dim " + global.dim() + ", rows have " + dim);
        }
        this.dim = dim;
        this.opts = opts.copy();
        if (global != null) {
            float[] mean = global.mean(), std = global.std();
            globalSum = new double[dim];
            globalSumSq = new double[dim];
            for (int d = 0; d < dim; d++) {
                globalSum[d] = mean[d];
                globalSumSq[d] = (double) std[d] * std[d] + (double) mean[d] * mean[d];
            }
        } else {
            globalSum = null;
            globalSumSq = null;
        }
        this.s = s;
    }

    private static State newState(int dim, CmvnOptions opts) {
        State s = new State();
        s.history = new float[opts.cmnWindow * dim];
        s.sum = new double[dim];
        s.sumSq = new double[dim];
        return s;
    }

    public int dim() { return dim; }

    /** Frames normalised so far. */
    public long frames() { return s.frames; }

    /** Normalises the next row of the stream; returns a new array. */
    public float[] apply(float[] row) {
        if (row.length != dim) throw new IllegalArgumentException("online CMVN: row has " + row.length + " values, expected " + dim);
        int window = opts.cmnWindow;
        int slot = (int) (s.frames % window);
        boolean full = s.frames >= window;
        // add the new frame, then drop the one that leaves the window (Kaldi's order)
        for (int d = 0; d < dim; d++) {
            double x = row[d];
            s.sum[d] += x;
            if (opts.normalizeVariance) s.sumSq[d] += x * x;
        }
        if (full) {
            int base = slot * dim;
            for (int d = 0; d < dim; d++) {
                double x = s.history[base + d];
                s.sum[d] -= x;
                if (opts.normalizeVariance) s.sumSq[d] -= x * x;
            }
        }
        System.arraycopy(row, 0, s.history, slot * dim, dim);
        s.frames++;
        double count = Math.min(s.frames, window);
        double globalWeight = 0;
        if (count < window && globalSum != null) globalWeight = Math.min(window - count, opts.globalFrames);
        double total = count + globalWeight;
        float[] out = new float[dim];
        for (int d = 0; d < dim; d++) {
            double sum = s.sum[d] + (globalWeight > 0 ? globalWeight * globalSum[d] : 0);
            double mean = sum / total;
            if (opts.normalizeVariance) {
                double sumSq = s.sumSq[d] + (globalWeight > 0 ? globalWeight * globalSumSq[d] : 0);
                double var = Math.max(sumSq / total - mean * mean, KALDI_VAR_FLOOR);
                double scale = 1.0 / Math.sqrt(var);
                out[d] = (float) (row[d] * scale - mean * scale);
            } else {
                out[d] = (float) (row[d] - mean);
            }
        }
        return out;
    }

    /** Normalises the next rows ({@code [frames, dim]}), in order; returns a new matrix. */
    public FloatMatrix apply(FloatMatrix rows) {
        float[] out = new float[rows.rows() * dim];
        for (int r = 0; r < rows.rows(); r++) System.arraycopy(apply(rows.row(r)), 0, out, r * dim, dim);
        return new FloatMatrix(rows.rows(), dim, out);
    }

    /** A copy of the state. */
    public State state() {
        State c = new State();
        c.history = s.history.clone();
        c.sum = s.sum.clone();
        c.sumSq = s.sumSq.clone();
        c.frames = s.frames;
        return c;
    }

    /** Switches to the stream whose state is {@code state} (copied); a keyed operator can reuse one normaliser. */
    public void setState(State state) {
        this.s = restore(dim, opts, null, state).s;
    }

    /** Continues exactly where the normaliser that produced {@code state} was (same dim, options, global stats). */
    public static OnlineCmvn restore(int dim, CmvnOptions opts, GlobalCmvn global, State state) {
        if (state.history == null || state.history.length != opts.cmnWindow * dim || state.sum == null
                || state.sum.length != dim || state.sumSq == null || state.sumSq.length != dim || state.frames < 0) {
            throw new IllegalArgumentException("online CMVN state does not fit dim " + dim + " and cmn-window " + opts.cmnWindow);
        }
        State c = new State();
        c.history = state.history.clone();
        c.sum = state.sum.clone();
        c.sumSq = state.sumSq.clone();
        c.frames = state.frames;
        return new OnlineCmvn(dim, opts, global, c);
    }

    /** Flink POJO state: {@code history} [cmn-window * dim] ring of the last rows, sums [dim], frames seen. */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        public float[] history;
        public double[] sum;
        public double[] sumSq;
        public long frames;

        public State() {}
    }
}
