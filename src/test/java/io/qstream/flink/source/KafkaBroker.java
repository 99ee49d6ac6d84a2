package io.qstream.flink.source;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The tests' Kafka broker: a real broker process started the way a user starts one, {@code bin/kafka-local start}
 * on two free loopback ports with its data under {@code target/}. One per test JVM (started on first use, stopped
 * by a shutdown hook), since a start takes seconds; tests use their own topics.
 */
public final class KafkaBroker {
    private static KafkaBroker shared;
    private final Path dir;
    private final int port;

    private KafkaBroker(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** The running broker, started on first call. */
    public static synchronized KafkaBroker get() throws IOException, InterruptedException {
        if (shared == null) {
            Path dir = Path.of("target", "kafka-test-" + UUID.randomUUID()).toAbsolutePath();
            int[] ports = freePorts(2);
            run("start", "--dir", dir.toString(), "--port", Integer.toString(ports[0]),
                    "--controller-port", Integer.toString(ports[1]), "--partitions", "4");
            KafkaBroker b = new KafkaBroker(dir, ports[0]);
            Runtime.getRuntime().addShutdownHook(new Thread(b::stop));
            shared = b;
        }
        return shared;
    }

    /** {@code 127.0.0.1:port}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Creates {@code topic} with {@code partitions} partitions (before producers use it: see {@link KafkaPublisher#publish}). */
    public String createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
        return topic;
    }

    /** Every record of {@code topic} a {@code read_committed} consumer sees now, partition by partition (values). */
    public List<String> readCommitted(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo i : c.partitionsFor(topic)) parts.add(new TopicPartition(topic, i.partition()));
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(parts));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("reading " + topic + " timed out");
                for (ConsumerRecord<String, String> r : c.poll(java.time.Duration.ofMillis(200))) {
                    if (!r.value().startsWith("{\"stream\":\"" + r.key() + "\"")) {
                        throw new IllegalStateException("record keyed " + r.key() + " holds " + r.value());
                    }
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    /** Records in {@code topic} (all partitions, committed or not). */
    public long recordCount(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo i : c.partitionsFor(topic)) parts.add(new TopicPartition(topic, i.partition()));
            long n = 0;
            for (long end : c.endOffsets(parts).values()) n += end;
            return n;
        }
    }

    private void stop() {
        try {
            run("stop", "--dir", dir.toString());
        } catch (IOException | InterruptedException e) {
            System.err.println("stopping the test broker: " + e);
        }
    }

    private static void run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of("bin/kafka-local").toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile("kafka-local", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroy();
            throw new IOException("bin/kafka-local " + String.join(" ", args) + " failed: " + Files.readString(log));
        }
        Files.deleteIfExists(log);
    }

    private static int[] freePorts(int n) throws IOException {
        ServerSocket[] sockets = new ServerSocket[n];
        int[] ports = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (ServerSocket s : sockets) if (s != null) s.close();
        }
        return ports;
    }
}
