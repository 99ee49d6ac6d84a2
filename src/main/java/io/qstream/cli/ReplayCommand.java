package io.qstream.cli;

import io.qstream.replay.Replay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code qstream replay <fixture dir or case.yaml>}: runs recorded fixtures through their pipeline and reports
 * every difference from the expected labels (labels and times exactly, scores within the case's tolerance).
 * Exit code 0 when all cases match, 1 otherwise. {@code --update} rewrites the expected files instead.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay recorded fixtures (fixtures/replay) and compare with their expected labels.")
public final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FIXTURES", defaultValue = "fixtures/replay",
            description = "A case.yaml, a directory holding one, or a directory of case directories (default ${DEFAULT-VALUE}).")
    Path fixtures;

    @Option(names = "--update", description = "Write the current output as the expected labels.")
    boolean update;

    @Option(names = "--max-differences", paramLabel = "N", description = "Differences shown per case (default ${DEFAULT-VALUE}).")
    int maxDifferences = 20;

    @Override
    public Integer call() throws Exception {
        RunCommand.quietFlinkStartup();
        Path scratch = Files.createTempDirectory("qstream-replay");
        int failed = 0;
        List<Replay.Case> cases = Replay.cases(fixtures);
        for (Replay.Case c : cases) {
            Replay.Outcome o = Replay.run(c, scratch);
            if (update) {
                Replay.update(o);
                System.out.printf("%s: wrote %d lines to %s%n", c.name(), o.actual().size(), c.expectedFile());
            } else if (o.passed()) {
                System.out.printf("%s: ok (%d lines)%n", c.name(), o.actual().size());
            } else {
                failed++;
                System.out.printf("%s: %d difference(s)%n", c.name(), o.differences().size());
                o.differences().stream().limit(maxDifferences).forEach(d -> System.out.println("  " + d));
                if (o.differences().size() > maxDifferences) {
                    System.out.printf("  ... %d more%n", o.differences().size() - maxDifferences);
                }
            }
        }
        Files.deleteIfExists(scratch);
        if (!update) System.out.printf("replay: %d of %d case(s) passed%n", cases.size() - failed, cases.size());
        return failed == 0 ? 0 : 1;
    }
}
