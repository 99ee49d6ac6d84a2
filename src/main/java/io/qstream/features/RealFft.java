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
    private final double[] twRe;  // [m/2] exp(-2 pi i k / m)
    private final double[] twIm;
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
            twRe = new double[Math.max(1, m / 2)];
            twIm = new double[Math.max(1, m / 2)];
            for (int k = 0; k < m / 2; k++) {
                twRe[k] = Math.cos(2 * Math.PI * k / m);
                twIm[k] = -Math.sin(2 * Math.PI * k / m);
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
            bitrev = null; twRe = null; twIm = null; splitRe = null; splitIm = null; re = null; im = null;
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
        // size-2 butterflies need no twiddles
        for (int i = 0; i + 1 < m; i += 2) {
            double ar = re[i], ai = im[i], br = re[i + 1], bi = im[i + 1];
            re[i] = ar + br; im[i] = ai + bi;
            re[i + 1] = ar - br; im[i + 1] = ai - bi;
        }
        for (int size = 4; size <= m; size <<= 1) {
            int half = size >> 1;
            int step = m / size;
            for (int start = 0; start < m; start += size) {
                for (int k = 0, t = 0; k < half; k++, t += step) {
                    double wr = twRe[t], wi = twIm[t];
                    int a = start + k, b = a + half;
                    double br = re[b] * wr - im[b] * wi;
                    double bi = re[b] * wi + im[b] * wr;
                    double ar = re[a], ai = im[a];
                    re[a] = ar + br; im[a] = ai + bi;
                    re[b] = ar - br; im[b] = ai - bi;
                }
            }
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
