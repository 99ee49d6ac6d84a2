/**
 * Training and scoring of QRNN frame labellers.
 *
 * <p>Data: {@link io.qstream.train.Manifest} (TSV: media, labels, optional cached features, note) and
 * {@link io.qstream.train.FrameLabels} (frame CSV {@code frame_index,label} or {@code start end label} segment
 * lists); {@code tools/make-vad-data.sh} synthesizes the speech-activity data. {@link io.qstream.train.QrnnNet} is
 * the trainable stack with hand-written backward passes (checked against finite differences in the tests),
 * {@link io.qstream.train.Trainer} runs truncated BPTT with carried state, Adam, zoneout, dropout, class weights and
 * early stopping, {@link io.qstream.train.ModelExport} turns the result into qrnn's inference model (saved with
 * {@code ModelFiles}). {@link io.qstream.train.FrameMetrics} and {@link io.qstream.train.EnergyBaseline} score
 * models and the comparison detector. The CLI's {@code qstream train} and {@code qstream eval} wire these to media
 * decoding and feature extraction.
 *
 * <p>Imports: features, qrnn, arrays and ND4J only (no Flink, no FFmpeg).
 */
package io.qstream.train;
