package io.qstream.qrnn;

/**
 * Activation functions made of multiplies, adds, one divide and a clamp, so loops over arrays of them
 * vectorize in the JIT (Math.exp does not). Absolute error of {@link #tanh} is below 5e-7 everywhere.
 */
final class FastMath {
    private FastMath() {}

    /** Beyond ±7.905 float tanh rounds to ±(1 − 2.4e-7): clamp keeps the rational form in range. */
    private static final float CLAMP = 7.90531110763549805f;
    // Rational minimax approximation tanh(x) ≈ x·P(x²)/Q(x²) (the coefficients of Eigen's float tanh).
    private static final float A1 = 4.89352455891786e-03f;
    private static final float A3 = 6.37261928875436e-04f;
    private static final float A5 = 1.48572235717979e-05f;
    private static final float A7 = 5.12229709037114e-08f;
    private static final float A9 = -8.60467152213735e-11f;
    private static final float A11 = 2.00018790482477e-13f;
    private static final float A13 = -2.76076847742355e-16f;
    private static final float B0 = 4.89352518554385e-03f;
    private static final float B2 = 2.26843463243900e-03f;
    private static final float B4 = 1.18534705686654e-04f;
    private static final float B6 = 1.19825839466702e-06f;

    static float tanh(float x) {
        float v = Math.max(-CLAMP, Math.min(CLAMP, x));
        float x2 = v * v;
        float p = x2 * A13 + A11;
        p = x2 * p + A9;
        p = x2 * p + A7;
        p = x2 * p + A5;
        p = x2 * p + A3;
        p = x2 * p + A1;
        p = v * p;
        float q = x2 * B6 + B4;
        q = x2 * q + B2;
        q = x2 * q + B0;
        return p / q;
    }

    /** a[from, from+len) = tanh(a[...]) in place; a plain counted loop so the JIT vectorizes it. */
    static void tanhInPlace(float[] a, int from, int len) {
        for (int i = from, end = from + len; i < end; i++) a[i] = tanh(a[i]);
    }

    /** The logistic function via tanh: sigmoid(a) = (1 + tanh(a/2)) / 2. */
    static float sigmoid(float a) { return 0.5f + 0.5f * tanh(0.5f * a); }
}
