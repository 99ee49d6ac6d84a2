package io.qstream.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * Headerless interleaved PCM as it arrives in a message (one Kafka record): {@code s16le} (signed 16-bit) or
 * {@code f32le} (32-bit float, full scale = 1.0), little-endian. {@link #toMono} turns a buffer into the samples
 * the rest of the pipeline takes from {@link AudioDecoder}: mono at int16 scale, more channels downmixed to their
 * mean (stereo = (L+R)/2, as {@link FfmpegAudioSource} does). A 16 kHz mono s16le or f32le stream of samples
 * {@link AudioDecoder} produced therefore comes out bit-identical (scaling by 32768 is exact in float).
 */
public enum RawPcm {
    S16LE(2),
    F32LE(4);

    /** Bytes per sample of one channel. */
    public final int bytesPerSample;

    RawPcm(int bytesPerSample) {
        this.bytesPerSample = bytesPerSample;
    }

    /** The lower-case name used in headers and YAML ({@code s16le}, {@code f32le}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format named {@code id} (case-insensitive). @throws IllegalArgumentException naming the known ones */
    public static RawPcm of(String id) {
        for (RawPcm f : values()) {
            if (f.id().equalsIgnoreCase(id.trim())) return f;
        }
        throw new IllegalArgumentException("unknown PCM format '" + id + "' (known: s16le, f32le)");
    }

    /** Why {@code bytes} of {@code channels}-channel audio in this format cannot be decoded, or null when it can. */
    public String checkLength(int bytes, int channels) {
        int frame = bytesPerSample * channels;
        if (bytes % frame == 0) return null;
        return bytes + " bytes is not a whole number of " + id() + " sample frames of " + channels + " channel"
                + (channels == 1 ? "" : "s") + " (" + frame + " bytes each)";
    }

    /**
     * Mono samples at int16 scale from {@code bytes} of interleaved {@code channels}-channel audio.
     *
     * @throws IllegalArgumentException when the length is not a whole number of sample frames ({@link #checkLength})
     */
    public float[] toMono(byte[] bytes, int channels) {
        if (channels < 1) throw new IllegalArgumentException("channels must be >= 1, got " + channels);
        String bad = checkLength(bytes.length, channels);
        if (bad != null) throw new IllegalArgumentException(bad);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int n = bytes.length / (bytesPerSample * channels);
        float[] out = new float[n];
        float inv = 1f / channels;
        for (int i = 0; i < n; i++) {
            if (channels == 1) {
                out[i] = sample(b);
                continue;
            }
            float acc = 0;
            for (int c = 0; c < channels; c++) acc += sample(b) * inv;
            out[i] = acc;
        }
        return out;
    }

    /**
     * Bytes of mono {@code samples} (int16 scale) in this format: s16le rounds to the nearest integer and clips to
     * -32768..32767; f32le divides by 32768 (exact).
     */
    public byte[] fromMono(float[] samples, int offset, int length) {
        ByteBuffer b = ByteBuffer.allocate(length * bytesPerSample).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = offset; i < offset + length; i++) {
            if (this == S16LE) b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(samples[i]))));
            else b.putFloat(samples[i] / 32768f);
        }
        return b.array();
    }

    private float sample(ByteBuffer b) {
        return this == S16LE ? b.getShort() : b.getFloat() * 32768f;
    }
}
