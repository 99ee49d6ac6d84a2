package io.qstream.features;

/**
 * MFCC row of one frame, Kaldi's {@code MfccComputer}: log mel energies, orthonormal DCT-II (first num-ceps rows),
 * lifter, energy in place of C0; row layout in {@link MfccOptions}.
 */
public final class MfccComputer implements FeatureComputer {
    private static final double FLOAT_EPSILON = Math.ulp(1.0f);

    private final MfccOptions opts;
    private final MelBanks banks;
    private final RealFft fft;
    private final double[] spectrum;
    private final double[] mel;
    private final double[][] dct;   // [num-ceps][num-mel-bins]
    private final double[] lifter;  // [num-ceps] or null
    private final double[] ceps;
    private final double logEnergyFloor;

    public MfccComputer(MfccOptions opts) {
        opts.validate();
        this.opts = opts.copy();
        int numBins = opts.melOpts.numBins;
        this.banks = new MelBanks(opts.melOpts, opts.frameOpts);
        this.fft = new RealFft(opts.frameOpts.paddedWindowSize());
        this.spectrum = new double[fft.length() / 2 + 1];
        this.mel = new double[numBins];
        this.ceps = new double[opts.numCeps];
        this.dct = new double[opts.numCeps][numBins];
        for (int k = 0; k < opts.numCeps; k++) {
            double norm = k == 0 ? Math.sqrt(1.0 / numBins) : Math.sqrt(2.0 / numBins);
            for (int n = 0; n < numBins; n++) dct[k][n] = norm * Math.cos(Math.PI / numBins * (n + 0.5) * k);
        }
        if (opts.cepstralLifter != 0.0) {
            lifter = new double[opts.numCeps];
            double q = opts.cepstralLifter;
            for (int i = 0; i < opts.numCeps; i++) lifter[i] = 1.0 + 0.5 * q * Math.sin(Math.PI * i / q);
        } else {
            lifter = null;
        }
        this.logEnergyFloor = opts.energyFloor > 0 ? Math.log(opts.energyFloor) : Double.NEGATIVE_INFINITY;
    }

    @Override public int dim() { return opts.numCeps; }

    @Override public boolean needRawLogEnergy() { return opts.useEnergy && opts.rawEnergy; }

    @Override
    public void compute(double rawLogEnergy, double[] frame, float[] out, int offset) {
        double logEnergy = rawLogEnergy;
        if (opts.useEnergy && !opts.rawEnergy) logEnergy = WindowProcessor.logEnergy(frame, fft.length());
        fft.powerSpectrum(frame, spectrum);
        banks.compute(spectrum, mel);
        for (int b = 0; b < mel.length; b++) mel[b] = Math.log(Math.max(mel[b], FLOAT_EPSILON));
        for (int k = 0; k < ceps.length; k++) {
            double[] row = dct[k];
            double s = 0;
            for (int b = 0; b < row.length; b++) s += row[b] * mel[b];
            ceps[k] = lifter != null ? s * lifter[k] : s;
        }
        if (opts.useEnergy) {
            if (opts.energyFloor > 0 && logEnergy < logEnergyFloor) logEnergy = logEnergyFloor;
            ceps[0] = logEnergy;
        }
        if (opts.htkCompat) {
            double energy = ceps[0];
            for (int i = 0; i < ceps.length - 1; i++) ceps[i] = ceps[i + 1];
            if (!opts.useEnergy) energy *= Math.sqrt(2.0);  // undo the C0 scale of the orthonormal DCT, as HTK
            ceps[ceps.length - 1] = energy;
        }
        for (int k = 0; k < ceps.length; k++) out[offset + k] = (float) ceps[k];
    }
}
