package io.qstream.train;

/**
 * Adam (Kingma and Ba 2015) over a fixed list of parameter arrays, with optional global-norm gradient clipping
 * (recurrent nets occasionally produce a large gradient; clipping keeps one bad minibatch from undoing an epoch).
 */
public final class Adam {
    private final float[][] params;
    private final float[][] grads;
    private final float[][] m;
    private final float[][] v;
    private final double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
    private double learningRate;
    private final double clipNorm;
    private long step;

    /** @param clipNorm global L2 norm above which gradients are scaled down; <= 0 disables clipping */
    public Adam(float[][] params, float[][] grads, double learningRate, double clipNorm) {
        this.params = params;
        this.grads = grads;
        this.learningRate = learningRate;
        this.clipNorm = clipNorm;
        m = new float[params.length][];
        v = new float[params.length][];
        for (int i = 0; i < params.length; i++) {
            m[i] = new float[params[i].length];
            v[i] = new float[params[i].length];
        }
    }

    public void setLearningRate(double lr) { this.learningRate = lr; }

    public double learningRate() { return learningRate; }

    /** Applies one update from the current gradients; returns the gradient norm before clipping. */
    public double step() {
        double sq = 0;
        for (float[] g : grads) for (float x : g) sq += (double) x * x;
        double norm = Math.sqrt(sq);
        double scale = clipNorm > 0 && norm > clipNorm ? clipNorm / norm : 1.0;
        step++;
        double c1 = 1 - Math.pow(beta1, step), c2 = 1 - Math.pow(beta2, step);
        double lr = learningRate * Math.sqrt(c2) / c1;
        for (int p = 0; p < params.length; p++) {
            float[] w = params[p], g = grads[p], mp = m[p], vp = v[p];
            for (int i = 0; i < w.length; i++) {
                double gi = g[i] * scale;
                mp[i] = (float) (beta1 * mp[i] + (1 - beta1) * gi);
                vp[i] = (float) (beta2 * vp[i] + (1 - beta2) * gi * gi);
                w[i] -= (float) (lr * mp[i] / (Math.sqrt(vp[i]) + eps));
            }
        }
        return norm;
    }
}
