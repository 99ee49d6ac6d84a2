package io.qstream.cli;

import io.qstream.bench.JobBench;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Locale;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code qstream bench}: runs the JMH benchmarks bundled in the jar ({@code io.qstream.bench}), or, with
 * {@code bench job}, the whole job ({@link JobBench}). Short runs by default; the machine is shared and noisy, so
 * compare numbers only within one run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = BenchCommand.Job.class,
        description = "Run the bundled JMH benchmarks (e.g. Fbank, Qrnn), or `bench job` for the whole job.")
public final class BenchCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "PATTERN",
            description = "Benchmark name patterns (regex), e.g. FbankBenchmark QrnnBenchmark. Default: all.")
    List<String> patterns = new ArrayList<>();

    @Option(names = "--warmup", description = "Warm-up iterations (default ${DEFAULT-VALUE}).")
    int warmup = 2;

    @Option(names = "--iterations", description = "Measured iterations (default ${DEFAULT-VALUE}).")
    int iterations = 3;

    @Option(names = "--forks", description = "JVM forks (default ${DEFAULT-VALUE}).")
    int forks = 1;

    @Option(names = "--jmh", split = " ", description = "Extra raw JMH arguments, e.g. --jmh '-p streams=256'.")
    List<String> extra = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> args = new ArrayList<>(patterns);
        args.addAll(List.of("-wi", Integer.toString(warmup), "-i", Integer.toString(iterations),
                "-f", Integer.toString(forks)));
        args.addAll(extra);
        org.openjdk.jmh.Main.main(args.toArray(String[]::new));
        return 0;
    }

    /** {@code qstream bench job}: the whole job on an embedded MiniCluster; last line = audio s/s (and latency). */
    @Command(name = "job", mixinStandardHelpOptions = true,
            description = "Whole-job benchmark on an embedded MiniCluster (WAV inputs tiled from the speech fixture,"
                    + " a sink that counts lines). The last line is the audio seconds per second of job time and, for"
                    + " paced runs, the label latency after the first 2 s of media.")
    static final class Job implements Callable<Integer> {
        @Option(names = "--streams", required = true, description = "Concurrent inputs.")
        int streams;

        @Option(names = "--seconds", required = true, description = "Seconds of audio per input.")
        double seconds;

        @Option(names = "--pace", description = "0 = as fast as possible (default), 1 = real time (measures latency).")
        double pace = 0;

        @Option(names = "--chunk-seconds", description = "Decode chunk, seconds (default ${DEFAULT-VALUE}).")
        double chunkSeconds = 0.25;

        @Option(names = "--parallelism", description = "Job parallelism (default ${DEFAULT-VALUE}).")
        int parallelism = 2;

        @Option(names = "--max-delay", description = "batch.max-delay (default ${DEFAULT-VALUE}).")
        String maxDelay = "20ms";

        @Option(names = "--model", description = "Model directory (default ${DEFAULT-VALUE}).")
        Path model = Path.of("fixtures/models/speech-vad");

        @Override
        public Integer call() throws Exception {
            JobBench.Result r = JobBench.run(new JobBench.Options(streams, seconds, pace, chunkSeconds, parallelism, maxDelay,
                    model));
            PrintStream out = System.out;
            out.printf(Locale.ROOT, "bench job: %d streams x %.0f s, pace %s, chunk %.3f s, parallelism %d, max-delay %s,"
                    + " model %s%n", streams, seconds, pace, chunkSeconds, parallelism, maxDelay, model);
            out.printf(Locale.ROOT, "%.0f s of audio, job %.2f s (wall %.2f s incl. cluster start), %d lines%n",
                    r.mediaSeconds(), r.jobSeconds(), r.wallSeconds(), r.lines());
            if (r.all() != null) out.printf(Locale.ROOT, "latency, all %d frames: %s%n", r.all().frames(), r.all());
            String latency = r.steady() == null ? "" : String.format(Locale.ROOT, "  latency after 2 s (%d frames): %s",
                    r.steady().frames(), r.steady());
            out.printf(Locale.ROOT, "audio-s/s %.1f%s%n", r.audioSecondsPerSecond(), latency);
            return 0;
        }
    }
}
