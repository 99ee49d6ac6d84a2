/**
 * Kaldi-compatible speech features (fbank, MFCC) and CMVN, batch and streaming. Plain Java: no Flink, no FFmpeg.
 *
 * <p>Input: mono samples at int16 scale (-32768..32767, as Kaldi reads WAV) at the spec's sample-frequency.
 * Output: {@link io.qstream.arrays.FloatMatrix} rows {@code [frames, dim]}, one row per 10 ms by default; frame i
 * covers samples [160 i, 160 i + 400) (snip-edges). Values equal Kaldi's {@code compute-fbank-feats} /
 * {@code compute-mfcc-feats --dither=0} (FeatureParityTest, references from tools/make_kaldi_reference.py).
 *
 * <p>Layers, as in Kaldi's src/feat:
 * <ul>
 *   <li>Options, by Kaldi's names; defaults documented once, on {@link io.qstream.features.FrameExtractionOptions},
 *       {@link io.qstream.features.MelBanksOptions}, {@link io.qstream.features.FbankOptions},
 *       {@link io.qstream.features.MfccOptions}, {@link io.qstream.features.CmvnOptions};
 *       {@link io.qstream.features.FeatureSpec} is their map / CLI form.</li>
 *   <li>Framing: {@link io.qstream.features.Framing} (where frames lie, reflection at the edges) and
 *       {@link io.qstream.features.StreamFramer} (carries the remainder between chunks).</li>
 *   <li>Per-frame computation: {@link io.qstream.features.WindowProcessor} (dither, DC, energy, pre-emphasis,
 *       window), {@link io.qstream.features.RealFft}, {@link io.qstream.features.MelBanks},
 *       {@link io.qstream.features.FbankComputer}, {@link io.qstream.features.MfccComputer}.</li>
 *   <li>Drivers: {@link io.qstream.features.OfflineFeatures} (whole signal) and
 *       {@link io.qstream.features.StreamingFeatureExtractor} (chunks of any size, serialisable state), bit-identical
 *       to each other.</li>
 *   <li>Normalisation: {@link io.qstream.features.OnlineCmvn} (Kaldi OnlineCmvn, causal),
 *       {@link io.qstream.features.SlidingCmvn} (apply-cmvn-sliding), {@link io.qstream.features.GlobalCmvn}
 *       (fixed mean/std from {@link io.qstream.features.CmvnStats}).</li>
 * </ul>
 */
package io.qstream.features;
