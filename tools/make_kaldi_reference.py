#!/usr/bin/python3
"""Writes Kaldi reference features for FeatureParityTest into fixtures/features/.

Kaldi's compute-fbank-feats / compute-mfcc-feats with --dither=0 are computed by torchaudio.compliance.kaldi
(Debian's python3-torchaudio), on a segment of fixtures/audio/speech-en-16k.wav read at int16 scale as Kaldi reads
WAV. Every option is passed explicitly with Kaldi's default unless the config overrides it (torchaudio's own
defaults differ from Kaldi's in places, e.g. energy_floor=1.0 where Kaldi has 0).

Writes one <name>.npy (float32 [frames, dims]) per config and manifest.json, which the test reads: the segment
(first sample, number of samples) and, per config, its file and options by Kaldi's kebab-case names (what
io.qstream.features.FeatureSpec.fromMap takes).

Usage: /usr/bin/python3 tools/make_kaldi_reference.py   (from the repository root; deterministic)
"""
import json
import os
import wave

import numpy as np
import torch
import torchaudio
import torchaudio.compliance.kaldi as kaldi

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WAV = os.path.join(ROOT, "fixtures", "audio", "speech-en-16k.wav")
OUT = os.path.join(ROOT, "fixtures", "features")

# 3 s from 0.25 s: digital silence (exact zeros), then speech.
SEGMENT_START = 4000
SEGMENT_SAMPLES = 48000

FRAME_DEFAULTS = {
    "sample-frequency": 16000.0, "frame-length": 25.0, "frame-shift": 10.0, "dither": 0.0,
    "preemphasis-coefficient": 0.97, "remove-dc-offset": True, "window-type": "povey",
    "round-to-power-of-two": True, "blackman-coeff": 0.42, "snip-edges": True,
    "num-mel-bins": 23, "low-freq": 20.0, "high-freq": 0.0, "vtln-low": 100.0, "vtln-high": -500.0,
    "vtln-warp": 1.0,
}
FBANK_DEFAULTS = dict(FRAME_DEFAULTS, **{
    "use-energy": False, "energy-floor": 0.0, "raw-energy": True, "htk-compat": False,
    "use-log-fbank": True, "use-power": True})
MFCC_DEFAULTS = dict(FRAME_DEFAULTS, **{
    "num-ceps": 13, "use-energy": True, "energy-floor": 0.0, "raw-energy": True,
    "cepstral-lifter": 22.0, "htk-compat": False})

# name -> (type, options overriding Kaldi's defaults)
CONFIGS = {
    "fbank-23": ("fbank", {}),
    "fbank-40": ("fbank", {"num-mel-bins": 40}),
    "fbank-80": ("fbank", {"num-mel-bins": 80}),
    "mfcc-13": ("mfcc", {}),
    "fbank-40-nosnip-hamming-energy": ("fbank", {
        "num-mel-bins": 40, "snip-edges": False, "window-type": "hamming", "use-energy": True,
        "preemphasis-coefficient": 0.95}),
    "fbank-23-vtln-htk": ("fbank", {
        "vtln-warp": 0.9, "htk-compat": True, "use-energy": True, "raw-energy": False, "window-type": "hanning",
        "low-freq": 60.0, "high-freq": -400.0}),
    "mfcc-20-blackman-nopow2": ("mfcc", {
        "num-ceps": 20, "num-mel-bins": 40, "window-type": "blackman", "round-to-power-of-two": False,
        "snip-edges": False, "cepstral-lifter": 0.0, "remove-dc-offset": False}),
    "fbank-30-magnitude-rect": ("fbank", {
        "num-mel-bins": 30, "use-power": False, "window-type": "rectangular", "frame-length": 20.0, "frame-shift": 12.5,
        "energy-floor": 1.0e6, "use-energy": True}),
}


def read_int16_wav(path):
    with wave.open(path, "rb") as w:
        if w.getsampwidth() != 2 or w.getnchannels() != 1:
            raise SystemExit(f"{path}: expected 16-bit mono PCM")
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return pcm.astype(np.float32)  # int16 scale, as Kaldi reads WAV


def torchaudio_args(options):
    return {k.replace("-", "_"): v for k, v in options.items()}


def compute(kind, options, samples):
    wave_t = torch.from_numpy(samples).unsqueeze(0)
    fn = kaldi.fbank if kind == "fbank" else kaldi.mfcc
    return fn(wave_t, **torchaudio_args(options)).numpy().astype(np.float32)


def main():
    torch.set_num_threads(1)
    samples = read_int16_wav(WAV)[SEGMENT_START:SEGMENT_START + SEGMENT_SAMPLES]
    os.makedirs(OUT, exist_ok=True)
    manifest = {
        "audio": "fixtures/audio/speech-en-16k.wav",
        "segment_start": SEGMENT_START,
        "segment_samples": SEGMENT_SAMPLES,
        "generator": f"tools/make_kaldi_reference.py, torch {torch.__version__}, torchaudio {torchaudio.__version__}",
        "configs": [],
    }
    for name, (kind, overrides) in CONFIGS.items():
        options = dict(FBANK_DEFAULTS if kind == "fbank" else MFCC_DEFAULTS)
        options.update(overrides)
        feats = compute(kind, options, samples)
        np.save(os.path.join(OUT, name + ".npy"), feats)
        manifest["configs"].append({"name": name, "file": name + ".npy", "type": kind, "options": options})
        print(f"{name}: {feats.shape}")
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
