package io.qstream.cli;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@code qstream} in-process for tests and captures what it printed. */
public record CliRun(int exitCode, String out, String err) {

    /** Runs the CLI with {@code args}; stdout and stderr are captured, then restored. */
    public static CliRun of(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = QstreamCommand.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * {@code qstream ARGS} as a separate JVM on the test classpath (for what an in-process run cannot show: its own
     * stdin, its log output, its exit), with the flags {@code bin/qstream} passes and {@code jvmOptions} before the class.
     */
    public static ProcessBuilder process(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir",
                        System.getProperty("user.home") + "/.javacpp/cache"),
                "--add-opens=java.base/java.util=ALL-UNNAMED"));
        cmd.addAll(jvmOptions);
        cmd.add("io.qstream.cli.QstreamCommand");
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }
}
