#!/usr/bin/python3
"""Synthesizes labelled speech-activity data (train + held-out validation) for qstream.

Run through tools/make-vad-data.sh. Deterministic for a given --seed (the synthesizers are deterministic too).

Every clip is built at 16 kHz from:
  * speech: espeak-ng (many voices, variants, languages, rates, pitches), flite (its built-in voices) and festival
    (the festvox voices installed), sometimes pitch-shifted (sox pitch, +-5 semitones), optionally reverberated
    (sox reverb) and band-limited through a random sample rate (8..48 kHz);
  * backgrounds and non-speech events: silence, white/pink/brown noise, tones, chords, beeps, DTMF, sweeps,
    music-like note sequences with harmonics and drums, animal-like chirps and harmonic calls;
  * level: a random overall level plus slow level changes; speech-to-background SNR 0..30 dB (or clean).
Labels come from the CLEAN dry speech track before mixing: a Kaldi frame i (samples [160 i, 160 i + 400) at 16 kHz)
is speech when its clean-speech energy is within 35 dB of the loudest frame of that utterance; gaps shorter than
150 ms between speech frames are filled (the pauses inside a phrase count as speech) and islands shorter than
30 ms dropped.

The validation split uses voices, languages, flite voices, music timbres and noise seeds that the training split
never sees, and is written as WAV/FLAC/MP3, mono/stereo, at 8..48 kHz (the labels always count 16 kHz frames).

Never uses recordings from Debian packages (alsa-utils, pocketsphinx-testdata, asterisk sounds, codec2-examples,
linphone-common): those are kept for evaluation.
"""
import argparse
import os
import random
import re
import subprocess
import sys
import tempfile

import numpy as np

SR = 16000
SHIFT = 160
WIN = 400

# Voices held out for validation (never in training).
VAL_ESPEAK_LANGS = {"en-gb-scotland", "en-us-nyc", "de", "es-419", "it", "pl", "sv", "hi", "tr", "vi"}
VAL_ESPEAK_VARIANTS = {"Andrea", "Henrique", "Mr", "f4", "m3", "klatt3", "whisper", "Annie", "Gene", "robert"}
FLITE_TRAIN = ["kal16", "slt", "rms"]
FLITE_VAL = ["awb"]
# Festival voices (Debian festvox-* packages), used when festival is installed.
FESTIVAL_TRAIN = ["kal_diphone", "cmu_us_slt_arctic_hts", "upc_ca_ona_hts", "pc_diphone"]
FESTIVAL_VAL = ["ked_diphone", "lp_diphone"]


def festival_voices():
    """The festival voices installed here (empty without festival)."""
    if subprocess.run(["sh", "-c", "command -v text2wave"], stdout=subprocess.DEVNULL).returncode != 0:
        return set()
    found = set()
    for root, dirs, _ in os.walk("/usr/share/festival/voices"):
        found.update(dirs)
    return found


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw).stdout


def espeak_catalogue():
    langs, variants = [], []
    for line in run(["espeak-ng", "--voices"]).decode().splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 5:
            langs.append(parts[1])
    for line in run(["espeak-ng", "--voices=variant"]).decode().splitlines()[1:]:
        parts = line.split(None, 4)
        if len(parts) >= 5:
            # "File" column is like !v/adam; the variant id is after the slash.
            m = re.search(r"!v/(\S+)", line)
            if m:
                variants.append(m.group(1))
    # Some catalogue entries have no usable dictionary here: keep only the languages that speak.
    ok = [l for l in sorted(set(langs))
          if subprocess.run(["espeak-ng", "-v", l, "-q", "hello"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL).returncode == 0]
    return ok, sorted(set(variants))


def load_text():
    words = []
    for name in ["GPL-3", "Apache-2.0", "GFDL-1.3", "Artistic", "MPL-2.0", "LGPL-2.1"]:
        p = os.path.join("/usr/share/common-licenses", name)
        if os.path.exists(p):
            with open(p, encoding="utf-8", errors="ignore") as f:
                words += re.findall(r"[A-Za-z][a-z]{1,14}", f.read())
    if not words:
        words = "the quick brown fox jumps over the lazy dog streaming speech needs low latency".split()
    return words


def sentence(rng, words):
    n = rng.randint(3, 18)
    start = rng.randrange(0, len(words) - n)
    parts = words[start:start + n]
    text = " ".join(parts)
    if rng.random() < 0.4:
        k = rng.randint(1, len(parts) - 1)
        text = " ".join(parts[:k]) + ", " + " ".join(parts[k:])
    if rng.random() < 0.3:
        text += ". " + " ".join(words[(start + 50) % (len(words) - 8):(start + 50) % (len(words) - 8) + rng.randint(2, 8)])
    if rng.random() < 0.15:
        text += " " + str(rng.randint(0, 99999))
    return text + rng.choice([".", "?", "!", "."])


def read_wav_any(path):
    """Decodes any audio file to float32 mono 16 kHz (int16 scale / 32768) with ffmpeg (sox has no MP3 here)."""
    raw = run(["ffmpeg", "-nostdin", "-loglevel", "error", "-i", path, "-f", "s16le", "-ac", "1", "-ar", str(SR), "-"])
    return np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0


def sox_process(x, args, rate=SR):
    """Runs a float signal through sox effects (e.g. reverb) and returns float32 at 16 kHz."""
    with tempfile.TemporaryDirectory() as d:
        a, b = os.path.join(d, "a.wav"), os.path.join(d, "b.wav")
        write_wav(a, x, rate)
        run(["sox", "-V1", a, "-r", str(SR), "-c", "1", "-b", "16", b] + args)
        return read_wav_any(b)


def write_wav(path, x, rate=SR, channels=1):
    y = np.clip(np.round(x * 32767.0), -32768, 32767).astype("<i2")
    import wave
    with wave.open(path, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(y.tobytes())


def synth_speech(rng, words, split, langs, variants, festival):
    """Returns one clean utterance (float32, 16 kHz) from espeak-ng, flite or festival, maybe pitch-shifted."""
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "s.wav")
        text = sentence(rng, words)
        fest = [v for v in (FESTIVAL_VAL if split == "val" else FESTIVAL_TRAIN) if v in festival]
        r = rng.random()
        if fest and r < 0.3:
            voice = rng.choice(fest)
            stretch = rng.uniform(0.75, 1.4)
            scm = os.path.join(d, "t.txt")
            with open(scm, "w") as f:
                f.write(text)
            who = "festival:" + voice
            run(["text2wave", "-eval", "(voice_%s)" % voice, "-eval",
                 "(Parameter.set 'Duration_Stretch %.2f)" % stretch, scm, "-o", out])
        elif r < 0.55:
            voices = FLITE_VAL if split == "val" else FLITE_TRAIN
            who = "flite:" + rng.choice(voices)
            cmd = ["flite", "-voice", who[6:], "-t", text, "-o", out]
            if rng.random() < 0.5:
                cmd[1:1] = ["--setf", "duration_stretch=%.2f" % rng.uniform(0.7, 1.5),
                            "--setf", "int_f0_target_mean=%d" % rng.randint(80, 240)]
            run(cmd)
        else:
            lang_pool = [l for l in langs if (l in VAL_ESPEAK_LANGS) == (split == "val")]
            var_pool = [v for v in variants if (v in VAL_ESPEAK_VARIANTS) == (split == "val")]
            # English most of the time: the model will meet mostly English-like speech, but many languages widen it.
            en = [l for l in lang_pool if l.startswith("en")]
            lang = rng.choice(en) if en and rng.random() < 0.5 else rng.choice(lang_pool)
            voice = lang + ("+" + rng.choice(var_pool) if rng.random() < 0.8 else "")
            who = "espeak:" + voice
            cmd = ["espeak-ng", "-v", voice, "-s", str(rng.randint(90, 300)), "-p", str(rng.randint(0, 99)),
                   "-a", "150", "-g", str(rng.randint(0, 12)), "-w", out, text]
            try:
                run(cmd)
            except subprocess.CalledProcessError:
                run(["espeak-ng", "-v", "en-us", "-w", out, text])
        if rng.random() < 0.4:
            # Other speakers: shift the pitch (and with it the apparent vocal tract) by up to +-5 semitones.
            shifted = os.path.join(d, "p.wav")
            cents = rng.randint(-500, 500)
            run(["sox", "-V1", out, shifted, "pitch", str(cents)])
            who += "@%+dc" % cents
            out = shifted
        x = read_wav_any(out)
    peak = np.max(np.abs(x)) + 1e-9
    return (x / peak * 0.7).astype(np.float32), who


def frame_energy_db(x):
    n = 1 + (len(x) - WIN) // SHIFT if len(x) >= WIN else 0
    idx = np.arange(n)[:, None] * SHIFT + np.arange(WIN)[None, :]
    e = np.mean(x[idx] ** 2, axis=1) if n else np.zeros(0)
    return 10 * np.log10(e + 1e-12)


def speech_labels(clean, nframes):
    """Per-frame 0/1 from the clean speech track: energy within 35 dB of the loudest frame, gaps < 150 ms filled."""
    e = frame_energy_db(clean)[:nframes]
    if len(e) == 0 or e.max() < -80:
        return np.zeros(nframes, dtype=np.int8)
    lab = (e > max(e.max() - 35.0, -70.0)).astype(np.int8)
    return smooth_labels(lab, fill=15, drop=3)


def smooth_labels(lab, fill, drop):
    lab = lab.copy()
    on = np.flatnonzero(lab)
    if len(on) == 0:
        return lab
    # fill short gaps
    for a, b in zip(on[:-1], on[1:]):
        if 1 < b - a <= fill:
            lab[a:b] = 1
    # drop short islands
    i = 0
    n = len(lab)
    while i < n:
        if lab[i]:
            j = i
            while j < n and lab[j]:
                j += 1
            if j - i < drop:
                lab[i:j] = 0
            i = j
        else:
            i += 1
    return lab


# ---------------------------------------------------------------- non-speech sounds (float32, 16 kHz, ~unit RMS)

def colored_noise(nrng, n, color):
    w = nrng.standard_normal(n).astype(np.float64)
    if color == "white":
        y = w
    else:
        spec = np.fft.rfft(w)
        f = np.arange(len(spec), dtype=np.float64)
        f[0] = 1.0
        spec /= np.sqrt(f) if color == "pink" else f
        y = np.fft.irfft(spec, n)
    return (y / (np.std(y) + 1e-12)).astype(np.float32)


def env_adsr(n, a=0.01, r=0.05):
    e = np.ones(n, dtype=np.float32)
    na, nr = max(1, int(a * SR)), max(1, int(r * SR))
    na, nr = min(na, n // 2), min(nr, n // 2)
    e[:na] = np.linspace(0, 1, na)
    e[n - nr:] = np.linspace(1, 0, nr)
    return e


def tone(freqs, n, harmonics=None, amps=None):
    t = np.arange(n) / SR
    y = np.zeros(n, dtype=np.float64)
    harmonics = harmonics or [1.0]
    for f in freqs:
        for h, a in enumerate(harmonics, 1):
            if f * h < SR / 2:
                y += a * np.sin(2 * np.pi * f * h * t + h)
    return (y / (np.std(y) + 1e-12)).astype(np.float32)


def dtmf(rng, n):
    lows, highs = [697, 770, 852, 941], [1209, 1336, 1477, 1633]
    y = np.zeros(n, dtype=np.float32)
    pos = 0
    while pos < n:
        d = int(rng.uniform(0.05, 0.2) * SR)
        g = int(rng.uniform(0.05, 0.2) * SR)
        seg = tone([rng.choice(lows), rng.choice(highs)], min(d, n - pos))
        y[pos:pos + len(seg)] = seg * env_adsr(len(seg), 0.003, 0.003)
        pos += d + g
    return y


def beeps(rng, n):
    y = np.zeros(n, dtype=np.float32)
    f = rng.uniform(300, 3000)
    d, g = rng.uniform(0.05, 0.6), rng.uniform(0.1, 1.0)
    pos = int(rng.uniform(0, g) * SR)
    while pos < n:
        seg = tone([f], min(int(d * SR), n - pos))
        y[pos:pos + len(seg)] = seg * env_adsr(len(seg), 0.005, 0.005)
        pos += int((d + g) * SR)
    return y


def sweep(rng, n):
    t = np.arange(n) / SR
    f0, f1 = rng.uniform(50, 4000), rng.uniform(50, 7000)
    period = rng.uniform(0.3, 4.0)
    frac = (t % period) / period
    f = f0 * (f1 / f0) ** frac
    phase = 2 * np.pi * np.cumsum(f) / SR
    return (np.sin(phase) * np.sqrt(2)).astype(np.float32)


TIMBRES_TRAIN = [[1.0], [1, .5, .33, .25, .2], [1, 0, .33, 0, .2, 0, .14], [1, .8, .6, .4, .3, .2, .1]]
TIMBRES_VAL = [[1, .3, .6, .1, .4], [1, .9, .1, .7, .05, .5]]


def music(rng, n, split):
    """Random melody + chords with harmonic timbres, note envelopes, optional drums: 'music-like' sound."""
    timbres = TIMBRES_VAL if split == "val" else TIMBRES_TRAIN
    y = np.zeros(n, dtype=np.float32)
    bpm = rng.uniform(60, 180)
    beat = 60.0 / bpm
    root = rng.randint(40, 60)
    scale = [0, 2, 4, 5, 7, 9, 11, 12]
    timbre = rng.choice(timbres)
    pos = 0
    while pos < n:
        dur = int(beat * rng.choice([0.5, 1, 1, 2]) * SR)
        seg_n = min(dur, n - pos)
        notes = [root + 12 + rng.choice(scale)]
        if rng.random() < 0.4:
            notes += [notes[0] + 4, notes[0] + 7]  # a triad: chords
        freqs = [440.0 * 2 ** ((m - 69) / 12) for m in notes]
        seg = tone(freqs, seg_n, timbre)
        decay = np.exp(-np.arange(seg_n) / SR * rng.uniform(0.5, 6))
        y[pos:pos + seg_n] += seg * env_adsr(seg_n, 0.01, 0.03) * decay
        pos += dur
    if rng.random() < 0.5:  # drums: bass drum (low sine burst) and hats (noise bursts)
        nrng = np.random.default_rng(rng.randrange(1 << 30))
        step = int(beat * SR / 2)
        for k, p in enumerate(range(0, n, step)):
            m = min(int(0.12 * SR), n - p)
            if k % 2 == 0:
                t = np.arange(m) / SR
                y[p:p + m] += 1.5 * np.sin(2 * np.pi * 60 * t) * np.exp(-t * 30)
            else:
                y[p:p + m] += 0.5 * nrng.standard_normal(m) * np.exp(-np.arange(m) / SR * 60)
    return (y / (np.std(y) + 1e-12)).astype(np.float32)


def animal(rng, n):
    """Bird-like chirps (fast FM) or harmonic calls with vibrato (meow/bark-like): voiced but not speech."""
    y = np.zeros(n, dtype=np.float32)
    pos = int(rng.uniform(0, 0.5) * SR)
    kind = rng.choice(["chirp", "call"])
    while pos < n:
        d = rng.uniform(0.05, 0.3) if kind == "chirp" else rng.uniform(0.2, 1.0)
        m = min(int(d * SR), n - pos)
        t = np.arange(m) / SR
        if kind == "chirp":
            f = rng.uniform(2000, 6000) + rng.uniform(-2000, 2000) * t / max(d, 1e-3) \
                + 300 * np.sin(2 * np.pi * rng.uniform(20, 60) * t)
            seg = np.sin(2 * np.pi * np.cumsum(f) / SR)
        else:
            f0 = rng.uniform(250, 900) * (1 + 0.3 * np.sin(np.pi * t / d)) + 15 * np.sin(2 * np.pi * 6 * t)
            ph = 2 * np.pi * np.cumsum(f0) / SR
            seg = sum((0.7 ** h) * np.sin(h * ph) for h in range(1, 8))
        seg = seg / (np.std(seg) + 1e-12) * env_adsr(m, 0.01, 0.05)
        y[pos:pos + m] = seg
        pos += m + int(rng.uniform(0.05, 1.0) * SR)
    return y


def background(rng, nrng, n, split):
    kind = rng.choice(["white", "pink", "brown", "white", "pink", "brown", "music", "music", "tones", "chord",
                       "beeps", "dtmf", "sweep", "animal", "hum", "mix"])
    if kind in ("white", "pink", "brown"):
        return colored_noise(nrng, n, kind), kind
    if kind == "music":
        return music(rng, n, split), kind
    if kind == "tones":
        return tone([rng.uniform(100, 4000)], n), kind
    if kind == "chord":
        base = rng.uniform(110, 880)
        return tone([base, base * 1.26, base * 1.5], n, rng.choice(TIMBRES_TRAIN)), kind
    if kind == "beeps":
        return beeps(rng, n), kind
    if kind == "dtmf":
        return dtmf(rng, n), kind
    if kind == "sweep":
        return sweep(rng, n), kind
    if kind == "animal":
        return animal(rng, n), kind
    if kind == "hum":
        return tone([rng.choice([50, 60])], n, [1, .5, .3, .2, .1]), kind
    a, _ = background(rng, nrng, n, split)
    b = colored_noise(nrng, n, rng.choice(["white", "pink", "brown"]))
    y = a + b * 10 ** (-rng.uniform(0, 20) / 20)
    return (y / (np.std(y) + 1e-12)).astype(np.float32), "mix"


def bandlimit(x, rng):
    """Passes the signal through a random sample rate (8..48 kHz) and back, as telephone/codec chains do."""
    rate = rng.choice([8000, 11025, 12000, 22050, 24000, 32000, 44100, 48000])
    if rate >= SR and rng.random() < 0.5:
        return x, SR
    y = sox_process(x, ["rate", str(rate)], SR)  # down/up to `rate`, then sox_process resamples back to 16 kHz
    return y[:len(x)] if len(y) >= len(x) else np.pad(y, (0, len(x) - len(y))), rate


def make_clip(rng, words, split, langs, variants, festival):
    nrng = np.random.default_rng(rng.randrange(1 << 30))
    dur = rng.uniform(4.0, 12.0)
    n = int(dur * SR)
    speech = np.zeros(n, dtype=np.float32)
    lab = np.zeros(1 + (n - WIN) // SHIFT, dtype=np.int8)
    desc = []
    n_utt = 0 if rng.random() < 0.15 else rng.randint(1, 3)
    pos = int(rng.uniform(0, 1.5) * SR)
    for _ in range(n_utt):
        u, who = synth_speech(rng, words, split, langs, variants, festival)
        desc.append(who)
        if pos + len(u) > n:
            u = u[:max(0, n - pos)]
        if len(u) < WIN:
            break
        u *= 10 ** (rng.uniform(-10, 0) / 20)  # speakers at different levels
        clean = np.zeros(n, dtype=np.float32)
        clean[pos:pos + len(u)] = u
        lab = np.maximum(lab, speech_labels(clean, len(lab)))
        speech += clean
        pos += len(u) + int(rng.uniform(0.2, 2.5) * SR)
        if pos >= n - WIN:
            break
    desc.append("utt=%d" % n_utt)
    if n_utt and rng.random() < 0.35:
        room = rng.randint(10, 90)
        wet = sox_process(speech, ["reverb", str(room), "50", str(rng.randint(20, 100))])
        speech = wet[:n] if len(wet) >= n else np.pad(wet, (0, n - len(wet)))
        desc.append("reverb=%d" % room)
    # background: none, or noise/music/tones at SNR 0..30 dB relative to speech RMS (over speech frames)
    r = rng.random()
    mix = speech.copy()
    mask = np.repeat(lab, SHIFT).astype(bool)
    sp_rms = np.sqrt(np.mean(speech[:len(mask)][mask] ** 2)) if lab.any() else 0.1
    if r < 0.12 and n_utt:
        desc.append("clean")
        mix += colored_noise(nrng, n, "white") * sp_rms * 10 ** (-rng.uniform(45, 70) / 20)
    else:
        bg, kind = background(rng, nrng, n, split)
        snr = rng.uniform(0, 30) if n_utt else rng.uniform(-10, 30)
        if rng.random() < 0.3:  # the background comes and goes (non-speech events between speech)
            gate = np.zeros(n, dtype=np.float32)
            p = 0
            while p < n:
                on = int(rng.uniform(0.3, 3) * SR)
                gate[p:p + on] = 1
                p += on + int(rng.uniform(0.3, 3) * SR)
            bg = bg * np.convolve(gate, np.ones(160) / 160, mode="same").astype(np.float32)
        mix += bg * sp_rms * 10 ** (-snr / 20)
        desc.append("%s@%.0fdB" % (kind, snr))
    # random spectral tilt (microphone/channel colouring): one-pole filter
    if rng.random() < 0.4:
        a = rng.uniform(-0.9, 0.9)
        mix = np.append(mix[:1], mix[1:] - a * mix[:-1]).astype(np.float32)
        desc.append("tilt=%.2f" % a)
    mix, rate = bandlimit(mix, rng)
    desc.append("via=%d" % rate)
    # level: overall peak -40..-1 dBFS, plus slow level changes of up to +-10 dB
    if rng.random() < 0.3:
        t = np.linspace(0, 1, n)
        mix = mix * (10 ** (rng.uniform(-10, 10) * np.sin(2 * np.pi * rng.uniform(0.05, 0.5) * t + rng.uniform(0, 6)) / 20))
        desc.append("levelchange")
    peak = np.max(np.abs(mix)) + 1e-9
    mix = mix / peak * 10 ** (-rng.uniform(1, 40) / 20)
    return mix.astype(np.float32), lab, " ".join(desc)


def write_clip(path_noext, x, lab, split, rng):
    """Training: 16 kHz mono WAV. Validation: WAV/FLAC/MP3, mono/stereo, 8..48 kHz (labels: 16 kHz frames)."""
    if split == "train":
        path = path_noext + ".wav"
        write_wav(path, x)
    else:
        fmt = rng.choice(["wav", "flac", "mp3"])
        rate = rng.choice([8000, 16000, 22050, 44100, 48000])
        ch = rng.choice([1, 2])
        path = path_noext + "." + fmt
        with tempfile.TemporaryDirectory() as d:
            tmp = os.path.join(d, "x.wav")
            write_wav(tmp, x)
            args = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", tmp, "-ar", str(rate), "-ac", str(ch)]
            if fmt == "mp3":
                args += ["-b:a", rng.choice(["64k", "128k", "192k"])]
            run(args + [path])
    with open(path_noext + ".labels.csv", "w") as f:
        f.write("frame_index,label\n")
        for i, v in enumerate(lab):
            f.write("%d,%s\n" % (i, "speech" if v else "nonspeech"))
    return path


def fbank(x, bins):
    """Kaldi compute-fbank-feats --dither=0 --num-mel-bins=bins on 16 kHz samples at int16 scale: [frames, bins]."""
    import torch
    import torchaudio.compliance.kaldi as kaldi
    w = torch.from_numpy(np.ascontiguousarray(x * 32768.0, dtype=np.float32))[None, :]
    return kaldi.fbank(w, num_mel_bins=bins, dither=0.0, energy_floor=0.0,
                       sample_frequency=SR).numpy().astype(np.float32)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="data/vad")
    ap.add_argument("--train", type=int, default=400)
    ap.add_argument("--val", type=int, default=80)
    ap.add_argument("--seed", type=int, default=20261127)
    ap.add_argument("--split", choices=["train", "val", "both"], default="both")
    ap.add_argument("--fbank", type=int, default=40,
                    help="also cache Kaldi fbank features (this many mel bins, dither 0, torchaudio's Kaldi-compatible"
                         " implementation) as .npy beside each clip; 0 = none")
    args = ap.parse_args()
    langs, variants = espeak_catalogue()
    festival = festival_voices()
    print("espeak-ng: %d languages, %d variants; festival voices: %s" % (len(langs), len(variants),
                                                                       sorted(festival)), file=sys.stderr)
    words = load_text()
    for split, count, seed in [("train", args.train, args.seed), ("val", args.val, args.seed + 1)]:
        if args.split not in (split, "both"):
            continue
        rng = random.Random(seed)
        d = os.path.join(args.out, split)
        os.makedirs(d, exist_ok=True)
        rows = []
        speech_frames = total_frames = 0
        for i in range(count):
            x, lab, desc = make_clip(rng, words, split, langs, variants, festival)
            path = write_clip(os.path.join(d, "clip%04d" % i), x, lab, split, rng)
            row = [os.path.relpath(path, args.out),
                   os.path.relpath(os.path.join(d, "clip%04d.labels.csv" % i), args.out)]
            if args.fbank:
                fpath = os.path.join(d, "clip%04d.fbank%d.npy" % (i, args.fbank))
                np.save(fpath, fbank(read_wav_any(path), args.fbank))
                row.append(os.path.relpath(fpath, args.out))
            rows.append(row + [desc])
            speech_frames += int(lab.sum())
            total_frames += len(lab)
            if (i + 1) % 50 == 0:
                print("%s: %d/%d clips" % (split, i + 1, count), file=sys.stderr)
        with open(os.path.join(args.out, split + ".tsv"), "w") as f:
            f.write("# qstream manifest: media<TAB>labels<TAB>note; paths relative to this file\n")
            f.write("media\tlabels\t" + ("features\t" if args.fbank else "") + "note\n")
            for r in rows:
                f.write("\t".join(r) + "\n")
        print("%s: %d clips, %.1f min, %.1f%% speech frames" % (split, count, total_frames / 6000.0,
                                                               100.0 * speech_frames / max(1, total_frames)),
              file=sys.stderr)


if __name__ == "__main__":
    main()
