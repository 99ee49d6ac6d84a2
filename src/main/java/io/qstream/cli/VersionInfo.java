package io.qstream.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;

/** Versions of qstream and of the libraries it runs on, as {@code qstream info} prints them. */
public final class VersionInfo implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"qstream " + qstreamVersion()};
    }

    public static String qstreamVersion() {
        String v = VersionInfo.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    /** Lines of {@code name: value} describing Flink, ND4J, JavaCV and FFmpeg (loads the natives). */
    public static List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("qstream: " + qstreamVersion());
        lines.add("java: " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        lines.add("flink: " + org.apache.flink.runtime.util.EnvironmentInformation.getVersion());
        org.nd4j.linalg.factory.Nd4jBackend backend = org.nd4j.linalg.factory.Nd4j.getBackend();
        Properties env = org.nd4j.linalg.factory.Nd4j.getExecutioner().getEnvironmentInformation();
        lines.add("nd4j: " + artifactVersion(org.nd4j.linalg.factory.Nd4j.class, "org.nd4j", "nd4j-api")
                + " backend=" + backend.getClass().getSimpleName()
                + " blas=" + env.getOrDefault("blas.vendor", "?")
                + " omp.threads=" + env.getOrDefault("omp.threads", "?")
                + " cores=" + env.getOrDefault("cores", Runtime.getRuntime().availableProcessors()));
        lines.add("javacv: " + artifactVersion(org.bytedeco.javacv.FrameGrabber.class, "org.bytedeco", "javacv"));
        lines.add("javacpp: " + artifactVersion(org.bytedeco.javacpp.Loader.class, "org.bytedeco", "javacpp"));
        org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.global.avformat.class);
        lines.add("ffmpeg: libavformat " + libVersion(org.bytedeco.ffmpeg.global.avformat.avformat_version())
                + ", libavcodec " + libVersion(org.bytedeco.ffmpeg.global.avcodec.avcodec_version())
                + ", libswresample " + libVersion(org.bytedeco.ffmpeg.global.swresample.swresample_version()));
        lines.add("opencv: " + org.bytedeco.opencv.global.opencv_core.CV_VERSION());
        return lines;
    }

    private static String libVersion(int v) {
        return (v >> 16) + "." + ((v >> 8) & 0xff) + "." + (v & 0xff);
    }

    private static String artifactVersion(Class<?> anchor, String group, String artifact) {
        String path = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (var in = anchor.getResourceAsStream(path)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "?");
            }
        } catch (java.io.IOException ignored) {
            // fall through to the manifest
        }
        String v = anchor.getPackage().getImplementationVersion();
        return v != null ? v : "?";
    }
}
