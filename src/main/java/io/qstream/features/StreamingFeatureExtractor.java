package io.qstream.features;

import io.qstream.arrays.FloatMatrix;
import java.io.Serializable;

/**
 * Online feature extraction: {@link StreamFramer} plus the per-frame computation. Feeding a stream in chunks of any
 * size (and saving / restoring {@link State} anywhere in between) gives rows bit-identical to
 * {@link OfflineFeatures#compute} on the whole signal. Not thread-safe; one instance per stream.
 */
public final class StreamingFeatureExtractor {
    private final FeatureSpec spec;
    private final FeaturePipeline pipeline;
    private final StreamFramer framer;

    public StreamingFeatureExtractor(FeatureSpec spec) {
        this(spec, new StreamFramer(spec.frameOptions()));
    }

    private StreamingFeatureExtractor(FeatureSpec spec, StreamFramer framer) {
        this.spec = spec;
        this.pipeline = new FeaturePipeline(spec);
        this.framer = framer;
    }

    public FeatureSpec spec() { return spec; }

    /**
     * @param samples the next mono samples of the stream, int16 scale, at {@code spec.sampleRate()}
     * @return rows {@code [frames, dim]} of every frame these samples complete (often 0 rows)
     */
    public FloatMatrix accept(float[] samples) {
        framer.accept(samples, 0, samples.length);
        return emitReady();
    }

    /** End of stream: rows of the frames only snip-edges=false has at the end (0 rows with snip-edges=true). */
    public FloatMatrix finish() {
        framer.finish();
        return emitReady();
    }

    /** Rows returned so far. */
    public long framesEmitted() { return framer.framesEmitted(); }

    /** Samples accepted so far. */
    public long samplesSeen() { return framer.samplesSeen(); }

    private FloatMatrix emitReady() {
        long from = framer.framesEmitted(), to = framer.framesReady();
        int dim = pipeline.dim();
        float[] out = new float[Math.toIntExact((to - from) * dim)];
        pipeline.computeFrames(framer.buffer(), framer.bufferStart(), framer.bufferLength(), framer.total(), from, to, out);
        framer.markEmitted(to);
        return new FloatMatrix((int) (to - from), dim, out);
    }

    /** A snapshot (copies) of the stream state, for Flink state. */
    public State state() {
        State s = new State();
        s.pending = framer.pending();
        s.framesEmitted = framer.framesEmitted();
        s.samplesSeen = framer.samplesSeen();
        s.finished = framer.finished();
        return s;
    }

    /** An extractor that continues exactly where the one that produced {@code s} was. */
    public static StreamingFeatureExtractor restore(FeatureSpec spec, State s) {
        float[] pending = s.pending == null ? new float[0] : s.pending;
        return new StreamingFeatureExtractor(spec,
                new StreamFramer(spec.frameOptions(), pending, s.samplesSeen, s.framesEmitted, s.finished));
    }

    /**
     * Serializable stream state, a Flink POJO (public no-arg constructor, public fields): the samples later frames
     * still need ({@code pending} = stream samples [samplesSeen - pending.length, samplesSeen)), rows emitted, samples
     * accepted, and whether the stream has finished.
     */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        public float[] pending = new float[0];
        public long framesEmitted;
        public long samplesSeen;
        public boolean finished;

        public State() {}
    }
}
