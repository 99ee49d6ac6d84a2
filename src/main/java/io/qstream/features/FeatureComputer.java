package io.qstream.features;

/**
 * Turns one processed frame (see {@link WindowProcessor}) into one feature row; Kaldi's feature "computer"
 * ({@code FbankComputer}, {@code MfccComputer}). Holds scratch buffers: one instance per thread / stream.
 */
public interface FeatureComputer {
    /** Columns of a feature row. */
    int dim();

    /** Whether {@link #compute} needs the raw log energy (energy before pre-emphasis and windowing). */
    boolean needRawLogEnergy();

    /**
     * Computes the row of one frame.
     *
     * @param rawLogEnergy log energy from {@link WindowProcessor#process} (ignored unless needed)
     * @param frame        the processed frame, FFT length (padded); may be overwritten
     * @param out          receives {@link #dim()} values at {@code offset}
     */
    void compute(double rawLogEnergy, double[] frame, float[] out, int offset);

    /** The computer for {@code spec}. */
    static FeatureComputer create(FeatureSpec spec) {
        return spec.isMfcc() ? new MfccComputer(spec.mfccOptions()) : new FbankComputer(spec.fbankOptions());
    }
}
