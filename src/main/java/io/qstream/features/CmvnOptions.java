package io.qstream.features;

import java.io.Serializable;

/**
 * Options of online / sliding-window cepstral mean (and variance) normalisation, by Kaldi's names
 * (OnlineCmvnOptions and SlidingWindowCmnOptions in Kaldi).
 *
 * <table>
 *   <caption>Options (name, default, meaning)</caption>
 *   <tr><td>cmn-window</td><td>600</td><td>frames of history in the sliding window</td></tr>
 *   <tr><td>min-window</td><td>100</td><td>{@link SlidingCmvn} only: the first frames are normalised over at least
 *       this many frames (they wait for them: latency at stream start only)</td></tr>
 *   <tr><td>global-frames</td><td>200</td><td>{@link OnlineCmvn} with global stats: while fewer than cmn-window
 *       frames have been seen, up to this many frames' worth of global stats fill the window</td></tr>
 *   <tr><td>normalize-variance</td><td>false</td><td>also scale to unit variance</td></tr>
 * </table>
 */
public final class CmvnOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    public int cmnWindow = 600;
    public int minWindow = 100;
    public int globalFrames = 200;
    public boolean normalizeVariance = false;

    public void validate() {
        if (cmnWindow < 1) FrameExtractionOptions.bad("cmn-window", cmnWindow, "must be >= 1");
        if (minWindow < 1) FrameExtractionOptions.bad("min-window", minWindow, "must be >= 1");
        if (globalFrames < 0) FrameExtractionOptions.bad("global-frames", globalFrames, "must be >= 0");
    }

    public CmvnOptions copy() {
        CmvnOptions o = new CmvnOptions();
        o.cmnWindow = cmnWindow; o.minWindow = minWindow; o.globalFrames = globalFrames; o.normalizeVariance = normalizeVariance;
        return o;
    }
}
