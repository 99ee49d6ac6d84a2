package io.qstream.features;

/** Log mel filterbank row of one frame, Kaldi's {@code FbankComputer}; row layout in {@link FbankOptions}. */
public final class FbankComputer implements FeatureComputer {
    private static final double FLOAT_EPSILON = Math.ulp(1.0f);

    private final FbankOptions opts;
    private final MelBanks banks;
    private final RealFft fft;
    private final double[] spectrum;
    private final double[] mel;
    private final double logEnergyFloor;

    public FbankComputer(FbankOptions opts) {
        opts.validate();
        this.opts = opts.copy();
        this.banks = new MelBanks(opts.melOpts, opts.frameOpts);
        this.fft = new RealFft(opts.frameOpts.paddedWindowSize());
        this.spectrum = new double[fft.length() / 2 + 1];
        this.mel = new double[opts.melOpts.numBins];
        this.logEnergyFloor = opts.energyFloor > 0 ? Math.log(opts.energyFloor) : Double.NEGATIVE_INFINITY;
    }

    @Override public int dim() { return opts.dim(); }

    @Override public boolean needRawLogEnergy() { return opts.useEnergy && opts.rawEnergy; }

    @Override
    public void compute(double rawLogEnergy, double[] frame, float[] out, int offset) {
        double logEnergy = rawLogEnergy;
        if (opts.useEnergy && !opts.rawEnergy) logEnergy = WindowProcessor.logEnergy(frame, fft.length());
        fft.powerSpectrum(frame, spectrum);
        if (!opts.usePower) {
            for (int i = 0; i < spectrum.length; i++) spectrum[i] = Math.sqrt(spectrum[i]);
        }
        banks.compute(spectrum, mel);
        int melOffset = offset + (opts.useEnergy && !opts.htkCompat ? 1 : 0);
        if (opts.useLogFbank) {
            for (int b = 0; b < mel.length; b++) out[melOffset + b] = (float) Math.log(Math.max(mel[b], FLOAT_EPSILON));
        } else {
            for (int b = 0; b < mel.length; b++) out[melOffset + b] = (float) mel[b];
        }
        if (opts.useEnergy) {
            if (opts.energyFloor > 0 && logEnergy < logEnergyFloor) logEnergy = logEnergyFloor;
            out[offset + (opts.htkCompat ? mel.length : 0)] = (float) logEnergy;
        }
    }
}
