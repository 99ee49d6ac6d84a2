package io.qstream.features;

import java.io.Serializable;

/**
 * The triangular mel filterbank; Kaldi's {@code MelBanksOptions} (src/feat/mel-computations.h), same names and defaults.
 *
 * <table>
 *   <caption>Options (map / CLI name, default, meaning)</caption>
 *   <tr><td>num-mel-bins</td><td>23</td><td>number of triangular bins (at least 3)</td></tr>
 *   <tr><td>low-freq</td><td>20</td><td>low cut-off of the bank, Hz</td></tr>
 *   <tr><td>high-freq</td><td>0</td><td>high cut-off, Hz; &lt;= 0 means an offset from Nyquist (0 = Nyquist)</td></tr>
 *   <tr><td>vtln-low</td><td>100</td><td>low inflection point of the piecewise-linear VTLN warp, Hz</td></tr>
 *   <tr><td>vtln-high</td><td>-500</td><td>high inflection point, Hz; negative = offset from Nyquist</td></tr>
 *   <tr><td>vtln-warp</td><td>1</td><td>VTLN warp factor; 1 = no warping (Kaldi passes it per utterance with
 *       --vtln-map; here it is a plain option)</td></tr>
 *   <tr><td>htk-mode</td><td>false</td><td>replicate HTK's filterbank quirks (first bin's first weight zeroed when
 *       low-freq &gt; 0, energies floored at 1)</td></tr>
 * </table>
 */
public final class MelBanksOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Number of triangular mel bins. */
    public int numBins;
    /** Low cut-off frequency, Hz. */
    public double lowFreq = 20;
    /** High cut-off frequency, Hz; &lt;= 0 is an offset from Nyquist. */
    public double highFreq = 0;
    /** Low VTLN inflection point, Hz. */
    public double vtlnLow = 100;
    /** High VTLN inflection point, Hz; negative is an offset from Nyquist. */
    public double vtlnHigh = -500;
    /** VTLN warp factor, 1 = none. */
    public double vtlnWarp = 1.0;
    /** HTK compatibility quirks of the bank. */
    public boolean htkMode = false;

    public MelBanksOptions() { this(23); }

    public MelBanksOptions(int numBins) { this.numBins = numBins; }

    /** Checks the options against the frame options (Nyquist); the exception names the bad option. */
    public void validate(FrameExtractionOptions frame) {
        double nyquist = 0.5 * frame.sampFreq;
        if (numBins < 3) FrameExtractionOptions.bad("num-mel-bins", numBins, "must be at least 3");
        double high = highFreq > 0 ? highFreq : nyquist + highFreq;
        if (!(lowFreq >= 0 && lowFreq < nyquist)) {
            FrameExtractionOptions.bad("low-freq", lowFreq, "must be in [0, Nyquist " + nyquist + ")");
        }
        if (!(high > 0 && high <= nyquist && high > lowFreq)) {
            FrameExtractionOptions.bad("high-freq", highFreq, "gives " + high + " Hz, must be in (low-freq "
                    + lowFreq + ", Nyquist " + nyquist + "]");
        }
        if (!(vtlnWarp > 0) || Double.isInfinite(vtlnWarp)) FrameExtractionOptions.bad("vtln-warp", vtlnWarp, "must be > 0");
        if (vtlnWarp != 1.0) {
            double vh = vtlnHigh < 0 ? vtlnHigh + nyquist : vtlnHigh;
            if (!(vtlnLow > lowFreq && vtlnLow < high)) {
                FrameExtractionOptions.bad("vtln-low", vtlnLow, "must be in (low-freq, high-freq) when vtln-warp != 1");
            }
            if (!(vh > vtlnLow && vh < high)) {
                FrameExtractionOptions.bad("vtln-high", vtlnHigh, "gives " + vh + " Hz, must be in (vtln-low, high-freq)");
            }
        }
    }

    public MelBanksOptions copy() {
        MelBanksOptions o = new MelBanksOptions(numBins);
        o.lowFreq = lowFreq; o.highFreq = highFreq; o.vtlnLow = vtlnLow; o.vtlnHigh = vtlnHigh;
        o.vtlnWarp = vtlnWarp; o.htkMode = htkMode;
        return o;
    }
}
