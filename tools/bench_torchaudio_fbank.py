#!/usr/bin/python3
"""Times torchaudio.compliance.kaldi.fbank (80 mel bins, Kaldi defaults, dither 0) on 10 s of audio.

The same audio and options as io.qstream.bench.FbankBenchmark: the first 10 s of fixtures/audio/speech-en-16k.wav
(looped if shorter) at int16 scale, float32. Prints a human line and a last line `ms_per_op=<ms>` (milliseconds per
10 s of audio, the mean over the timed repetitions) for bench/fbank-vs-torchaudio.sh.

Usage: /usr/bin/python3 tools/bench_torchaudio_fbank.py [--threads 1] [--seconds 10] [--wav PATH] [--min-time 6]
"""
import argparse
import os
import time
import wave

import numpy as np
import torch
import torchaudio.compliance.kaldi as kaldi

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (match the Java side: 1)")
    ap.add_argument("--seconds", type=float, default=10.0, help="audio per operation")
    ap.add_argument("--wav", default=os.path.join(ROOT, "fixtures", "audio", "speech-en-16k.wav"))
    ap.add_argument("--min-time", type=float, default=6.0, help="seconds of timed repetitions")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    with wave.open(args.wav, "rb") as w:
        if w.getsampwidth() != 2 or w.getnchannels() != 1 or w.getframerate() != 16000:
            raise SystemExit(f"{args.wav}: expected 16 kHz 16-bit mono PCM")
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32)
    n = int(args.seconds * 16000)
    audio = torch.from_numpy(np.resize(pcm, n).copy()).unsqueeze(0)

    def op():
        return kaldi.fbank(audio, num_mel_bins=80, dither=0.0, energy_floor=0.0, sample_frequency=16000.0)

    for _ in range(5):  # warm-up
        feats = op()
    times = []
    start = time.perf_counter()
    while time.perf_counter() - start < args.min_time or len(times) < 10:
        t0 = time.perf_counter()
        op()
        times.append(time.perf_counter() - t0)
    ms = 1000.0 * float(np.mean(times))
    print(f"torchaudio {torch.__version__} kaldi.fbank 80 bins, {args.seconds:g} s audio -> {tuple(feats.shape)}, "
          f"{args.threads} thread(s): {ms:.3f} ms/op (median {1000 * np.median(times):.3f}, {len(times)} reps), "
          f"real-time factor {1000 * args.seconds / ms:.0f}x")
    print(f"ms_per_op={ms:.6f}")


if __name__ == "__main__":
    main()
