package io.qstream.features;

import io.qstream.arrays.FloatMatrix;
import java.io.Serializable;

/**
 * Accumulated CMVN statistics, Kaldi's 2 x (dim+1) stats matrix as fields: per-dimension sums and sums of squares
 * (double) and the frame count. Mutable accumulator; a Flink-friendly POJO.
 */
public final class CmvnStats implements Serializable {
    private static final long serialVersionUID = 1L;

    /** [dim] sum of x. */
    public double[] sum;
    /** [dim] sum of x^2. */
    public double[] sumSq;
    /** Frames accumulated. */
    public double count;

    public CmvnStats() { this(0); }

    public CmvnStats(int dim) {
        sum = new double[dim];
        sumSq = new double[dim];
    }

    public int dim() { return sum.length; }

    public void add(float[] row) {
        if (row.length != sum.length) throw new IllegalArgumentException("CMVN stats: row has " + row.length + " values, expected " + sum.length);
        for (int d = 0; d < row.length; d++) {
            double x = row[d];
            sum[d] += x;
            sumSq[d] += x * x;
        }
        count += 1;
    }

    /** Adds every row of {@code rows} ({@code [frames, dim]}). */
    public void addAll(FloatMatrix rows) {
        for (int r = 0; r < rows.rows(); r++) add(rows.row(r));
    }

    /** Mean, [dim]. */
    public float[] mean() {
        requireFrames();
        float[] m = new float[sum.length];
        for (int d = 0; d < m.length; d++) m[d] = (float) (sum[d] / count);
        return m;
    }

    /** Standard deviation, [dim], the variance floored at {@code varianceFloor}. */
    public float[] std(double varianceFloor) {
        requireFrames();
        float[] s = new float[sum.length];
        for (int d = 0; d < s.length; d++) {
            double mean = sum[d] / count;
            s[d] = (float) Math.sqrt(Math.max(sumSq[d] / count - mean * mean, varianceFloor));
        }
        return s;
    }

    private void requireFrames() {
        if (!(count > 0)) throw new IllegalStateException("CMVN stats: no frames accumulated");
    }
}
