package io.qstream.flink.source;

import io.qstream.media.AudioChunk;
import io.qstream.media.AudioDecoder;
import io.qstream.media.DecodeOptions;
import io.qstream.media.MediaException;
import io.qstream.media.RawPcm;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes media as one Kafka stream in the format {@link KafkaPcm} reads: the input decoded by {@link AudioDecoder}
 * (resampled and downmixed by FFmpeg to {@link DecodeOptions#sampleRate} mono), one record per decoded chunk
 * (key = stream id, headers with format, rate and 1 channel), then an empty record with the end marker. With
 * {@code pace} 1 a chunk is sent no earlier than its last sample would have arrived live (2 = twice as fast, 0 = as
 * fast as possible). f32le carries the decoded samples exactly; s16le rounds them to whole int16 values (exact for
 * 16-bit sources at the output rate). Sends are idempotent ({@code acks=all}); {@link #publish} returns once every
 * record is acknowledged.
 */
public final class KafkaPublisher implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    /** The first send that failed (reported by the producer's callback thread). */
    private final AtomicReference<Exception> failed = new AtomicReference<>();

    /** @param properties extra producer properties (may be empty) */
    public KafkaPublisher(String bootstrapServers, Map<String, String> properties) {
        Properties p = new Properties();
        p.putAll(properties);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
    }

    /** What was sent: records (the end marker included), samples, media seconds. */
    public record Published(long records, long samples, double seconds) {}

    /**
     * Decodes {@code uri} and sends it as stream {@code stream} to {@code topic}.
     *
     * @param end whether to send the end marker (false leaves the stream to the reader's idle timeout)
     */
    public Published publish(String uri, DecodeOptions decode, String topic, String stream, RawPcm format, double pace,
                             boolean end) throws MediaException, InterruptedException {
        long records = 0;
        long samples = 0;
        byte[] key = stream.getBytes(StandardCharsets.UTF_8);
        // metadata first: a topic the first send auto-creates made the idempotent producer's sequence numbers go wrong here
        // (OutOfOrderSequenceException until the batches expired, kafka-clients 4.2.0 with a 4.2.0 broker)
        producer.partitionsFor(topic);
        long start = System.nanoTime();
        try (AudioDecoder d = AudioDecoder.open(uri, decode)) {
            for (AudioChunk c; (c = d.read()) != null; ) {
                if (pace > 0) {
                    long due = start + (long) (c.endSample() / (double) c.sampleRate() / pace * 1e9);
                    long wait = due - System.nanoTime();
                    if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                send(topic, key, format.fromMono(c.samples(), 0, c.samples().length), format, c.sampleRate(), false);
                records++;
                samples += c.samples().length;
            }
        }
        if (end) {
            send(topic, key, new byte[0], format, decode.sampleRate, true);
            records++;
        }
        flush();
        return new Published(records, samples, samples / (double) decode.sampleRate);
    }

    /** Sends one record of {@code stream}: {@code pcm} (mono) with the format headers, and the end marker if asked. */
    public void send(String topic, byte[] key, byte[] pcm, RawPcm format, int sampleRate, boolean end) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, key, pcm);
        r.headers().add(KafkaPcm.FORMAT, format.id().getBytes(StandardCharsets.UTF_8));
        r.headers().add(KafkaPcm.SAMPLE_RATE, Integer.toString(sampleRate).getBytes(StandardCharsets.UTF_8));
        r.headers().add(KafkaPcm.CHANNELS, "1".getBytes(StandardCharsets.UTF_8));
        if (end) r.headers().add(KafkaPcm.END, new byte[0]);
        producer.send(r, (meta, e) -> {
            if (e != null) failed.compareAndSet(null, e);
        });
    }

    /** The producer, for records in other shapes (tests of bad records). */
    public KafkaProducer<byte[], byte[]> producer() {
        return producer;
    }

    /** Waits until everything sent is acknowledged. @throws IllegalStateException naming the first send that failed */
    public void flush() {
        producer.flush();
        Exception e = failed.get();
        if (e != null) throw new IllegalStateException("publishing to Kafka failed: " + e.getMessage(), e);
    }

    @Override
    public void close() {
        producer.close();
    }
}
