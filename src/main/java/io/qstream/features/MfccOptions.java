package io.qstream.features;

import java.io.Serializable;

/**
 * Mel-frequency cepstral coefficients; Kaldi's {@code MfccOptions} (src/feat/feature-mfcc.h), same names and defaults.
 * Output row: {@code [num-ceps]}; with use-energy, C0 is replaced by the log energy (with htk-compat, C0/energy moves
 * last).
 *
 * <table>
 *   <caption>Options (map / CLI name, default, meaning)</caption>
 *   <tr><td>num-ceps</td><td>13</td><td>number of cepstra, at most num-mel-bins</td></tr>
 *   <tr><td>use-energy</td><td>true</td><td>replace C0 by the log energy of the frame</td></tr>
 *   <tr><td>energy-floor</td><td>0</td><td>floor on the energy (linear); 0 = none</td></tr>
 *   <tr><td>raw-energy</td><td>true</td><td>energy before pre-emphasis and windowing (after DC removal)</td></tr>
 *   <tr><td>cepstral-lifter</td><td>22</td><td>lifter Q: c_i *= 1 + Q/2 sin(pi i / Q); 0 = none</td></tr>
 *   <tr><td>htk-compat</td><td>false</td><td>C0/energy last, C0 scaled as HTK</td></tr>
 * </table>
 * Frame options ({@link FrameExtractionOptions}) and bank options ({@link MelBanksOptions}, 23 bins) are nested
 * as in Kaldi.
 */
public final class MfccOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    public FrameExtractionOptions frameOpts = new FrameExtractionOptions();
    public MelBanksOptions melOpts = new MelBanksOptions(23);
    /** Number of cepstra. */
    public int numCeps = 13;
    /** Log energy in place of C0. */
    public boolean useEnergy = true;
    /** Energy floor (linear); 0 = none. */
    public double energyFloor = 0.0;
    /** Energy of the frame before pre-emphasis and windowing. */
    public boolean rawEnergy = true;
    /** Cepstral lifter coefficient; 0 = none. */
    public double cepstralLifter = 22.0;
    /** HTK ordering and scaling of C0 / energy. */
    public boolean htkCompat = false;

    public int dim() { return numCeps; }

    public void validate() {
        frameOpts.validate();
        melOpts.validate(frameOpts);
        if (numCeps < 1 || numCeps > melOpts.numBins) {
            FrameExtractionOptions.bad("num-ceps", numCeps, "must be in [1, num-mel-bins " + melOpts.numBins + "]");
        }
        if (!(energyFloor >= 0) || Double.isInfinite(energyFloor)) FrameExtractionOptions.bad("energy-floor", energyFloor, "must be >= 0");
        if (!(cepstralLifter >= 0) || Double.isInfinite(cepstralLifter)) FrameExtractionOptions.bad("cepstral-lifter", cepstralLifter,
                "must be >= 0");
    }

    public MfccOptions copy() {
        MfccOptions o = new MfccOptions();
        o.frameOpts = frameOpts.copy(); o.melOpts = melOpts.copy(); o.numCeps = numCeps; o.useEnergy = useEnergy;
        o.energyFloor = energyFloor; o.rawEnergy = rawEnergy; o.cepstralLifter = cepstralLifter; o.htkCompat = htkCompat;
        return o;
    }
}
