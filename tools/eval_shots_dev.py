#!/usr/bin/python3
"""Hard-cut F1 (+-1 frame, one-to-one matching) on a labelled manifest, with false and missed cuts by kind, for:

  * qstream: the whole job, `bin/qstream run PIPELINE --input <every clip> --frames` (per-frame labels; cut = frame
    label "cut"), also how many frames of each dissolve/fade it labels gradual;
  * FFmpeg `select='gt(scene,T)'`: the lavfi.scene_score of every frame (select='gte(scene,0)',metadata=print, as in
    tools/eval-ffmpeg-scene.sh), swept over T; best T chosen on these same files (an oracle: FFmpeg's best case) and
    T=0.3;
  * a PySceneDetect-style ContentDetector (PySceneDetect itself is not installable here; this is a re-implementation
    of its rule): frames decoded and downscaled by the integer factor width // 256 (PySceneDetect's auto-downscale,
    bilinear), converted to 8-bit HSV like OpenCV (H = hue/2 in 0..179, S and V 0..255), score = mean over pixels of
    |dH|, |dS|, |dV| between consecutive frames averaged over the three channels (luma-only and edge weights 0, the
    defaults); a cut at frame n when score >= threshold and no cut within min_scene_len (15) frames before it. Shown
    at the default threshold 27 and at the best threshold on these files (oracle).

Manifest: TSV with columns media, labels, events (paths relative to the manifest). Events CSV (tools/realshots.py):
start,end,kind,detail with kinds cut, jump, dissolve, fade, flash, whip, object. A false cut is put down to the
nearest in-shot event whose frames (+-2) contain it (flash, whip = motion, object = entering object), else to a
gradual transition if within 2 frames of one, else "other". A missed cut is a "cut" or a "jump" (jump cut).

Usage: eval_shots_dev.py MANIFEST [--pipeline pipelines/video-shots.yaml] [--no-qstream] [--json OUT.json]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read_clips(manifest):
    d = os.path.dirname(os.path.abspath(manifest))
    lines = [l.rstrip("\n").split("\t") for l in open(manifest) if l.strip() and not l.startswith("#")]
    head = lines[0]
    clips = []
    for c in lines[1:]:
        row = dict(zip(head, c))
        labels = [l.strip().split(",")[1] for l in open(os.path.join(d, row["labels"])).readlines()[1:]]
        events = []
        for l in open(os.path.join(d, row["events"])).readlines()[1:]:
            s, e, kind = l.strip().split(",")[:3]
            events.append((int(s), int(e), kind))
        clips.append(dict(media=os.path.join(d, row["media"]), labels=labels, events=events))
    return clips


def match(ref, pred, tol=1):
    """One-to-one matching, each true cut takes the nearest free prediction within tol. Returns tp, false, missed."""
    used, missed = set(), []
    for r in ref:
        cands = [j for j, p in enumerate(pred) if abs(p - r) <= tol and j not in used]
        if cands:
            used.add(min(cands, key=lambda j: abs(pred[j] - r)))
        else:
            missed.append(r)
    false = [p for j, p in enumerate(pred) if j not in used]
    return len(ref) - len(missed), false, missed


def false_kind(clip, p):
    for s, e, kind in clip["events"]:
        if kind in ("flash", "whip", "object") and s - 2 <= p <= e + 2:
            return {"whip": "motion (whip pan)", "object": "entering object"}.get(kind, kind)
    lab = clip["labels"]
    if any(0 <= p + d < len(lab) and lab[p + d] == "gradual" for d in range(-2, 3)):
        return "in/next to a gradual transition"
    return "other"


def miss_kind(clip, r):
    for s, e, kind in clip["events"]:
        if s == r and kind in ("cut", "jump"):
            return "jump cut" if kind == "jump" else "cut"
    return "cut"


def score(clips, preds, detail=None):
    """Totals; with a detail list, appends one line per false or missed cut."""
    tp = fp = fn = 0
    fk, mk = {}, {}
    for clip, pred in zip(clips, preds):
        ref = [i for i, l in enumerate(clip["labels"]) if l == "cut"]
        a, false, missed = match(ref, sorted(pred))
        tp, fp, fn = tp + a, fp + len(false), fn + len(missed)
        for p in false:
            k = false_kind(clip, p)
            fk[k] = fk.get(k, 0) + 1
            if detail is not None:
                detail.append(f"  false cut {os.path.basename(clip['media'])} frame {p}: {k}")
        for r in missed:
            k = miss_kind(clip, r)
            mk[k] = mk.get(k, 0) + 1
            if detail is not None:
                detail.append(f"  missed {os.path.basename(clip['media'])} frame {r}: {k}")
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    return dict(f1=round(f1, 4), tp=tp, fp=fp, fn=fn, false_by_kind=fk, missed_by_kind=mk)


def ffmpeg_scores(media, n):
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as t:
        subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-i", media, "-map", "0:v:0",
                        "-fps_mode", "passthrough", "-vf",
                        f"select='gte(scene,0)',metadata=print:key=lavfi.scene_score:file={t.name}", "-f", "null",
                        "-"], check=True)
        sc, frame = [0.0] * n, None
        for l in open(t.name):
            if l.startswith("frame:"):
                frame = int(l.split()[0].split(":")[1])
            elif l.startswith("lavfi.scene_score=") and frame is not None and frame < n:
                sc[frame] = float(l.split("=")[1])
    if frame is None or frame + 1 != n:
        sys.exit(f"{media}: ffmpeg gave {0 if frame is None else frame + 1} frames, the labels {n}")
    return np.array(sc)


def decode(media, factor):
    probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                            "stream=width,height", "-of", "csv=p=0", media], capture_output=True, text=True, check=True)
    w, h = map(int, probe.stdout.strip().split(",")[:2])
    f = max(1, w // 256) if factor is None else factor
    ow, oh = w // f, h // f
    raw = subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-i", media, "-map", "0:v:0",
                          "-fps_mode", "passthrough", "-vf", f"scale={ow}:{oh}:flags=bilinear", "-f", "rawvideo",
                          "-pix_fmt", "rgb24", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, oh, ow, 3)


def hsv8(rgb):
    """OpenCV's COLOR_RGB2HSV for 8-bit images: H = degrees/2 (0..179), S = 255 (max-min)/max, V = max."""
    x = rgb.astype(np.float32)
    r, g, b = x[..., 0], x[..., 1], x[..., 2]
    v = x.max(axis=-1)
    mn = x.min(axis=-1)
    d = v - mn
    s = np.where(v > 0, 255 * d / np.maximum(v, 1e-6), 0)
    dd = np.maximum(d, 1e-6)
    h = np.where(v == r, 60 * (g - b) / dd, np.where(v == g, 120 + 60 * (b - r) / dd, 240 + 60 * (r - g) / dd))
    h = np.where(d == 0, 0, h)
    h = np.where(h < 0, h + 360, h)
    return np.stack([np.rint(h / 2) % 180, np.rint(s), v], axis=-1)


def content_scores(media):
    frames = decode(media, None)
    scores = np.zeros(len(frames))
    prev = None
    for i, f in enumerate(frames):
        cur = hsv8(f)
        if prev is not None:
            scores[i] = np.abs(cur - prev).reshape(-1, 3).mean(axis=0).sum() / 3
        prev = cur
    return scores


def content_cuts(scores, threshold, min_scene_len=15):
    cuts, last = [], None
    for i in range(1, len(scores)):
        if scores[i] >= threshold and (last is None or i - last >= min_scene_len):
            cuts.append(i)
            last = i
    return cuts


def qstream_labels(pipeline, clips):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "out.jsonl")
        cmd = [os.path.join(ROOT, "bin", "qstream"), "run", pipeline, "--frames", "--no-progress", "--output", out]
        for c in clips:
            cmd += ["--input", c["media"]]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        per = {}
        for l in open(out):
            r = json.loads(l)
            if "frame" in r and "label" in r:
                per.setdefault(r["stream"], {})[r["frame"]] = r["label"]
    res = []
    for c in clips:
        key = next((k for k in per if os.path.basename(k) == os.path.basename(c["media"]) or k == c["media"]), None)
        if key is None:
            sys.exit(f"qstream gave no frames for {c['media']} (streams: {sorted(per)[:5]})")
        lab = per[key]
        if len(lab) != len(c["labels"]):
            sys.exit(f"{c['media']}: qstream labelled {len(lab)} frames, ground truth has {len(c['labels'])}")
        res.append([lab[i] for i in range(len(lab))])
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("manifest")
    ap.add_argument("--pipeline", default=os.path.join(ROOT, "pipelines", "video-shots.yaml"))
    ap.add_argument("--no-qstream", action="store_true")
    ap.add_argument("--no-baselines", action="store_true")
    ap.add_argument("--json")
    a = ap.parse_args()
    clips = read_clips(a.manifest)
    ncuts = sum(l.count("cut") for l in (c["labels"] for c in clips))
    kinds = {}
    for c in clips:
        for s, e, k in c["events"]:
            kinds[k] = kinds.get(k, 0) + 1
    print(f"{len(clips)} clips, {sum(len(c['labels']) for c in clips)} frames, {ncuts} hard cuts; events {kinds}")
    out = {}
    if not a.no_qstream:
        labs = qstream_labels(a.pipeline, clips)
        preds = [[i for i, l in enumerate(lab) if l == "cut"] for lab in labs]
        detail = []
        r = score(clips, preds, detail)
        print("\n".join(detail))
        g_total = g_hit = 0
        trans = trans_ok = 0
        for c, lab in zip(clips, labs):
            for s, e, k in c["events"]:
                if k in ("dissolve", "fade"):
                    e = min(e, len(lab) - 1)
                    g_total += e - s + 1
                    g_hit += sum(lab[i] == "gradual" for i in range(s, e + 1))
                    trans += 1
                    # a transition is "labelled gradual" when most of its frames are and no cut falls in it
                    trans_ok += (sum(lab[i] == "gradual" for i in range(s, e + 1)) >= (e - s + 1) / 2
                                 and not any(lab[i] == "cut" for i in range(s, e + 1)))
        r["gradual_frames_labelled_gradual"] = f"{g_hit}/{g_total}"
        r["transitions_labelled_gradual"] = f"{trans_ok}/{trans}"
        out["qstream"] = r
        print("qstream", json.dumps(r))
    if not a.no_baselines:
        ff = [ffmpeg_scores(c["media"], len(c["labels"])) for c in clips]
        vals = sorted({round(float(s), 6) for sc in ff for s in sc})
        cands = [0.0] + [(x + y) / 2 for x, y in zip(vals, vals[1:])]
        best = max(((score(clips, [list(np.nonzero(sc > t)[0]) for sc in ff]), t) for t in cands[::max(1, len(cands) // 4000)]),
                   key=lambda x: (x[0]["f1"], -x[1]))
        out["ffmpeg_best"] = dict(best[0], threshold=round(best[1], 4))
        out["ffmpeg_T0.3"] = dict(score(clips, [list(np.nonzero(sc > 0.3)[0]) for sc in ff]), threshold=0.3)
        cs = [content_scores(c["media"]) for c in clips]
        out["content_27"] = dict(score(clips, [content_cuts(s, 27.0) for s in cs]), threshold=27.0)
        ths = np.arange(5.0, 80.0, 0.5)
        bt = max(((score(clips, [content_cuts(s, t) for s in cs]), t) for t in ths), key=lambda x: (x[0]["f1"], -x[1]))
        out["content_best"] = dict(bt[0], threshold=float(bt[1]))
        for k in ("ffmpeg_best", "ffmpeg_T0.3", "content_27", "content_best"):
            print(k, json.dumps(out[k]))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
