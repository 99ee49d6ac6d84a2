package io.qstream.train;

import java.util.List;

/**
 * The comparison detector: a frame is the target label when its log energy exceeds a threshold, tuned to maximize
 * the target label's F1 on tuning data. The energy of a frame is computed from its log mel filterbank row
 * (fbank features): {@code log(sum_b exp(x_b))}, i.e. the log of the total mel-band power, so the baseline sees
 * exactly the frames the model sees. Other frames get label index {@code other}.
 */
public final class EnergyBaseline {
    private final double threshold;
    private final int target;
    private final int other;

    public EnergyBaseline(double threshold, int target, int other) {
        this.threshold = threshold;
        this.target = target;
        this.other = other;
    }

    public double threshold() { return threshold; }

    /** Log mel-band power per frame of log-fbank rows [frames * dim]. */
    public static double[] logEnergy(float[] fbank, int dim) {
        int frames = fbank.length / dim;
        double[] e = new double[frames];
        for (int t = 0; t < frames; t++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < dim; i++) max = Math.max(max, fbank[t * dim + i]);
            double s = 0;
            for (int i = 0; i < dim; i++) s += Math.exp(fbank[t * dim + i] - max);
            e[t] = max + Math.log(s);
        }
        return e;
    }

    public int[] predict(float[] fbank, int dim) {
        double[] e = logEnergy(fbank, dim);
        int[] out = new int[e.length];
        for (int t = 0; t < e.length; t++) out[t] = e[t] > threshold ? target : other;
        return out;
    }

    /** Grid-searches the threshold (0.1 steps over the observed energy range) for the best target-label F1. */
    public static EnergyBaseline tune(List<LabeledSequence> seqs, List<String> labels, int target, int other) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        double[][] energies = new double[seqs.size()][];
        for (int i = 0; i < seqs.size(); i++) {
            LabeledSequence s = seqs.get(i);
            energies[i] = logEnergy(s.features().data(), s.features().cols());
            for (double v : energies[i]) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (!(hi > lo)) return new EnergyBaseline(lo, target, other);
        int steps = (int) Math.min(2000, Math.ceil((hi - lo) / 0.1));
        // Histogram of energies per label, so each threshold's counts come from prefix sums.
        long[] pos = new long[steps + 1], neg = new long[steps + 1];
        long totalPos = 0;
        for (int i = 0; i < seqs.size(); i++) {
            int[] y = seqs.get(i).labels();
            for (int t = 0; t < y.length; t++) {
                int bin = (int) Math.min(steps, Math.floor((energies[i][t] - lo) / (hi - lo) * steps));
                if (y[t] == target) {
                    pos[bin]++;
                    totalPos++;
                } else {
                    neg[bin]++;
                }
            }
        }
        double bestF1 = -1, bestThr = lo;
        long tpAbove = 0, fpAbove = 0;
        for (int b = steps; b >= 0; b--) {
            tpAbove += pos[b];
            fpAbove += neg[b];
            double p = tpAbove + fpAbove == 0 ? 0 : (double) tpAbove / (tpAbove + fpAbove);
            double r = totalPos == 0 ? 0 : (double) tpAbove / totalPos;
            double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
            if (f1 > bestF1) {
                bestF1 = f1;
                bestThr = lo + (hi - lo) * b / steps - 1e-9; // frames in bin b and above are > threshold
            }
        }
        return new EnergyBaseline(bestThr, target, other);
    }
}
