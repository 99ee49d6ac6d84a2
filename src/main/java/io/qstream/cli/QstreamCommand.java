package io.qstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code qstream} command line: one subcommand per task. */
@Command(
        name = "qstream",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = "Streaming speech/video features and QRNN labelling on Apache Flink.",
        subcommands = {
            RunCommand.class,
            SubmitCommand.class,
            ReplayCommand.class,
            FeaturesCommand.class,
            InferCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            VideoFeaturesCommand.class,
            VideoShotsBaselineCommand.class,
            PlotCommand.class,
            PublishCommand.class,
            BenchCommand.class,
            InfoCommand.class,
            CommandLine.HelpCommand.class
        })
public final class QstreamCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code; errors are reported on stderr without a stack trace. */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new QstreamCommand());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("qstream " + cmd.getCommandName() + ": error: " + oneLine(ex));
            if (System.getenv("QSTREAM_DEBUG") != null) ex.printStackTrace(cmd.getErr());
            return 2;
        });
        return cl.execute(args);
    }

    /**
     * An error as one line: its message and, when the cause is buried (a failed Flink job says only "Job execution
     * failed"), the message of its deepest cause, which names the path or input and what went wrong.
     */
    static String oneLine(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String msg = String.valueOf(ex.getMessage());
        if (root != ex && root.getMessage() != null && !msg.contains(root.getMessage())) {
            msg += ": " + root.getClass().getSimpleName() + ": " + root.getMessage();
        }
        return msg.replaceAll("\\s*\\R\\s*", " ");
    }
}
