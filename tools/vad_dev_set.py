#!/usr/bin/python3
"""The speech-activity development set (fixtures/vad-dev): real recordings of the `dev` split of
tools/real_vad_data.py (speakers and music/effect files that no training or validation clip uses), one file per
condition instance, 12-20 s each, with segment labels and a manifest that `qstream eval --breakdown` reads.

Run: tools/make-real-vad-data.sh --dev (needs data/vad-real/sources.tsv from the same script).
Conditions (note column `cond=...`): clean speech in 8 languages, quiet and loud talkers, noise at 0-10 and 10-20 dB
SNR, speech over music, music only, tones only (ring-back, busy, DTMF; synthesized), effects only, applause-like
(synthesized), 8 kHz mu-law telephone band 300-3400 Hz, reverberant far-field speech with babble of 4-8 other
talkers 15-25 dB below it. Labels follow the rule of tools/real_vad_data.py on the clean, dry main talker.
Files are Opus 24 kbit/s mono 48 kHz, MP3 32 kbit/s stereo 44.1 kHz, or mu-law WAV 8 kHz (telephone).
"""
import os
import subprocess
import tempfile

import numpy as np

import real_vad_data as R


def segments(lab):
    """Speech runs as 'start end speech' lines; frame i's centre is 0.01 i + 0.0125 s."""
    out, i, n = [], 0, len(lab)
    while i < n:
        if lab[i]:
            j = i
            while j < n and lab[j]:
                j += 1
            out.append("%.4f %.4f speech" % (i * 0.01 + 0.0075, (j - 1) * 0.01 + 0.0175))
            i = j
        else:
            i += 1
    return out


def write(out_dir, name, x, lab, fmt):
    with tempfile.TemporaryDirectory() as d:
        tmp = os.path.join(d, "x.wav")
        R.write_wav(tmp, x)
        base = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", tmp, "-map_metadata", "-1"]
        if fmt == "opus":
            path = name + ".opus"
            R.run(base + ["-ac", "1", "-ar", "48000", "-c:a", "libopus", "-b:a", "24k", os.path.join(out_dir, path)])
        elif fmt == "mp3":
            path = name + ".mp3"
            R.run(base + ["-ac", "2", "-ar", "44100", "-b:a", "32k", os.path.join(out_dir, path)])
        else:
            path = name + ".wav"
            R.run(base + ["-af", "highpass=f=300,lowpass=f=3400", "-ar", "8000", "-c:a", "pcm_mulaw",
                          os.path.join(out_dir, path)])
    with open(os.path.join(out_dir, name + ".txt"), "w") as f:
        f.write("# start end label (seconds); frames outside are nonspeech\n")
        f.write("\n".join(segments(lab)) + ("\n" if lab.any() else ""))
    return path


def level(x, peak_db):
    return x / (np.max(np.abs(x)) + 1e-9) * 10 ** (peak_db / 20)


def make(args):
    pool = R.read_sources(args.out)
    out_dir = args.dev_out if hasattr(args, "dev_out") else "fixtures/vad-dev"
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    dev_speech = [s for s in pool if s["kind"] == "speech" and s["split"] == "dev"]
    rows = []

    def n_of(sec):
        n = int(sec * R.SR)
        return n - n % R.SHIFT

    def add(name, x, lab, fmt, note):
        path = write(out_dir, name, x, lab, fmt)
        rows.append((path, name + ".txt", note))

    def talker(spk, n, gap=1.0):
        return R.speech_track(rng, dev_speech, n, gap, speaker=spk)

    def floor(n, db):
        return R.colored_noise(rng, n, "pink") * 10 ** (db / 20)

    langs = ["de", "el", "fi", "nl", "ro", "sv", "pt", "sr"]
    for k, lang in enumerate(langs):
        n = n_of(15)
        sp, lab = talker("kt:" + lang, n)
        x = level(sp, rng.uniform(-20, -3)) + floor(n, -75)
        add("clean-%s" % lang, x, lab, "opus" if k % 2 == 0 else "mp3", "cond=clean lang=%s" % lang)
    for spk, tag in (("kt:de", "de"), ("kt:el", "el")):
        n = n_of(15)
        sp, lab = talker(spk, n)
        add("quiet-%s" % tag, level(sp, -42) + floor(n, -78), lab, "opus", "cond=quiet lang=%s" % tag)
    for spk, tag in (("hw:Mobster", "mobster"), ("hw:Default_pl", "pl")):
        n = n_of(15)
        sp, lab = talker(spk, n, 0.7)
        x = np.clip(level(sp, 2.0), -0.99, 0.99)  # shouted and slightly clipped
        add("loud-%s" % tag, x, lab, "opus", "cond=loud voice=%s" % tag)

    def over(sp, lab, bg, snr):
        mask = np.pad(np.repeat(lab, R.SHIFT), (0, len(sp)))[:len(sp)].astype(bool)
        return sp + bg / R.rms(bg) * R.rms(sp[mask]) * 10 ** (-snr / 20)

    noisy = [("kt:fi", "white", 3), ("kt:nl", "effect", 7), ("kt:ro", "brown", 13), ("kt:pt", "effect", 17),
             ("kt:sv", "pink", 0), ("hw:Default_pl", "pink", 15)]
    for k, (spk, bgk, snr) in enumerate(noisy):
        n = n_of(15)
        sp, lab = talker(spk, n)
        bg, _ = R.background(rng, pool, "dev", n, bgk)
        band = "0-10dB" if snr < 10 else "10-20dB"
        add("noisy-%d-%s-%ddB" % (k, bgk, snr), level(over(sp, lab, bg, snr), rng.uniform(-12, -2)), lab, "opus",
            "cond=noisy-%s bg=%s" % (band, bgk))
    music = [s for s in pool if s["kind"] == "music" and s["split"] == "dev"]
    for k, (spk, snr) in enumerate((("kt:de", 3), ("kt:sr", 8), ("hw:Mobster", 12), ("kt:el", 15))):
        n = n_of(18)
        sp, lab = talker(spk, n)
        bg = R.excerpt(rng, music[k % len(music)], n)
        add("speech-over-music-%d" % k, level(over(sp, lab, bg, snr), -3), lab, "opus" if k % 2 else "mp3",
            "cond=speech+music snr=%ddB" % snr)
    for k, s in enumerate(music[:6]):
        n = n_of(15)
        x = R.excerpt(rng, s, n)
        add("music-only-%d" % k, level(x, rng.uniform(-12, -1)), np.zeros(R.nframes(n), np.int8),
            "opus" if k % 2 else "mp3", "cond=music-only src=%s" % s["group"].replace(":", "-"))
    for k, kinds in enumerate((("ringback-eu",), ("ringback-us",), ("busy", "dtmf"))):
        n = n_of(15)
        x = sum(R.tone_signal(rng, n, kk) for kk in kinds) + floor(n, -60)
        add("tone-only-%d" % k, level(x, -6), np.zeros(R.nframes(n), np.int8), "opus",
            "cond=tone-only tones=%s" % "+".join(kinds))
    fx = [s for s in pool if s["kind"] == "effect" and s["split"] == "dev"]
    for k in range(2):
        n = n_of(15)
        x = np.zeros(n)
        for s in fx:
            x += R.excerpt(rng, s, n) * 10 ** (rng.uniform(-10, 0) / 20)
        add("effects-only-%d" % k, level(x + floor(n, -55), rng.uniform(-10, -1)), np.zeros(R.nframes(n), np.int8),
            "opus", "cond=effects-only")
    for k in range(2):
        n = n_of(12)
        add("applause-%d" % k, level(R.applause(rng, n), -4), np.zeros(R.nframes(n), np.int8), "opus",
            "cond=applause-only")
    for k, spk in enumerate(("kt:nl", "kt:sv", "hw:Mobster")):
        n = n_of(15)
        sp, lab = talker(spk, n)
        x = sp
        if k == 2:  # ring-back before the answer, then speech over line noise
            x = sp + R.tone_signal(rng, n, "ringback-eu") * 0.1 * (np.arange(n) < 4 * R.SR)
        add("telephone-%d" % k, level(x + floor(n, -50), -3), lab, "wav", "cond=telephone")
    for k, (spk, others) in enumerate((("kt:de", ["kt:el", "kt:ro", "kt:pt", "kt:sv"]),
                                       ("kt:el", ["kt:de", "kt:fi", "kt:nl", "kt:sr"]))):
        n = n_of(18)
        sp, lab = talker(spk, n)
        wet = R.reverb(sp, rng, 90)
        babble = sum(R.speech_track(rng, dev_speech, n, 0.2, speaker=o)[0] for o in others)
        babble = R.reverb(babble, rng, 70)
        x = wet + babble / R.rms(babble) * R.rms(wet) * 10 ** (-rng.uniform(15, 25) / 20)
        add("farfield-babble-%d" % k, level(x, -6), lab, "opus", "cond=farfield+babble")
    with open(os.path.join(out_dir, "dev.tsv"), "w") as f:
        f.write("# qstream VAD development set (tools/vad_dev_set.py); labels: segment lists, seconds\n")
        f.write("media\tlabels\tnote\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print("dev set: %d files in %s" % (len(rows), out_dir))
