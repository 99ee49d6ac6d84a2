package io.qstream.cli;

import io.qstream.arrays.FloatMatrix;
import io.qstream.arrays.Npy;
import io.qstream.features.FeatureSpec;
import io.qstream.features.StreamingFeatureExtractor;
import io.qstream.media.AudioChunk;
import io.qstream.media.AudioDecoder;
import io.qstream.media.DecodeOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code qstream features}: decodes any FFmpeg input and writes Kaldi-compatible fbank/MFCC rows as a float32
 * {@code .npy} of shape {@code [frames, dims]}. Any Kaldi option may follow as {@code --kebab-case value}.
 */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = "Compute Kaldi-compatible fbank/MFCC features of a media input into a .npy [frames, dims].")
public final class FeaturesCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, description = "Media file or URL (anything FFmpeg reads).")
    String input;

    @Option(names = "--out", required = true, description = "Output .npy file (float32, [frames, dims]).")
    Path out;

    @Option(names = "--type", defaultValue = "fbank", description = "fbank or mfcc (default ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--sample-rate", defaultValue = "16000",
            description = "Rate the input is resampled to and features computed at, Hz (default ${DEFAULT-VALUE}).")
    int sampleRate;

    @Option(names = "--chunk-samples", defaultValue = "0",
            description = "Run the streaming path, feeding this many samples per chunk (0 = whole input at once).")
    int chunkSamples;

    @Option(names = "--format", description = "FFmpeg format of a headerless input, e.g. s16le.")
    String format;

    @Option(names = "--input-sample-rate", description = "Sample rate of a headerless input, Hz.")
    int inputSampleRate;

    @Option(names = "--channels", description = "Channel count of a headerless input.")
    int channels;

    @Unmatched
    List<String> kaldiOptions = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> args = new ArrayList<>(kaldiOptions);
        args.addAll(List.of("--type=" + type, "--sample-frequency=" + sampleRate));
        FeatureSpec spec = FeatureSpec.fromArgs(args);

        DecodeOptions decode = new DecodeOptions();
        decode.sampleRate = sampleRate;
        decode.format = format;
        decode.inputSampleRate = inputSampleRate;
        decode.inputChannels = channels;
        if (chunkSamples > 0) decode.chunkSamples = chunkSamples;
        decode.validate();

        FloatMatrix features;
        try (AudioDecoder decoder = AudioDecoder.open(input, decode)) {
            features = chunkSamples > 0 ? streaming(spec, decoder) : offline(spec, decoder);
        }
        Npy.write(out, features);
        System.err.printf("%s: %d frames x %d dims -> %s%n", input, features.rows(), features.cols(), out);
        return 0;
    }

    /** Feeds the decoder's chunks (of {@code --chunk-samples}) through the online extractor. */
    private static FloatMatrix streaming(FeatureSpec spec, AudioDecoder decoder) throws Exception {
        StreamingFeatureExtractor extractor = new StreamingFeatureExtractor(spec);
        List<FloatMatrix> parts = new ArrayList<>();
        for (AudioChunk c = decoder.read(); c != null; c = decoder.read()) parts.add(extractor.accept(c.samples()));
        parts.add(extractor.finish());
        return FloatMatrix.concatRows(parts, spec.dim());
    }

    private static FloatMatrix offline(FeatureSpec spec, AudioDecoder decoder) throws Exception {
        List<float[]> chunks = new ArrayList<>();
        int total = 0;
        for (AudioChunk c = decoder.read(); c != null; c = decoder.read()) {
            chunks.add(c.samples());
            total += c.samples().length;
        }
        float[] all = new float[total];
        int o = 0;
        for (float[] c : chunks) {
            System.arraycopy(c, 0, all, o, c.length);
            o += c.length;
        }
        return io.qstream.features.OfflineFeatures.compute(spec, all);
    }
}
