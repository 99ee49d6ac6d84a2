package io.qstream.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.features.FeatureSpec;
import io.qstream.flink.record.MetricNames;
import io.qstream.pipeline.ModelLoader;
import io.qstream.pipeline.PipelineSpec;
import io.qstream.pipeline.ResolvedPipeline;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --metrics-port}: the Prometheus reporter ({@link LoopbackPrometheusReporter}, on loopback) serves the
 * job's metrics ({@link MetricNames}) while a paced run goes on; the scraped counters move, and never exceed what the
 * run's summary reports.
 */
class MetricsScrapeTest {
    private static final ModelLoader MODEL = () -> EnergyVadModel.build(FeatureSpec.defaults("fbank"));

    /** A sink that drops the lines (only the metrics matter here). */
    private static final class Discard implements Sink<String> {
        @Override
        public SinkWriter<String> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override public void write(String element, Context c) {}
                @Override public void flush(boolean endOfInput) {}
                @Override public void close() {}
            };
        }
    }

    /** Sum over all series of {@code name} (one per subtask) in a Prometheus text page; -1 when absent. */
    static double value(String page, String name) {
        double sum = -1;
        for (String line : page.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int end = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
            if (end < 0 || !line.substring(0, end).endsWith(name)) continue;
            sum = Math.max(sum, 0) + Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return sum;
    }

    @Test
    void countersMoveDuringAPacedRunAndAgreeWithTheSummary(@TempDir Path dir) throws Exception {
        Path wav = TestAudio.cut(dir, "a.wav", 0, 3.0, 1f);
        ResolvedPipeline p = ResolvedPipeline.resolve(PipelineSpec.parse("model: energy-vad\nfeatures: {type: fbank}\n"
                + "labels: {segment-labels: [speech]}\ncheckpointing: {interval: 500ms}\n"
                + "inputs: [{uri: '" + wav + "', name: a, pace: 1, decode: {chunk-samples: 1600}}]\n", "test"), "test", MODEL);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CompletableFuture<LocalRun.Result> run = CompletableFuture.supplyAsync(() -> {
            try {
                return LocalRun.run(p, new Discard(), null, LocalRun.prometheus("127.0.0.1", Integer.toString(port)));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<Double> frames = new ArrayList<>();
        List<Double> calls = new ArrayList<>();
        while (!run.isDone()) {
            try {
                String page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                double f = value(page, MetricNames.FRAMES_LABELLED);
                if (f >= 0) {
                    frames.add(f);
                    calls.add(value(page, MetricNames.MODEL_CALLS));
                }
            } catch (java.io.IOException e) {
                // the reporter is not up yet, or already closed
            }
            Thread.sleep(200);
        }
        LocalRun.Result r = run.get();
        long summaryFrames = r.streams().get(0).frames();
        assertTrue(summaryFrames > 250, "3 s of audio: " + summaryFrames);
        assertTrue(frames.size() >= 3, "scraped while running: " + frames);
        double first = frames.get(0);
        double last = frames.get(frames.size() - 1);
        assertTrue(last > first, "the frame counter moved during the paced run: " + frames);
        for (int i = 1; i < frames.size(); i++) assertTrue(frames.get(i) >= frames.get(i - 1), "a counter never goes down: " + frames);
        assertTrue(last <= summaryFrames, "scraped " + last + " frames, the summary says " + summaryFrames);
        assertTrue(calls.get(calls.size() - 1) > calls.get(0), "model calls moved: " + calls);
        assertEquals(1, r.streams().size());
    }
}
