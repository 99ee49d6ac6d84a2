package io.qstream.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code qstream bench}: runs the JMH benchmarks bundled in the jar ({@code io.qstream.bench}).
 * Short runs by default; the machine is shared and noisy, so compare numbers only within one run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run the bundled JMH benchmarks (e.g. Fbank, Qrnn).")
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
}
