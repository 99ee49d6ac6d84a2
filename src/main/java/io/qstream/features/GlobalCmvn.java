package io.qstream.features;

import io.qstream.arrays.FloatMatrix;
import java.io.Serializable;

/**
 * Global CMVN: {@code y = (x - mean) / std} per dimension with fixed mean and std, e.g. the training-set stats saved
 * with a model (model.json "normalization"). Stateless, so trivially the same for any chunking.
 */
public final class GlobalCmvn implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Floor on the variance when std is derived from stats (Kaldi's ApplyCmvn floor is 1e-20; 1e-10 is safer). */
    public static final double VARIANCE_FLOOR = 1e-10;

    private final float[] mean;
    private final float[] std;

    /** @param mean [dim]; std [dim], each > 0 */
    public GlobalCmvn(float[] mean, float[] std) {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("global CMVN: mean has " + mean.length + " values, std " + std.length);
        }
        for (int d = 0; d < std.length; d++) {
            if (!(std[d] > 0) || !Float.isFinite(std[d]) || !Float.isFinite(mean[d])) {
                throw new IllegalArgumentException("global CMVN: std[" + d + "] = " + std[d] + ", mean[" + d + "] = "
                        + mean[d] + "; std must be finite and > 0");
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** Mean and std of {@code stats}; with {@code normalizeVariance} false std is all ones (mean only). */
    public static GlobalCmvn fromStats(CmvnStats stats, boolean normalizeVariance) {
        float[] std = normalizeVariance ? stats.std(VARIANCE_FLOOR) : ones(stats.dim());
        return new GlobalCmvn(stats.mean(), std);
    }

    public int dim() { return mean.length; }

    public float[] mean() { return mean.clone(); }

    public float[] std() { return std.clone(); }

    /** A new normalised row. */
    public float[] apply(float[] row) {
        if (row.length != mean.length) throw new IllegalArgumentException("global CMVN: row has " + row.length + " values, expected " + mean.length);
        float[] out = new float[row.length];
        for (int d = 0; d < row.length; d++) out[d] = (row[d] - mean[d]) / std[d];
        return out;
    }

    /** A new normalised matrix, {@code [frames, dim]}. */
    public FloatMatrix apply(FloatMatrix rows) {
        if (rows.cols() != mean.length) throw new IllegalArgumentException("global CMVN: rows have " + rows.cols() + " columns, expected "
                + mean.length);
        float[] in = rows.data(), out = new float[in.length];
        int dim = mean.length;
        for (int i = 0; i < in.length; i++) out[i] = (in[i] - mean[i % dim]) / std[i % dim];
        return new FloatMatrix(rows.rows(), dim, out);
    }

    private static float[] ones(int n) {
        float[] o = new float[n];
        java.util.Arrays.fill(o, 1f);
        return o;
    }
}
