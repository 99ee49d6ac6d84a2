package io.qstream.media;

/**
 * One decoded video frame, owned by the caller (a copy, never FFmpeg's buffer).
 *
 * @param rgb packed RGB24 pixels, row-major {@code [height, width, 3]}: byte {@code 3*(y*width+x)+c} is channel c
 *     (0 = R, 1 = G, 2 = B) of pixel (x, y), unsigned 0..255 (read with {@code & 0xff})
 * @param width pixels per row
 * @param height rows
 * @param index frame number from the stream start, 0-based (after fps resampling when that is on)
 * @param seconds presentation time from the stream start, seconds (index / fps when resampling)
 */
public record VideoFrame(byte[] rgb, int width, int height, long index, double seconds) {

    public VideoFrame {
        if (rgb.length != 3 * width * height) {
            throw new IllegalArgumentException("rgb has " + rgb.length + " bytes, expected 3*" + width + "*" + height);
        }
    }
}
