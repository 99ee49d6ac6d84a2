package io.qstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qstream.flink.LabelJob;
import io.qstream.flink.LocalRun;
import io.qstream.pipeline.PipelineSpec;
import io.qstream.pipeline.ResolvedPipeline;
import io.qstream.flink.SummaryCollector;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.RemoteStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code qstream submit <pipeline.yaml> --jobmanager host:port}: validates the pipeline here exactly as
 * {@code qstream run} does (model loads, features match, labels exist), then submits the same {@link LabelJob} to a
 * running Flink session cluster through its REST endpoint, shipping only the thin job jar ({@code target/qstream.jar});
 * ND4J, JavaCV and the natives must already be on the cluster's classpath ({@code bin/flink-session}, docker/).
 * <p>
 * Every path in the pipeline (inputs, model, checkpoint dir, {@code --output}) is opened by the cluster's
 * TaskManagers, so it must exist there too: same machine, a shared file system, or baked into the image.
 * Attached (default): waits for the job, prints the per-stream summary, exit code 0 when every stream was labelled to
 * its end, 1 when a stream ended with an error; a failed job is an error naming its root cause.
 * {@code --detached}: prints the job id and returns once the cluster accepted the job.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Submit a pipeline (pipelines/*.yaml) to a running Flink session cluster (bin/flink-session).")
public final class SubmitCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "PIPELINE", description = "Pipeline YAML, e.g. pipelines/speech-vad.yaml.")
    Path pipeline;

    @Option(names = "--jobmanager", paramLabel = "HOST:PORT", required = true,
            description = "REST address of the session cluster's JobManager, e.g. 127.0.0.1:8081.")
    String jobmanager;

    /** --input URIs must be valid where the TaskManagers run (see the class comment). */
    @Mixin PipelineOverrides overrides;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Directory the TaskManagers write committed labels-*.jsonl part files to (a path valid on "
                    + "every TaskManager: local disk of a one-machine cluster, a shared file system, s3://...). "
                    + "Default: the pipeline's sink (stdout = the TaskManagers' .out files).")
    String output;

    @Option(names = "--detached", description = "Return once the cluster accepted the job; print its id.")
    boolean detached;

    @Option(names = "--jar", paramLabel = "JAR",
            description = "Job jar to ship (default: the qstream jar this command runs from, else target/qstream.jar).")
    Path jar;

    @Option(names = "--truststore", paramLabel = "FILE",
            description = "The REST endpoint uses TLS (security.ssl.rest.enabled): trust the certificates in this keystore "
                    + "file (PKCS12/JKS). Password: --truststore-password or the environment variable QSTREAM_TRUSTSTORE_PASSWORD.")
    Path truststore;

    @Option(names = "--truststore-password", paramLabel = "PASSWORD", description = "Password of --truststore.")
    String truststorePassword;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", description = "How long to try reaching the JobManager.")
    double connectTimeout = 5;

    @Override
    public Integer call() throws Exception {
        RunCommand.quietFlinkStartup();
        PipelineSpec spec = PipelineSpec.parse(pipeline);
        overrides.applyTo(spec);
        ResolvedPipeline p = ResolvedPipeline.resolve(spec, pipeline.toString());
        Address address = Address.parse(jobmanager);
        Path jobJar = jobJar();
        RestTruststore tls = truststore == null ? null : RestTruststore.open(truststore,
                truststorePassword != null ? truststorePassword : System.getenv("QSTREAM_TRUSTSTORE_PASSWORD"));
        ClusterOverview overview = overview(address, connectTimeout, tls);
        if (overview.slotsTotal == 0) {
            throw new IllegalStateException("Flink cluster at " + address + " has no TaskManager registered (0 task slots); "
                    + "start TaskManagers first (bin/flink-session status)");
        }
        if (overview.slotsAvailable < spec.parallelism) {
            System.err.printf("qstream submit: warning: %s has %d free task slot(s) for parallelism %d; the job waits for slots%n",
                    address, overview.slotsAvailable, spec.parallelism);
        }

        Sink<String> sink;
        if (output != null) {
            sink = LabelJob.fileSink(clusterPath(output));
        } else {
            sink = LabelJob.sink(spec);
            if (spec.sink.type.equals("stdout")) {
                System.err.println("qstream submit: labels go to the TaskManagers' stdout (their .out files); use --output DIR for files");
            }
        }

        Configuration clientConf = clientConfiguration(spec);
        if (tls != null) tls.applyTo(clientConf);
        StreamExecutionEnvironment env = new RemoteStreamEnvironment(address.host, address.port, clientConf, jobJar.toString());
        LabelJob.build(env, p).sinkTo(sink).name("sink").uid("sink");
        String name = LocalRun.jobName(p);
        long start = System.nanoTime();
        JobClient job;
        try {
            job = env.executeAsync(name);
        } catch (Exception e) {
            throw new IllegalStateException("submitting to Flink cluster " + address + " failed: " + rootMessage(e), e);
        }
        System.err.printf("qstream submit: job %s submitted to %s (%s, %d bytes shipped)%n", job.getJobID(), address,
                jobJar.getFileName(), Files.size(jobJar));
        if (detached) {
            System.out.println(job.getJobID());
            return 0;
        }
        JobExecutionResult result;
        try {
            result = job.getJobExecutionResult().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("job " + job.getJobID() + " on " + address + " failed: " + rootMessage(e), e);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        List<LocalRun.StreamSummary> streams = SummaryCollector.summaries(result);
        double media = streams.stream().mapToDouble(LocalRun.StreamSummary::seconds).sum();
        System.err.printf("qstream submit: job %s finished: %d stream(s), %.1f s of media, job ran %.1f s, %.1f s from submission%n",
                job.getJobID(), streams.size(), media, result.getNetRuntime() / 1000.0, wall);
        RunCommand.printStreams(streams);
        if (output != null && !output.contains("://")) {
            System.err.printf("qstream submit: %d lines committed under %s%n", LocalRun.committedLines(Path.of(output)).size(),
                    clusterPath(output));
        }
        return streams.stream().anyMatch(s -> s.error() != null) ? 1 : 0;
    }

    /** The pipeline's Flink settings, plus few REST retries: an unreachable cluster should fail fast, not in minutes. */
    static Configuration clientConfiguration(PipelineSpec spec) {
        Configuration conf = LabelJob.configuration(spec);
        conf.set(RestOptions.RETRY_MAX_ATTEMPTS, 3);
        conf.set(RestOptions.RETRY_DELAY, Duration.ofMillis(500));
        conf.set(RestOptions.CONNECTION_TIMEOUT, Duration.ofSeconds(10));
        return conf;
    }

    /** Local paths become absolute (the cluster has another working directory); URIs pass through. */
    static String clusterPath(String p) {
        return p.contains("://") ? p : Path.of(p).toAbsolutePath().normalize().toString();
    }

    private Path jobJar() throws URISyntaxException {
        if (jar != null) {
            if (!Files.isRegularFile(jar)) throw new IllegalArgumentException("--jar " + jar + ": no such file");
            return jar.toAbsolutePath();
        }
        var source = SubmitCommand.class.getProtectionDomain().getCodeSource();
        if (source != null) {
            Path self = Path.of(source.getLocation().toURI());
            if (Files.isRegularFile(self) && self.toString().endsWith(".jar")) return self;
        }
        Path built = Path.of("target", "qstream.jar").toAbsolutePath();
        if (!Files.isRegularFile(built)) {
            throw new IllegalArgumentException("no job jar: " + built + " does not exist (run mvn -DskipTests package, or pass --jar)");
        }
        return built;
    }

    /** A JobManager REST address {@code host:port}. */
    record Address(String host, int port) {
        static Address parse(String s) {
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                throw new IllegalArgumentException("--jobmanager " + s + ": expected HOST:PORT, e.g. 127.0.0.1:8081");
            }
            try {
                int port = Integer.parseInt(s.substring(colon + 1));
                if (port < 1 || port > 65535) throw new NumberFormatException();
                return new Address(s.substring(0, colon), port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--jobmanager " + s + ": port must be 1..65535");
            }
        }

        @Override
        public String toString() { return host + ":" + port; }
    }

    /** Task slots of a session cluster, from its REST {@code /overview}. */
    record ClusterOverview(int taskManagers, int slotsTotal, int slotsAvailable, String flinkVersion) {}

    /**
     * Asks the cluster's REST endpoint for {@code /overview}; an unreachable or non-Flink address is an error naming
     * it, before any job graph is built.
     */
    static ClusterOverview overview(Address address, double timeoutSeconds) {
        return overview(address, timeoutSeconds, null);
    }

    /** {@link #overview(Address, double)} over https trusting {@code tls} when it is not null. */
    static ClusterOverview overview(Address address, double timeoutSeconds, RestTruststore tls) {
        URI uri = URI.create((tls != null ? "https://" : "http://") + address + "/overview");
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofMillis((long) (timeoutSeconds * 1000)));
        if (tls != null) {
            try {
                builder.sslContext(tls.sslContext());
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalArgumentException("--truststore " + tls.file() + ": " + e.getMessage(), e);
            }
        }
        HttpClient http = builder.build();
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMillis((long) (timeoutSeconds * 1000))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the Flink JobManager at " + address + " (" + uri + "): "
                    + (e instanceof java.net.ConnectException ? "connection refused"
                            : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + "; is the session cluster running? (bin/flink-session status)"
                    + (tls == null ? "" : "; does its REST certificate match " + tls.file() + " and the host name?"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while contacting " + address, e);
        }
        JsonNode n;
        try {
            n = JSON.readTree(response.body());
        } catch (IOException e) {
            n = null;
        }
        if (response.statusCode() != 200 || n == null || !n.has("slots-total")) {
            throw new IllegalStateException(uri + " answered HTTP " + response.statusCode()
                    + " but not like a Flink JobManager REST endpoint: is " + address + " the REST port (rest.port, default 8081)?");
        }
        return new ClusterOverview(n.path("taskmanagers").asInt(), n.path("slots-total").asInt(),
                n.path("slots-available").asInt(), n.path("flink-version").asText());
    }

    /** The innermost cause's class and message: what actually went wrong on the cluster. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String text = root.getMessage();
        // Flink ships remote exceptions as SerializedThrowable, whose message starts with the original class name
        String type = root.getClass().getName().endsWith("SerializedThrowable") ? "" : root.getClass().getSimpleName() + ": ";
        return type + (text == null ? "(no message)" : text);
    }
}
