package io.qstream.train;

/**
 * Training hyperparameters (plain mutable fields with defaults, set from the CLI).
 * Sizes in frames (10 ms), learning rate per Adam step, probabilities in [0, 1).
 */
public final class TrainConfig {
    /** Hidden size m per layer. */
    public int[] hidden = {32, 32};
    /** Window k per layer. */
    public int[] windows = {3, 2};
    /** Pooling per layer: f, fo or ifo. */
    public String[] poolings = {"fo", "fo"};
    /** Frames per truncated-BPTT segment; the state is carried from one segment to the next. */
    public int segmentFrames = 200;
    /** Parallel lanes (sequences) per minibatch. */
    public int lanes = 16;
    public int maxEpochs = 30;
    /** Stop when the validation metric has not improved for this many epochs. */
    public int patience = 5;
    public double learningRate = 3e-3;
    /** Learning rate multiplier applied after every epoch without improvement. */
    public double decayOnPlateau = 0.5;
    public double clipNorm = 5.0;
    /** Zoneout probability on the forget gate. */
    public float zoneout = 0.1f;
    /** Dropout probability on the outputs of all layers but the last. */
    public float dropout = 0.1f;
    /** Class-weight exponent: weight_c = (mean count / count_c)^power; 0 = unweighted, 1 = fully balanced. */
    public double classWeightPower = 0.5;
    /**
     * Random per-sequence level shift in dB (uniform in +-value) added to log-power features each epoch; only
     * meaningful for fbank (log mel power) features. 0 disables.
     */
    public double gainAugmentDb = 0;
    /** Label whose F1 steers early stopping; null = macro-average F1. */
    public String targetLabel = null;
    /** Wall-clock budget; training stops after the epoch that exceeds it (best model kept). */
    public double maxMinutes = 15;
    public long seed = 1;

    public void validate() {
        if (hidden.length == 0 || hidden.length != windows.length || hidden.length != poolings.length) {
            throw new IllegalArgumentException("hidden, windows and poolings need one entry per layer");
        }
        if (segmentFrames <= 0) throw new IllegalArgumentException("segment-frames must be > 0");
        if (lanes <= 0) throw new IllegalArgumentException("lanes must be > 0");
        if (maxEpochs <= 0) throw new IllegalArgumentException("epochs must be > 0");
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0");
        if (zoneout < 0 || zoneout >= 1) throw new IllegalArgumentException("zoneout must be in [0, 1)");
        if (dropout < 0 || dropout >= 1) throw new IllegalArgumentException("dropout must be in [0, 1)");
    }
}
