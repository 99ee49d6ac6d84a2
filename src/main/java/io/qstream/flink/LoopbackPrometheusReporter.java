package io.qstream.flink;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.util.Properties;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.prometheus.AbstractPrometheusReporter;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Flink's Prometheus reporter ({@code flink-metrics-prometheus}: the same metric names and conversion) listening on one
 * address, {@code 127.0.0.1} unless the reporter's {@code host} option names another. Flink's own
 * {@code PrometheusReporter} has no host option and listens on every interface; every port qstream opens binds to
 * loopback unless the user names an address. Options: {@code host} (default 127.0.0.1), {@code port} (a port or a
 * range {@code 9249-9259}: the first free one). The collector registry of Flink's base class is package-private, so it
 * is read by reflection (checked by {@code MetricsScrapeTest} against the Flink version in the pom).
 */
public final class LoopbackPrometheusReporter extends AbstractPrometheusReporter {
    private HTTPServer server;

    /** The factory named in {@code metrics.reporter.<name>.factory.class}. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new LoopbackPrometheusReporter();
        }
    }

    @Override
    public void open(MetricConfig config) {
        super.open(config);
        String host = config.getString("host", "127.0.0.1");
        String ports = config.getString("port", "9249");
        CollectorRegistry registry = registry();
        IOException last = null;
        for (int port : portList(ports)) {
            try {
                server = new HTTPServer(new InetSocketAddress(host, port), registry);
                log.info("Prometheus metrics at http://{}:{}/metrics", host, port);
                return;
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IllegalStateException("cannot serve Prometheus metrics on " + host + ":" + ports
                + (last == null ? "" : ": " + last.getMessage()), last);
    }

    private static int[] portList(String ports) {
        java.util.List<Integer> l = new java.util.ArrayList<>();
        org.apache.flink.util.NetUtils.getPortRangeFromString(ports).forEachRemaining(l::add);
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    private CollectorRegistry registry() {
        try {
            Field f = AbstractPrometheusReporter.class.getDeclaredField("registry");
            f.setAccessible(true);
            return (CollectorRegistry) f.get(this);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("flink-metrics-prometheus changed: no collector registry to serve", e);
        }
    }

    @Override
    public void close() {
        if (server != null) server.stop();
        super.close();
    }
}
