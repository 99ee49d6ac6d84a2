package io.qstream.media;

import static io.qstream.media.MediaFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sample stream does not depend on the chunk size, and skipTo lands exactly where a full pass would be. */
class ChunkingAndSkipTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"speech-44k-stereo.flac", "speech-22k.mp3", "speech-opus.ogg"})
    void chunksConcatenateToTheSameSamplesForAnyChunkSize(String file) throws Exception {
        float[] reference = decodeAll(path(file), options(16000, 4000));
        for (int chunk : new int[] {1, 7, 4000, 1_000_000}) {
            float[] got = decodeAll(path(file), options(16000, chunk));
            assertArrayEquals(reference, got, file + " with chunkSamples " + chunk);
        }
    }

    @Test
    void chunksHaveExactlyChunkSamplesExceptTheLastAndTimestamps() throws Exception {
        try (AudioDecoder d = AudioDecoder.open(path("speech-22k.mp3"), options(16000, 4000))) {
            AudioChunk c;
            long expectedFirst = 0;
            int count = 0;
            while ((c = d.read()) != null) {
                assertEquals(expectedFirst, c.firstSample());
                assertEquals(expectedFirst / 16000.0, c.startSeconds(), 1e-12);
                expectedFirst += c.samples().length;
                count++;
            }
            assertEquals(48000, expectedFirst);
            assertEquals(12, count, "3 s = 12 chunks of 0.25 s");
            assertEquals(48000, d.position());
        }
    }

    @Test
    void skipToGivesTheIdenticalTail() throws Exception {
        String file = path("speech-22k.mp3"); // lossy frames + 22.05k -> 16k resampling: state carries across
        float[] reference = decodeAll(file, options(16000, 4000));
        for (long k : new long[] {0, 1, 3999, 4000, 12345, 47999, reference.length}) {
            for (int chunk : new int[] {7, 4000}) {
                try (AudioDecoder d = AudioDecoder.open(file, options(16000, chunk))) {
                    d.skipTo(k);
                    assertEquals(k, d.position());
                    AudioChunk first = d.read();
                    if (k == reference.length) {
                        assertNull(first, "skip to the end leaves nothing to read");
                        continue;
                    }
                    assertEquals(k, first.firstSample());
                    float[] rest = drain(d, chunk);
                    float[] tail = new float[first.samples().length + rest.length];
                    System.arraycopy(first.samples(), 0, tail, 0, first.samples().length);
                    System.arraycopy(rest, 0, tail, first.samples().length, rest.length);
                    assertArrayEquals(Arrays.copyOfRange(reference, (int) k, reference.length), tail,
                            "tail after skipTo(" + k + ") with chunkSamples " + chunk);
                }
            }
        }
    }

    @Test
    void skipToForwardAfterReadingAndBackwardsByReopening() throws Exception {
        String file = path("speech-44k-stereo.flac");
        float[] reference = decodeAll(file, options(16000, 4000));
        try (AudioDecoder d = AudioDecoder.open(file, options(16000, 1000))) {
            d.read();
            d.read();
            d.skipTo(10_500); // forward from 2000
            AudioChunk c = d.read();
            assertEquals(10_500, c.firstSample());
            assertArrayEquals(Arrays.copyOfRange(reference, 10_500, 11_500), c.samples());
            d.skipTo(123); // backwards: reopens and decodes again from the start
            c = d.read();
            assertEquals(123, c.firstSample());
            assertArrayEquals(Arrays.copyOfRange(reference, 123, 1123), c.samples());
            d.skipTo(1_000_000); // past the end
            assertEquals(reference.length, d.position());
            assertNull(d.read());
        }
    }

    @Test
    void skipToANegativeSampleIsABadOption() throws Exception {
        try (AudioDecoder d = AudioDecoder.open(path("speech-opus.ogg"), null)) {
            MediaException e = assertThrows(MediaException.class, () -> d.skipTo(-1));
            assertEquals(MediaException.Kind.BAD_OPTIONS, e.kind());
        }
    }
}
