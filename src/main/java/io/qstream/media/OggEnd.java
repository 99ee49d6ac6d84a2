package io.qstream.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether an Ogg file (Opus, Vorbis, FLAC in Ogg) ends the way a finished one does: with a complete page that carries
 * the end-of-stream flag. Ogg declares no total duration (FFmpeg estimates it from the last page there is), so a file
 * cut short would otherwise decode as a shorter, complete one.
 */
final class OggEnd {
    /** Largest Ogg page: 27-byte header, 255 lacing values, 255 segments of 255 bytes. */
    private static final int MAX_PAGE = 27 + 255 + 255 * 255;
    private static final int EOS_FLAG = 0x04;

    private OggEnd() {}

    /**
     * @return null when the file's last page is complete and flagged end-of-stream (or the file cannot be read: FFmpeg
     *     reports that), else what is wrong, e.g. "ends in the middle of an Ogg page"
     */
    static String problem(Path file) {
        byte[] tail;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            int n = (int) Math.min(size, MAX_PAGE);
            ByteBuffer buf = ByteBuffer.allocate(n);
            ch.position(size - n);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // read the whole tail
            }
            tail = buf.array();
        } catch (IOException e) {
            return null;
        }
        // The last complete page is the one starting at an "OggS" whose header and body end exactly at the end.
        for (int at = tail.length - 27; at >= 0; at--) {
            if (tail[at] != 'O' || tail[at + 1] != 'g' || tail[at + 2] != 'g' || tail[at + 3] != 'S') continue;
            int segments = tail[at + 26] & 0xFF;
            if (at + 27 + segments > tail.length) continue;
            long body = 0;
            for (int i = 0; i < segments; i++) body += tail[at + 27 + i] & 0xFF;
            if (at + 27 + segments + body != tail.length) continue;
            return (tail[at + 5] & EOS_FLAG) != 0 ? null : "its last Ogg page is not flagged end-of-stream";
        }
        return "it ends in the middle of an Ogg page";
    }
}
