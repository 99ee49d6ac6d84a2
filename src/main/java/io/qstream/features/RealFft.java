package io.qstream.features;

/**
 * Power spectrum of a real frame of even length n: {@code |X[k]|^2} for k in [0, n/2]. Power-of-two lengths use a
 * radix-2 complex FFT of length n/2 on the even/odd samples packed as re/im, then split into the real spectrum;
 * other even lengths (round-to-power-of-two=false) use a direct DFT. Preallocated tables and scratch: one instance
 * per thread.
 */
public final class RealFft {
    private final int n;
    private final int m;          // n / 2: length of the complex FFT
    private final boolean pow2;
    private final int[] bitrev;   // [m]
    private final boolean oddStages;  // log2(m) odd: one plain radix-2 stage before the radix-2^2 passes
    private final double[] tw;        // per radix-2^2 pass with span s: s pairs of w_2s^k then s pairs of w_4s^k
    private final double[] splitRe;  // [m] exp(-2 pi i k / n)
    private final double[] splitIm;
    private final double[] re;
    private final double[] im;
    private final double[] dftCos;   // [n] for the direct DFT
    private final double[] dftSin;

    public RealFft(int n) {
        if (n < 2 || n % 2 != 0) throw new IllegalArgumentException("FFT length " + n + " must be even and >= 2");
        this.n = n;
        this.m = n / 2;
        this.pow2 = Integer.bitCount(n) == 1;
        if (pow2) {
            int bits = Integer.numberOfTrailingZeros(m);
            bitrev = new int[m];
            for (int i = 0; i < m; i++) bitrev[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
            oddStages = bits % 2 == 1;
            int total = 0;
            for (int span = oddStages ? 2 : 1; span * 4 <= m; span *= 4) total += 4 * span;
            tw = new double[total];
            int o = 0;
            for (int span = oddStages ? 2 : 1; span * 4 <= m; span *= 4) {
                for (int k = 0; k < span; k++) {
                    tw[o + 2 * k] = Math.cos(2 * Math.PI * k / (2 * span));
                    tw[o + 2 * k + 1] = -Math.sin(2 * Math.PI * k / (2 * span));
                    tw[o + 2 * span + 2 * k] = Math.cos(2 * Math.PI * k / (4 * span));
                    tw[o + 2 * span + 2 * k + 1] = -Math.sin(2 * Math.PI * k / (4 * span));
                }
                o += 4 * span;
            }
            splitRe = new double[m];
            splitIm = new double[m];
            for (int k = 0; k < m; k++) {
                splitRe[k] = Math.cos(2 * Math.PI * k / n);
                splitIm[k] = -Math.sin(2 * Math.PI * k / n);
            }
            re = new double[m];
            im = new double[m];
            dftCos = null;
            dftSin = null;
        } else {
            bitrev = null; oddStages = false; tw = null; splitRe = null; splitIm = null; re = null; im = null;
            dftCos = new double[n];
            dftSin = new double[n];
            for (int k = 0; k < n; k++) {
                dftCos[k] = Math.cos(2 * Math.PI * k / n);
                dftSin[k] = -Math.sin(2 * Math.PI * k / n);
            }
        }
    }

    public int length() { return n; }

    /** Writes {@code |X[k]|^2}, k in [0, n/2], of {@code x[0, n)} into {@code power[0, n/2]}. */
    public void powerSpectrum(double[] x, double[] power) {
        if (pow2) fftPower(x, power); else dftPower(x, power);
    }

    private void fftPower(double[] x, double[] power) {
        final double[] re = this.re, im = this.im;
        final int m = this.m;
        for (int j = 0; j < m; j++) {
            int r = bitrev[j];
            re[r] = x[2 * j];
            im[r] = x[2 * j + 1];
        }
        int span = 1;
        if (!oddStages && m >= 4) {  // first radix-2^2 pass: all twiddles are 1 (and -i)
            for (int ia = 0; ia < m; ia += 4) {
                double ar = re[ia], ai = im[ia], br = re[ia + 1], bi = im[ia + 1];
                double cr = re[ia + 2], ci = im[ia + 2], dr = re[ia + 3], di = im[ia + 3];
                double a1r = ar + br, a1i = ai + bi, b1r = ar - br, b1i = ai - bi;
                double c1r = cr + dr, c1i = ci + di, d1r = cr - dr, d1i = ci - di;
                re[ia] = a1r + c1r; im[ia] = a1i + c1i;
                re[ia + 2] = a1r - c1r; im[ia + 2] = a1i - c1i;
                re[ia + 1] = b1r + d1i; im[ia + 1] = b1i - d1r;
                re[ia + 3] = b1r - d1i; im[ia + 3] = b1i + d1r;
            }
            span = 4;
        }
        if (oddStages) {  // one radix-2 stage (no twiddles) so that radix-2^2 passes cover the rest
            for (int i = 0; i + 1 < m; i += 2) {
                double ar = re[i], ai = im[i], br = re[i + 1], bi = im[i + 1];
                re[i] = ar + br; im[i] = ai + bi;
                re[i + 1] = ar - br; im[i + 1] = ai - bi;
            }
            span = 2;
        }
        // Radix-2^2 passes: two radix-2 stages (sizes 2 span, 4 span) per pass over the data, decimation in time.
        final double[] tw = this.tw;
        int o = span == 4 ? 4 : 0;  // the span-1 pass's twiddles (4 values) were not needed
        for (; span * 4 <= m; span *= 4) {
            int s2 = 2 * span, s3 = 3 * span, block = 4 * span;
            for (int base = 0; base < m; base += block) {
                for (int k = 0; k < span; k++) {
                    double w1r = tw[o + 2 * k], w1i = tw[o + 2 * k + 1];
                    double w2r = tw[o + s2 + 2 * k], w2i = tw[o + s2 + 2 * k + 1];
                    int ia = base + k, ib = ia + span, ic = ia + s2, id = ia + s3;
                    double ar = re[ia], ai = im[ia];
                    double br = re[ib] * w1r - im[ib] * w1i, bi = re[ib] * w1i + im[ib] * w1r;
                    double cr = re[ic], ci = im[ic];
                    double dr = re[id] * w1r - im[id] * w1i, di = re[id] * w1i + im[id] * w1r;
                    double a1r = ar + br, a1i = ai + bi, b1r = ar - br, b1i = ai - bi;
                    double c1r = cr + dr, c1i = ci + di, d1r = cr - dr, d1i = ci - di;
                    double c2r = c1r * w2r - c1i * w2i, c2i = c1r * w2i + c1i * w2r;
                    double t1r = d1r * w2r - d1i * w2i, t1i = d1r * w2i + d1i * w2r;
                    double d2r = t1i, d2i = -t1r;  // times -i: w_4s^(k+s) = -i w_4s^k
                    re[ia] = a1r + c2r; im[ia] = a1i + c2i;
                    re[ic] = a1r - c2r; im[ic] = a1i - c2i;
                    re[ib] = b1r + d2r; im[ib] = b1i + d2i;
                    re[id] = b1r - d2r; im[id] = b1i - d2i;
                }
            }
            o += 4 * span;
        }
        // Split Z (FFT of x[2j] + i x[2j+1]) into X: X[k] = E[k] + W^k O[k].
        double dc = re[0] + im[0], nyq = re[0] - im[0];
        power[0] = dc * dc;
        power[m] = nyq * nyq;
        for (int k = 1; k < m; k++) {
            int c = m - k;
            double er = 0.5 * (re[k] + re[c]), ei = 0.5 * (im[k] - im[c]);
            double or = 0.5 * (im[k] + im[c]), oi = -0.5 * (re[k] - re[c]);
            double wr = splitRe[k], wi = splitIm[k];
            double xr = er + wr * or - wi * oi;
            double xi = ei + wr * oi + wi * or;
            power[k] = xr * xr + xi * xi;
        }
    }

    private void dftPower(double[] x, double[] power) {
        for (int k = 0; k <= m; k++) {
            double sr = 0, si = 0;
            int idx = 0;
            for (int j = 0; j < n; j++) {
                sr += x[j] * dftCos[idx];
                si += x[j] * dftSin[idx];
                idx += k;
                if (idx >= n) idx -= n;
            }
            power[k] = sr * sr + si * si;
        }
    }
}
