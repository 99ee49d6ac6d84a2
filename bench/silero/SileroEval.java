import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.qstream.media.AudioChunk;
import io.qstream.media.AudioDecoder;
import io.qstream.media.DecodeOptions;
import io.qstream.train.FrameLabels;
import io.qstream.train.FrameMetrics;
import io.qstream.train.Manifest;
import io.qstream.cli.EvalCommand;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Benchmark (not product code): Silero VAD v5/v6 (ONNX, interface "input" [B, 64 + 512], "state" [2, B, 128],
 * "sr" int64) scored on a qstream manifest with qstream's own scoring code ({@link FrameMetrics},
 * {@link FrameLabels}, {@link EvalCommand#groups}, {@link EvalCommand#breakdownTable}) and qstream's own decoder
 * ({@link AudioDecoder}, 16 kHz mono, (L+R)/2), so the numbers sit beside {@code qstream eval --breakdown}.
 *
 * <p>Frames: Silero decides once per 512-sample (32 ms) window; window j covers samples [512 j, 512 j + 512) and
 * carries the 64 samples before it as context (as silero-vad's OnnxWrapper and vad-web do). qstream frame i
 * (samples [160 i, 160 i + 400)) takes the decision of the window holding its centre sample 160 i + 200, i.e.
 * speech when that window's probability is at least the threshold (0.5). The frame count is Kaldi's,
 * 1 + (samples - 400) / 160, the same count qstream's fbank gives; the last partial window is zero-padded.
 *
 * <p>Speed: one thread (intra- and inter-op 1); "1 stream" feeds one window per call, "batched" feeds B files'
 * windows per call (state [2, B, 128]), as a server labelling B streams would.
 *
 * <p>Usage: java -cp qstream.jar:onnxruntime.jar SileroEval.java MODEL.onnx MANIFEST.tsv [COLLAR] [THRESHOLD] [B]
 */
public final class SileroEval {
    static final int WINDOW = 512, CONTEXT = 64, SR = 16000;

    public static void main(String[] args) throws Exception {
        Path onnx = Path.of(args[0]);
        Manifest manifest = Manifest.read(Path.of(args[1]));
        int collar = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        float threshold = args.length > 3 ? Float.parseFloat(args[3]) : 0.5f;
        int batch = args.length > 4 ? Integer.parseInt(args[4]) : 16;
        List<String> labels = List.of("nonspeech", "speech");

        List<float[]> audio = new ArrayList<>();
        for (Manifest.Entry e : manifest.entries()) audio.add(decode(e.media().toString()));

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setIntraOpNumThreads(1);
        so.setInterOpNumThreads(1);
        so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        try (OrtSession session = env.createSession(onnx.toString(), so)) {
            System.out.printf(Locale.ROOT, "silero %s: inputs %s%n", onnx.getFileName(), session.getInputInfo().keySet());
            FrameMetrics all = new FrameMetrics(labels, collar);
            Map<String, FrameMetrics> groups = new TreeMap<>();
            double audioSec = 0;
            long t0 = System.nanoTime();
            List<float[]> probs = new ArrayList<>();
            for (float[] x : audio) {
                probs.add(run(env, session, List.of(x)).get(0));
                audioSec += x.length / (double) SR;
            }
            double oneStream = (System.nanoTime() - t0) / 1e9;
            for (int i = 0; i < audio.size(); i++) {
                Manifest.Entry e = manifest.entries().get(i);
                int frames = Math.max(0, 1 + (audio.get(i).length - 400) / 160);
                int[] ref = FrameLabels.read(e.labels(), frames, labels, 0.01, 0.025);
                int[] hyp = new int[frames];
                float[] p = probs.get(i);
                for (int f = 0; f < frames; f++) {
                    int w = Math.min(p.length - 1, (160 * f + 200) / WINDOW);
                    hyp[f] = p[w] >= threshold ? 1 : 0;
                }
                all.add(ref, hyp);
                for (String g : EvalCommand.groups(e)) {
                    groups.computeIfAbsent(g, k -> new FrameMetrics(labels, collar)).add(ref, hyp);
                }
            }
            System.out.printf(Locale.ROOT, "silero on %s: %d files, %.1f min, threshold %.2f%n", args[1], audio.size(),
                    audioSec / 60, threshold);
            System.out.print(all.report());
            System.out.print(EvalCommand.breakdownTable(groups, labels));
            System.out.printf(Locale.ROOT, "%nsilero speed, 1 thread, 1 stream (one 32 ms window per call): %.0f s of"
                    + " audio per s (%.1f us per 10 ms frame)%n", audioSec / oneStream, oneStream * 1e6 / (audioSec * 100));
            // Batched: B streams side by side (the files, cut to the shortest of each group of B).
            long b0 = System.nanoTime();
            double batchedSec = 0;
            for (int s = 0; s + batch <= audio.size(); s += batch) {
                List<float[]> group = audio.subList(s, s + batch);
                int n = Integer.MAX_VALUE;
                for (float[] x : group) n = Math.min(n, x.length);
                List<float[]> cut = new ArrayList<>();
                for (float[] x : group) cut.add(java.util.Arrays.copyOf(x, n));
                run(env, session, cut);
                batchedSec += batch * n / (double) SR;
            }
            double bt = (System.nanoTime() - b0) / 1e9;
            if (batchedSec > 0) {
                System.out.printf(Locale.ROOT, "silero speed, 1 thread, %d streams batched per call: %.0f s of audio"
                        + " per s%n", batch, batchedSec / bt);
            }
        }
    }

    /** Speech probability per 512-sample window for B equally long signals run side by side. */
    static List<float[]> run(OrtEnvironment env, OrtSession session, List<float[]> xs) throws Exception {
        int b = xs.size(), n = xs.get(0).length, windows = (n + WINDOW - 1) / WINDOW;
        float[] state = new float[2 * b * 128];
        float[] in = new float[b * (CONTEXT + WINDOW)];
        List<float[]> out = new ArrayList<>();
        for (int k = 0; k < b; k++) out.add(new float[windows]);
        try (OnnxTensor sr = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {SR}), new long[0])) {
            for (int w = 0; w < windows; w++) {
                for (int k = 0; k < b; k++) {
                    float[] x = xs.get(k);
                    int base = k * (CONTEXT + WINDOW);
                    for (int j = 0; j < CONTEXT + WINDOW; j++) {
                        int idx = w * WINDOW - CONTEXT + j;
                        in[base + j] = idx >= 0 && idx < x.length ? x[idx] : 0f;
                    }
                }
                try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(in),
                        new long[] {b, CONTEXT + WINDOW});
                     OnnxTensor st = OnnxTensor.createTensor(env, FloatBuffer.wrap(state), new long[] {2, b, 128});
                     OrtSession.Result r = session.run(Map.of("input", input, "state", st, "sr", sr))) {
                    float[][] p = (float[][]) r.get("output").get().getValue();
                    for (int k = 0; k < b; k++) out.get(k)[w] = p[k][0];
                    float[][][] ns = (float[][][]) r.get("stateN").get().getValue();
                    int q = 0;
                    for (float[][] a : ns) for (float[] c : a) for (float v : c) state[q++] = v;
                }
            }
        }
        return out;
    }

    /** qstream's decoder at 16 kHz, scaled from int16 scale to [-1, 1] as Silero expects. */
    static float[] decode(String input) throws Exception {
        DecodeOptions o = new DecodeOptions();
        o.sampleRate = SR;
        List<float[]> parts = new ArrayList<>();
        int total = 0;
        try (AudioDecoder d = AudioDecoder.open(input, o)) {
            for (AudioChunk c = d.read(); c != null; c = d.read()) {
                parts.add(c.samples());
                total += c.samples().length;
            }
        }
        float[] x = new float[total];
        int p = 0;
        for (float[] a : parts) {
            for (float v : a) x[p++] = v / 32768f;
        }
        return x;
    }
}
