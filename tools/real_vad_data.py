#!/usr/bin/python3
"""Speech-activity data from REAL recordings in free Debian packages (run through tools/make-real-vad-data.sh).

Sources (unpacked with dpkg-deb -x into PKGS, see tools/real-vad-sources.tsv for package, version, paths, licence):
  * speech: ktuberling-data (single words read by people, one speaker per language as far as we can tell, ~25
    languages) and hedgewars-data voice packs (short exclamations acted by people; the processed `Robot` pack and
    the sung `Singer` pack are not used);
  * music: warzone2100-music (three albums of instrumental game music), hedgewars-data Data/Music,
    gcompris-qt-data instrument notes and world-music excerpts (Ogg streams carved out of its Qt .rcc files);
  * sound effects: hedgewars-data Data/Sounds (weapons, explosions, water, ... ; files with voices such as
    hell_ow/Yoohoo/hogchant are not used), gcompris-qt-data farm animal recordings (carved out of its .rcc);
  * synthesized with numpy (no recording exists in the packages): white/pink/brown noise, telephone tones
    (ring-back 425 Hz 1 s on / 4 s off, 440+480 Hz 2 s on / 4 s off, busy 480+620 Hz 0.5/0.5 s, DTMF digits),
    applause-like clap trains.

Splits are by SPEAKER (speech: language of ktuberling / hedgewars voice pack) and by SOURCE FILE (music and effects:
crc32 of the file path), so the train, val and dev sets share no recording and no speaker.

Labels: a frame (Kaldi frame i = samples [160 i, 160 i + 400) at 16 kHz) is speech where the CLEAN, dry utterance
has energy within 35 dB of the loudest frame of that utterance; gaps under 150 ms are filled, islands under 30 ms
dropped (the rule of tools/vad_data.py, applied to each utterance before mixing). Pauses of 150 ms or more between
the words of a clip are nonspeech. Clips without speech have no speech frames at all.

Subcommands:
  sources PKGS OUT        lists every usable source file with its split and duration (OUT/sources.tsv)
  mix OUT --split S --count N --seed K [--worker W --workers M]  makes mixed training/validation clips
  merge OUT --split S     joins the workers' part manifests into OUT/S.tsv
  dev OUT_DIR             makes the small development set (fixtures/vad-dev): real recordings of the dev split
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile
import zlib

import numpy as np

from vad_data import smooth_labels  # gaps < 150 ms filled, islands < 30 ms dropped: the same rule as the synthetic data

SR = 16000
SHIFT = 160
WIN = 400

KT = "ktuberling-data/usr/share/ktuberling/sounds"
HW = "hedgewars-data/usr/share/games/hedgewars/Data"
WZ = "warzone2100-music/usr/share/games/warzone2100/music"
GC = "gcompris-qt-data/usr/share/gcompris-qt/rcc"

# Speakers (ktuberling languages, hedgewars voice packs) per split. sr@* are other scripts of the sr theme and may
# share its recordings, so they are not used at all.
SPEAKERS_DEV = {"kt:de", "kt:el", "kt:fi", "kt:nl", "kt:ro", "kt:sv", "kt:pt", "kt:sr", "hw:Mobster", "hw:Default_pl"}
SPEAKERS_VAL = {"kt:it", "kt:ga", "kt:nds", "kt:gl", "hw:Surfer", "hw:Default_es"}
HW_VOICES_UNUSED = {"Robot", "Singer"}
HW_SFX_UNUSED = ("hell_", "Yoohoo", "hogchant", "Kiss", "Whistle", "countdown", "ride_of_the_valkyries",
                 "suddendeath", "1C", "2D", "3E", "4F", "5G", "6A", "7B", "8C", "9D")
GC_MUSIC = ("instruments.rcc", "explore_world_music.rcc")
# More real negatives (profile "negatives"): (kind, group, folder inside PKGS, file endings, names left out because
# they are or may be voices: sung choir, shouted words, crowds, people in buildings).
EXTRA = [
    ("music", "wesnoth", "wesnoth-1.16-music/usr/share/games/wesnoth/1.16/data/core/music", (".ogg",), ("nunc_dimittis",)),
    ("music", "etr", "extremetuxracer-data/usr/share/games/etr/music", (".ogg",), ()),
    ("music", "lincity", "lincity-ng-data/usr/share/games/lincity-ng/music/default", (".ogg",), ()),
    ("music", "pingus", "pingus-data/usr/share/games/pingus/data/music", (".it", ".s3m"), ()),
    ("music", "fb", "frozen-bubble-data/usr/share/games/frozen-bubble/snd", (".ogg",),
     ("applause", "cancel", "chatted", "destroy", "hurry", "launch", "lose", "malus", "menu", "newroot", "noh",
      "pause", "rebound", "snore", "stick", "typewriter")),
    ("effect", "fb", "frozen-bubble-data/usr/share/games/frozen-bubble/snd", (".ogg",),
     ("frozen-mainzik", "introzik", "chatted", "hurry", "lose", "noh")),
    ("effect", "etr", "extremetuxracer-data/usr/share/games/etr/sounds", (".wav",), ()),
    ("effect", "pingus", "pingus-data/usr/share/games/pingus/data/sounds", (".wav",), ("goodidea", "letsgo", "ohno", "yipee")),
    ("effect", "lincity", "lincity-ng-data/usr/share/games/lincity-ng/sounds", (".wav",),
     ("School", "SportsCroud", "Shanty", "Residential", "Health", "University", "Commune", "Market", "Monument")),
]
GC_EFFECTS = ("explore_farm_animals.rcc",)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw).stdout


def file_split(path):
    """Music/effects split by source file: 10% dev, 10% val, 80% train (stable across runs)."""
    h = zlib.crc32(path.encode()) % 10
    return "dev" if h == 0 else "val" if h == 1 else "train"


def speaker_split(speaker):
    return "dev" if speaker in SPEAKERS_DEV else "val" if speaker in SPEAKERS_VAL else "train"


def duration(path):
    out = run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path]).decode()
    try:
        return float(out.strip())
    except ValueError:
        return 0.0


def carve_ogg(rcc, out_dir):
    """Writes every complete Ogg stream stored inside a Qt .rcc file (rcc keeps already-compressed data as is)."""
    data = open(rcc, "rb").read()
    os.makedirs(out_dir, exist_ok=True)
    found, pos = [], 0
    while True:
        start = data.find(b"OggS", pos)
        if start < 0:
            break
        if data[start + 5] & 2 == 0:  # not a beginning-of-stream page
            pos = start + 4
            continue
        serial = data[start + 14:start + 18]
        p, pages, ok = start, [], False
        while p + 27 <= len(data) and data[p:p + 4] == b"OggS" and data[p + 14:p + 18] == serial:
            nseg = data[p + 26]
            body = sum(data[p + 27:p + 27 + nseg])
            end = p + 27 + nseg + body
            pages.append(data[p:end])
            if data[p + 5] & 4:
                ok = True
                break
            p = end
        if ok:
            name = os.path.join(out_dir, "%s@%08x.ogg" % (os.path.basename(rcc)[:-4], start))
            with open(name, "wb") as f:
                f.write(b"".join(pages))
            found.append((name, start))
            pos = p
        else:
            pos = start + 4
    return found


def list_sources(pkgs, out, extra=False):
    """kind, speaker/group, split, duration, path relative to PKGS (carved streams: rcc path + @offset); extra: also
    the EXTRA negatives."""
    rows = []
    kt = os.path.join(pkgs, KT)
    for lang in sorted(os.listdir(kt)):
        d = os.path.join(kt, lang)
        if not os.path.isdir(d) or "@" in lang:
            continue
        spk = "kt:" + lang
        for f in sorted(os.listdir(d)):
            rows.append(("speech", spk, speaker_split(spk), os.path.join(KT, lang, f)))
    hv = os.path.join(pkgs, HW, "Sounds/voices")
    for pack in sorted(os.listdir(hv)):
        if pack in HW_VOICES_UNUSED:
            continue
        spk = "hw:" + pack
        for f in sorted(os.listdir(os.path.join(hv, pack))):
            rows.append(("speech", spk, speaker_split(spk), os.path.join(HW, "Sounds/voices", pack, f)))
    for root, _, files in os.walk(os.path.join(pkgs, WZ)):
        for f in sorted(files):
            if f.endswith(".opus"):
                rel = os.path.relpath(os.path.join(root, f), pkgs)
                rows.append(("music", "wz", file_split(rel), rel))
    for f in sorted(os.listdir(os.path.join(pkgs, HW, "Music"))):
        if f.endswith(".ogg"):
            rel = os.path.join(HW, "Music", f)
            rows.append(("music", "hw", file_split(rel), rel))
    for f in sorted(os.listdir(os.path.join(pkgs, HW, "Sounds"))):
        if f.endswith(".ogg") and not f.startswith(HW_SFX_UNUSED):
            rel = os.path.join(HW, "Sounds", f)
            rows.append(("effect", "hw", file_split(rel), rel))
    if extra:
        for kind, group, folder, ends, skip in EXTRA:
            for f in sorted(os.listdir(os.path.join(pkgs, folder))):
                if f.endswith(ends) and not f.startswith(skip):
                    rel = os.path.join(folder, f)
                    rows.append((kind, group, file_split(rel), rel))
    carved = os.path.join(out, "carved")
    for kind, names in (("music", GC_MUSIC), ("effect", GC_EFFECTS)):
        for n in names:
            for path, off in carve_ogg(os.path.join(pkgs, GC, n), carved):
                rel = "%s/%s@%08x" % (GC, n, off)
                rows.append((kind, "gc:" + n[:-4], file_split(rel), rel, path))
    with open(os.path.join(out, "sources.tsv"), "w") as f:
        f.write("kind\tgroup\tsplit\tseconds\tsource\tfile\n")
        for r in rows:
            path = r[4] if len(r) > 4 else os.path.join(pkgs, r[3])
            dur = duration(path)
            if dur < 0.2:
                continue
            f.write("%s\t%s\t%s\t%.3f\t%s\t%s\n" % (r[0], r[1], r[2], dur, r[3], os.path.abspath(path)))
    print("sources: %d files listed in %s" % (len(rows), os.path.join(out, "sources.tsv")), file=sys.stderr)


def read_sources(out):
    src = []
    with open(os.path.join(out, "sources.tsv")) as f:
        next(f)
        for line in f:
            k, g, s, sec, rel, path = line.rstrip("\n").split("\t")
            src.append(dict(kind=k, group=g, split=s, sec=float(sec), rel=rel, path=path))
    return src


_WHOLE = {}


def decode(path, start=0.0, length=None):
    """Mono float32 at 16 kHz, [-1, 1]. Whole short files are decoded once per process."""
    if start == 0.0 and length is None:
        if path not in _WHOLE:
            _WHOLE[path] = decode(path, 0.0, 3600.0)
        return _WHOLE[path]
    cmd = ["ffmpeg", "-nostdin", "-loglevel", "error", "-ss", "%.3f" % start, "-i", path]
    if length is not None:
        cmd += ["-t", "%.3f" % length]
    cmd += ["-ac", "1", "-ar", str(SR), "-f", "f32le", "-"]
    return np.frombuffer(run(cmd), dtype=np.float32).copy()


def frame_energy_db(x):
    n = max(0, 1 + (len(x) - WIN) // SHIFT)
    if n == 0:
        return np.zeros(0)
    idx = np.arange(WIN)[None, :] + SHIFT * np.arange(n)[:, None]
    e = (x[idx].astype(np.float64) ** 2).mean(axis=1)
    return 10 * np.log10(e + 1e-12)


def utterance_labels(x):
    """The documented rule on one clean utterance: energy within 35 dB of its loudest frame (and above -70 dB)."""
    e = frame_energy_db(x)
    if len(e) == 0 or e.max() < -80:
        return np.zeros(len(e), dtype=np.int8)
    return smooth_labels((e > max(e.max() - 35.0, -70.0)).astype(np.int8), fill=15, drop=3)


def nframes(n_samples):
    return max(0, 1 + (n_samples - WIN) // SHIFT)


def colored_noise(rng, n, color):
    w = rng.standard_normal(n)
    if color == "white":
        return w
    f = np.fft.rfft(w)
    k = np.arange(len(f), dtype=np.float64)
    k[0] = 1
    f /= np.sqrt(k) if color == "pink" else k
    y = np.fft.irfft(f, n)
    return y / (np.std(y) + 1e-12)


def tone_signal(rng, n, kind):
    """Telephone signalling tones (synthesized: there is no recording of them in the free packages)."""
    t = np.arange(n) / SR
    if kind == "ringback-eu":
        sig, on, period = np.sin(2 * np.pi * 425 * t), 1.0, 5.0
    elif kind == "ringback-us":
        sig, on, period = 0.5 * (np.sin(2 * np.pi * 440 * t) + np.sin(2 * np.pi * 480 * t)), 2.0, 6.0
    elif kind == "busy":
        sig, on, period = 0.5 * (np.sin(2 * np.pi * 480 * t) + np.sin(2 * np.pi * 620 * t)), 0.5, 1.0
    else:  # dtmf digits, 60-200 ms each with 60-200 ms pauses
        lo, hi = [697, 770, 852, 941], [1209, 1336, 1477]
        sig = np.zeros(n)
        i = int(rng.uniform(0, 0.5) * SR)
        while i < n:
            d = int(rng.uniform(0.06, 0.2) * SR)
            tt = np.arange(min(d, n - i)) / SR
            sig[i:i + len(tt)] = 0.5 * (np.sin(2 * np.pi * rng.choice(lo) * tt) + np.sin(2 * np.pi * rng.choice(hi) * tt))
            i += d + int(rng.uniform(0.06, 0.2) * SR)
        return sig
    phase = rng.uniform(0, period)
    gate = ((t + phase) % period) < on
    return sig * gate


def applause(rng, n):
    """Applause-like: many overlapping claps (decaying band-passed noise bursts) from a crowd of 5-60 people."""
    y = np.zeros(n)
    rate = rng.uniform(5, 60) * 3.0  # claps per second
    k = int(rate * n / SR)
    burst = int(0.03 * SR)
    env = np.exp(-np.arange(burst) / (0.004 * SR))
    for _ in range(k):
        i = rng.integers(0, max(1, n - burst))
        y[i:i + burst] += rng.standard_normal(burst) * env * rng.uniform(0.3, 1.0)
    f = np.fft.rfft(y)
    fr = np.fft.rfftfreq(n, 1 / SR)
    c = rng.uniform(800, 2500)
    f *= np.exp(-0.5 * ((np.log(fr + 1) - np.log(c)) / 0.9) ** 2)
    return np.fft.irfft(f, n)


def rms(x):
    return float(np.sqrt(np.mean(np.asarray(x, dtype=np.float64) ** 2)) + 1e-12)


def excerpt(rng, src, n):
    """n samples of one music/effect source; short sources are repeated with gaps."""
    sec = n / SR
    if src["sec"] > sec + 1:
        x = decode(src["path"], rng.uniform(0, src["sec"] - sec - 0.5), sec + 0.1)
    else:
        one = decode(src["path"])
        if len(one) == 0:
            return np.zeros(n)
        parts, total = [], 0
        while total < n:
            gap = np.zeros(int(rng.uniform(0.0, 1.5) * SR))
            parts += [gap, one * 10 ** (rng.uniform(-6, 0) / 20)]
            total += len(gap) + len(one)
        x = np.concatenate(parts)
    x = np.pad(x, (0, max(0, n - len(x))))[:n].astype(np.float64)
    return x


def background(rng, pool, split, n, kind):
    """A nonspeech background of n samples and its name."""
    if kind in ("white", "pink", "brown"):
        return colored_noise(rng, n, kind), kind
    if kind in ("ringback-eu", "ringback-us", "busy", "dtmf"):
        return tone_signal(rng, n, kind), kind
    if kind == "applause":
        return applause(rng, n), kind
    if kind in ("music", "effect"):
        cands = [s for s in pool if s["kind"] == kind and s["split"] == split]
        s = cands[rng.integers(len(cands))]
        return excerpt(rng, s, n), kind
    if kind == "babble":
        cands = [s for s in pool if s["kind"] == "speech" and s["split"] == split]
        y = np.zeros(n)
        for _ in range(int(rng.integers(4, 9))):
            talker, _ = speech_track(rng, cands, n, rng.uniform(0.0, 0.3))
            y += talker
        return y, kind
    raise ValueError(kind)


def speech_track(rng, cands, n, gap_scale=1.0, speaker=None):
    """Words of ONE speaker with gaps, level changes; returns (track, labels)."""
    if speaker is None:
        speaker = cands[rng.integers(len(cands))]["group"]
    words = [s for s in cands if s["group"] == speaker]
    y = np.zeros(n)
    lab = np.zeros(nframes(n), dtype=np.int8)
    i = int(rng.uniform(0, 1.0) * SR)
    level = rng.uniform(-6, 0)
    while True:
        w = decode(words[rng.integers(len(words))]["path"]).astype(np.float64)
        if len(w) == 0:
            continue
        w /= np.max(np.abs(w)) + 1e-9
        if i + len(w) > n:
            break
        level = float(np.clip(level + rng.uniform(-4, 4), -14, 0))
        y[i:i + len(w)] += w * 10 ** (level / 20)
        ul = utterance_labels(w)
        f0 = i // SHIFT  # frames of the word align with clip frames: word starts at a multiple of 10 ms
        m = min(len(ul), len(lab) - f0)
        lab[f0:f0 + m] |= ul[:m]
        i += len(w) + int(rng.exponential(0.6) * gap_scale * SR) + int(0.05 * SR)
        i -= i % SHIFT
    return y, smooth_labels(lab, fill=15, drop=3)


def reverb(x, rng, strength=None):
    """sox reverb (simulated room), wet only mixed back with the dry path as sox does."""
    with tempfile.TemporaryDirectory() as d:
        a, b = os.path.join(d, "a.wav"), os.path.join(d, "b.wav")
        write_wav(a, x / (np.max(np.abs(x)) + 1e-9) * 0.5)
        r = strength if strength is not None else rng.uniform(20, 90)
        run(["sox", "-D", a, b, "reverb", "%.0f" % r, "50", "%.0f" % rng.uniform(30, 100), "100",
             "%.0f" % rng.uniform(0, 40), "trim", "0", "%.6f" % (len(x) / SR)])
        y = read_wav(b)
    y = np.pad(y, (0, max(0, len(x) - len(y))))[:len(x)]
    return y * (np.max(np.abs(x)) / 0.5)


def write_wav(path, x, rate=SR):
    pcm = (np.clip(x, -1, 1) * 32767).astype("<i2")
    run(["sox", "-t", "raw", "-r", str(rate), "-e", "signed", "-b", "16", "-c", "1", "-", path],
        input=pcm.tobytes())


def read_wav(path):
    return decode(path).astype(np.float64)


def encode(x, path_noext, rng, codec):
    """Writes x (16 kHz float) through a codec / rate; returns the file path."""
    with tempfile.TemporaryDirectory() as d:
        tmp = os.path.join(d, "x.wav")
        write_wav(tmp, x)
        base = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", tmp]
        if codec == "telephone":
            path = path_noext + ".wav"
            run(base + ["-af", "highpass=f=300,lowpass=f=3400", "-ar", "8000", "-c:a", "pcm_mulaw", path])
        elif codec == "gsm":
            path = path_noext + ".wav"
            run(base + ["-af", "highpass=f=300,lowpass=f=3400", "-ar", "8000", "-c:a", "libgsm_ms", path])
        elif codec == "mp3":
            path = path_noext + ".mp3"
            run(base + ["-ar", str(rng.choice([22050, 44100, 48000])), "-b:a", rng.choice(["48k", "96k", "160k"]), path])
        elif codec == "aac":
            path = path_noext + ".m4a"
            run(base + ["-ar", str(rng.choice([22050, 44100, 48000])), "-c:a", "aac", "-b:a",
                        rng.choice(["48k", "96k"]), path])
        elif codec == "opus":
            path = path_noext + ".opus"
            run(base + ["-ar", "48000", "-c:a", "libopus", "-b:a", rng.choice(["16k", "24k", "48k"]), path])
        elif codec == "flac":
            path = path_noext + ".flac"
            run(base + ["-ar", str(rng.choice([8000, 16000, 32000, 44100, 48000])), path])
        else:
            path = path_noext + ".wav"
            run(base + ["-ar", str(rng.choice([8000, 11025, 16000, 22050, 44100, 48000])), path])
    return path


NONSPEECH_KINDS = ["music", "music", "effect", "effect", "white", "pink", "brown", "ringback-eu", "ringback-us",
                   "busy", "dtmf", "applause"]  # no babble-only clips: distant talkers are still speech
SPEECH_BG_KINDS = ["clean", "clean", "music", "music", "effect", "white", "pink", "brown", "babble", "dtmf",
                   "ringback-eu", "applause"]
# Profile "negatives" (data/vad-real3): half the clips without speech, most of them music or effects, and speech more
# often over music and effects, since music/effects-only audio was where the model said speech most wrongly.
PROFILES = {
    "base": (0.7, SPEECH_BG_KINDS, NONSPEECH_KINDS),
    "negatives": (0.5,
                  ["clean", "clean", "music", "music", "music", "effect", "effect", "white", "pink", "brown", "babble",
                   "dtmf", "ringback-eu", "applause"],
                  ["music"] * 8 + ["effect"] * 6 + ["white", "pink", "brown", "ringback-eu", "ringback-us", "busy",
                                                    "dtmf", "applause"]),
}
CODECS = ["wav", "flac", "mp3", "aac", "opus", "telephone", "gsm"]
CODEC_WEIGHTS = [0.2, 0.15, 0.2, 0.1, 0.15, 0.12, 0.08]


def make_clip(rng, pool, split, profile="base"):
    """One mixed clip at 16 kHz: (samples, labels, note)."""
    speech_share, speech_bg_kinds, nonspeech_kinds = PROFILES[profile]
    n = int(rng.uniform(5, 12) * SR)
    n -= n % SHIFT
    lab = np.zeros(nframes(n), dtype=np.int8)
    notes = []
    speakers = [s for s in pool if s["kind"] == "speech" and s["split"] == split]
    if rng.random() < speech_share:
        spk = speakers[rng.integers(len(speakers))]["group"]
        sp, lab = speech_track(rng, speakers, n, speaker=spk)
        notes.append("speaker=" + spk.replace(":", "-"))
        if rng.random() < 0.3:
            sp = reverb(sp, rng)
            notes.append("reverb")
        kind = speech_bg_kinds[rng.integers(len(speech_bg_kinds))]
        if kind == "clean":
            x = sp + colored_noise(rng, n, "white") * rms(sp) * 10 ** (-rng.uniform(45, 70) / 20)
            notes.append("clean")
        else:
            bg, name = background(rng, pool, split, n, kind)
            snr = rng.uniform(0, 20) if kind != "babble" else rng.uniform(10, 25)
            mask = np.pad(np.repeat(lab, SHIFT), (0, n))[:n].astype(bool)
            active = sp[mask] if mask.any() else sp
            x = sp + bg / rms(bg) * rms(active) * 10 ** (-snr / 20)
            notes.append("%s@%ddB" % (name, int(snr)))
    else:
        kind = nonspeech_kinds[rng.integers(len(nonspeech_kinds))]
        x, name = background(rng, pool, split, n, kind)
        if rng.random() < 0.5 and kind not in ("white", "pink", "brown"):
            x = x + colored_noise(rng, n, rng.choice(["white", "pink", "brown"])) * rms(x) * 10 ** (-rng.uniform(10, 40) / 20)
        notes.append("only=" + name)
    # slow gain change over the clip (+-10 dB) and an overall peak level of -40..-1 dBFS
    g = np.interp(np.arange(n), [0, n], [0, rng.uniform(-10, 10)])
    x = x * 10 ** (g / 20)
    x = x / (np.max(np.abs(x)) + 1e-9) * 10 ** (rng.uniform(-40, -1) / 20)
    return x, lab, notes


def mix(args):
    pool = read_sources(args.out)
    d = os.path.join(args.out, args.split)
    os.makedirs(d, exist_ok=True)
    part = os.path.join(args.out, "%s.part%03d.tsv" % (args.split, args.worker))
    with open(part, "w") as pf:
        for i in range(args.worker, args.count, args.workers):
            rng = np.random.default_rng([args.seed, i, 1 if args.split == "val" else 0])
            x, lab, notes = make_clip(rng, pool, args.split, args.profile)
            codec = CODECS[rng.choice(len(CODECS), p=CODEC_WEIGHTS)]
            path = encode(x, os.path.join(d, "clip%05d" % i), rng, codec)
            lpath = os.path.join(d, "clip%05d.labels.csv" % i)
            with open(lpath, "w") as f:
                f.write("frame_index,label\n")
                for k, v in enumerate(lab):
                    f.write("%d,%s\n" % (k, "speech" if v else "nonspeech"))
            pf.write("%d\t%s\t%s\t%s\n" % (i, os.path.relpath(path, args.out), os.path.relpath(lpath, args.out),
                                           " ".join(notes + ["codec=" + codec])))
            pf.flush()


def merge(args):
    rows = []
    for name in sorted(os.listdir(args.out)):
        if name.startswith(args.split + ".part") and name.endswith(".tsv"):
            with open(os.path.join(args.out, name)) as f:
                rows += [line.rstrip("\n").split("\t") for line in f if line.strip()]
    rows.sort(key=lambda r: int(r[0]))
    with open(os.path.join(args.out, args.split + ".tsv"), "w") as f:
        f.write("# qstream manifest (tools/real_vad_data.py): paths relative to this file\n")
        f.write("media\tlabels\tnote\n")
        for r in rows:
            f.write("\t".join(r[1:]) + "\n")
    print("%s: %d clips in %s" % (args.split, len(rows), os.path.join(args.out, args.split + ".tsv")), file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["sources", "mix", "merge", "dev"])
    ap.add_argument("--pkgs", default="data/pkgs")
    ap.add_argument("--out", default="data/vad-real")
    ap.add_argument("--split", choices=["train", "val"], default="train")
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--seed", type=int, default=20261201)
    ap.add_argument("--worker", type=int, default=0)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--profile", choices=sorted(PROFILES), default="base", help="mix: what the clips hold")
    ap.add_argument("--extra", action="store_true", help="sources: also list the EXTRA negatives")
    ap.add_argument("--dev-out", default="fixtures/vad-dev", help="dev: output folder")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if args.cmd == "sources":
        list_sources(args.pkgs, args.out, args.extra)
    elif args.cmd == "mix":
        mix(args)
    elif args.cmd == "merge":
        merge(args)
    else:
        import vad_dev_set
        vad_dev_set.make(args)


if __name__ == "__main__":
    main()
