package io.qstream.cli;

import picocli.CommandLine.Command;

/** {@code qstream info}: versions of Flink, ND4J (backend, BLAS, threads), JavaCV and FFmpeg. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Print versions of Flink, ND4J (backend, BLAS, threads), JavaCV and FFmpeg.")
public final class InfoCommand implements Runnable {
    @Override
    public void run() {
        VersionInfo.describe().forEach(System.out::println);
    }
}
