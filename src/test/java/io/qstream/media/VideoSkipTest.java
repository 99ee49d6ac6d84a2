package io.qstream.media;

import static io.qstream.media.VideoFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** skipTo resumes exactly: the frames after it equal those of a pass from the start. */
class VideoSkipTest {

    @ParameterizedTest
    @ValueSource(doubles = {0, 10})
    void skipForwardBackwardAndPastTheEndIsExact(double fps) throws Exception {
        String input = path("shots-h264.mp4");
        VideoDecodeOptions o = options(160, 120, fps);
        List<VideoFrame> all = decodeAll(input, o);
        try (VideoDecoder d = VideoDecoder.open(input, o)) {
            for (int target : new int[] {37, 5, 0, all.size() - 1, 20}) {
                d.skipTo(target);
                assertEquals(target, d.position());
                VideoFrame f = d.read();
                assertEquals(target, f.index());
                assertEquals(all.get(target).seconds(), f.seconds());
                assertArrayEquals(all.get(target).rgb(), f.rgb(), "frame " + target + " after skipTo");
            }
            d.skipTo(100_000);
            assertEquals(all.size(), d.position());
            assertNull(d.read());
        }
    }

    @Test
    void negativeFrameIsABadOption() throws Exception {
        try (VideoDecoder d = VideoDecoder.open(path("index-10fps.mkv"), null)) {
            MediaException e = assertThrows(MediaException.class, () -> d.skipTo(-1));
            assertEquals(MediaException.Kind.BAD_OPTIONS, e.kind());
        }
    }
}
