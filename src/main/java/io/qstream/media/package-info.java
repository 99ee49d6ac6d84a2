/**
 * Media input: decoding any audio FFmpeg reads into mono float samples at int16 scale, in chunks.
 *
 * <p>{@link io.qstream.media.AudioDecoder} is the entry point: {@code open(input, DecodeOptions)}, then
 * {@code read()} until null. Samples are what Kaldi reads from a 16-bit WAV (sample values as floats; a 16 kHz
 * 16-bit WAV comes out bit-identical), at {@link io.qstream.media.DecodeOptions#sampleRate}, with stereo downmixed
 * as (L+R)/2 and the rate converted by libswresample. The stream does not depend on the chunk size, and
 * {@code skipTo} resumes bit-exactly (by decoding from the start and discarding).
 *
 * <p>FFmpeg conceals damage by default (it decodes a truncated MP3 or WAV to its end without an error, and drops
 * damaged FLAC frames silently), so for files the decoder is strict: the first decode error, a FLAC CRC mismatch,
 * or ending short of the duration the header declares fails with {@link io.qstream.media.MediaException.Kind#CORRUPT}
 * after the samples decoded before it were delivered. Live (network) inputs tolerate decode errors and time out
 * instead of hanging. This package uses FFmpeg (through JavaCPP's presets) and no Flink.
 */
package io.qstream.media;
