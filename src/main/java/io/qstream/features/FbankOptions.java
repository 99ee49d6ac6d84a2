package io.qstream.features;

import java.io.Serializable;

/**
 * Log mel filterbank features; Kaldi's {@code FbankOptions} (src/feat/feature-fbank.h), same names and defaults.
 * Output row: {@code [num-mel-bins]}, or {@code [1 + num-mel-bins]} with use-energy (energy first; last with htk-compat).
 *
 * <table>
 *   <caption>Options (map / CLI name, default, meaning)</caption>
 *   <tr><td>use-energy</td><td>false</td><td>add the log energy of the frame as an extra column</td></tr>
 *   <tr><td>energy-floor</td><td>0</td><td>floor on the energy (linear, not log); 0 = none</td></tr>
 *   <tr><td>raw-energy</td><td>true</td><td>energy before pre-emphasis and windowing (after DC removal)</td></tr>
 *   <tr><td>htk-compat</td><td>false</td><td>put the energy column last, as HTK does</td></tr>
 *   <tr><td>use-log-fbank</td><td>true</td><td>log of the bank energies (floored at float epsilon)</td></tr>
 *   <tr><td>use-power</td><td>true</td><td>power spectrum; false = magnitude spectrum</td></tr>
 * </table>
 * Frame options ({@link FrameExtractionOptions}) and bank options ({@link MelBanksOptions}, 23 bins) are nested
 * as in Kaldi.
 */
public final class FbankOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    public FrameExtractionOptions frameOpts = new FrameExtractionOptions();
    public MelBanksOptions melOpts = new MelBanksOptions(23);
    /** Add a log-energy column. */
    public boolean useEnergy = false;
    /** Energy floor (linear); 0 = none. */
    public double energyFloor = 0.0;
    /** Energy of the frame before pre-emphasis and windowing. */
    public boolean rawEnergy = true;
    /** Energy column last instead of first. */
    public boolean htkCompat = false;
    /** Log of the filterbank energies. */
    public boolean useLogFbank = true;
    /** Power (true) or magnitude (false) spectrum. */
    public boolean usePower = true;

    public int dim() { return melOpts.numBins + (useEnergy ? 1 : 0); }

    public void validate() {
        frameOpts.validate();
        melOpts.validate(frameOpts);
        if (!(energyFloor >= 0) || Double.isInfinite(energyFloor)) FrameExtractionOptions.bad("energy-floor", energyFloor, "must be >= 0");
    }

    public FbankOptions copy() {
        FbankOptions o = new FbankOptions();
        o.frameOpts = frameOpts.copy(); o.melOpts = melOpts.copy(); o.useEnergy = useEnergy; o.energyFloor = energyFloor;
        o.rawEnergy = rawEnergy; o.htkCompat = htkCompat; o.useLogFbank = useLogFbank; o.usePower = usePower;
        return o;
    }
}
