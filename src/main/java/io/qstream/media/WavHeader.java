package io.qstream.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The audio duration a RIFF/WAVE header declares. FFmpeg's wav demuxer estimates the duration from the file size
 * instead of trusting the data chunk size, so it cannot tell a truncated WAV from a short one; this can.
 */
final class WavHeader {

    private WavHeader() {
    }

    /**
     * @return seconds the 'data' chunk size declares, or -1 when the file is not a plain RIFF/WAVE, or its sizes are
     *     streaming placeholders (0 or 0xFFFFFFFF, as written by pipes)
     */
    static double declaredSeconds(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return declaredSeconds(in);
        } catch (IOException e) {
            return -1; // unreadable: FFmpeg's own open reports it
        }
    }

    /**
     * The same for a WAV served over http(s): its first 4 KiB, fetched with a Range request (the decoder's own
     * connection cannot be rewound to read it). -1 when the server does not answer within the timeout.
     */
    static double declaredSeconds(String url, double timeoutSeconds) {
        try {
            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                    .connectTimeout(java.time.Duration.ofMillis((long) (timeoutSeconds * 1000)))
                    .followRedirects(java.net.http.HttpClient.Redirect.NORMAL).build();
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                    .header("Range", "bytes=0-4095").timeout(java.time.Duration.ofMillis((long) (timeoutSeconds * 1000)))
                    .build();
            java.net.http.HttpResponse<InputStream> r = client.send(request,
                    java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                return r.statusCode() / 100 == 2 ? declaredSeconds(new java.io.ByteArrayInputStream(in.readNBytes(4096))) : -1;
            }
        } catch (IOException | IllegalArgumentException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static double declaredSeconds(InputStream in) {
        try {
            ByteBuffer riff = ByteBuffer.wrap(in.readNBytes(12)).order(ByteOrder.LITTLE_ENDIAN);
            if (riff.remaining() < 12 || riff.getInt(0) != 0x46464952 /* RIFF */ || riff.getInt(8) != 0x45564157) {
                return -1;
            }
            int sampleRate = 0;
            int blockAlign = 0;
            for (int guard = 0; guard < 64; guard++) {
                byte[] h = in.readNBytes(8);
                if (h.length < 8) {
                    return -1;
                }
                ByteBuffer hb = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
                int id = hb.getInt(0);
                long size = hb.getInt(4) & 0xFFFFFFFFL;
                if (id == 0x20746d66 /* "fmt " */) {
                    byte[] f = in.readNBytes((int) Math.min(size, 64));
                    if (f.length < 16) {
                        return -1;
                    }
                    ByteBuffer fb = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
                    sampleRate = fb.getInt(4);
                    blockAlign = fb.getShort(12) & 0xFFFF;
                    in.skipNBytes(size - f.length + (size & 1));
                } else if (id == 0x61746164 /* "data" */) {
                    if (sampleRate <= 0 || blockAlign <= 0 || size == 0 || size == 0xFFFFFFFFL) {
                        return -1;
                    }
                    return (double) (size / blockAlign) / sampleRate;
                } else {
                    in.skipNBytes(size + (size & 1));
                }
            }
            return -1;
        } catch (IOException e) {
            return -1; // shorter than its chunk headers: FFmpeg's own open reports it
        }
    }
}
