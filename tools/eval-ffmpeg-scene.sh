#!/usr/bin/env bash
# Hard-cut F1 (+-TOL frames) of FFmpeg's scene-change detection on a labelled manifest, at its best threshold.
# FFmpeg's detector is `select='gt(scene,T)'`: a frame is selected (= a cut) when its scene score exceeds T. The
# score of every frame is read once (select='gte(scene,0)',metadata=print) and all thresholds T are swept over those
# scores, which selects exactly the frames `select='gt(scene,T)',showinfo` would; the best T is then re-run with the
# literal select+showinfo command on every file as a check. The best T is chosen on the evaluated files themselves
# (an oracle threshold: FFmpeg's best case).
# Usage: tools/eval-ffmpeg-scene.sh MANIFEST.tsv [TOL=1]   (manifest columns media, labels; paths relative to it)
set -euo pipefail
MANIFEST="$1"; TOL="${2:-1}"
DIR="$(cd "$(dirname "$MANIFEST")" && pwd)"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C
i=0
tail -n +2 "$MANIFEST" | grep -v '^#' | while IFS=$'\t' read -r media labels _rest; do
  ffmpeg -nostdin -hide_banner -loglevel error -i "$DIR/$media" -map 0:v:0 -fps_mode passthrough \
    -vf "select='gte(scene,0)',metadata=print:key=lavfi.scene_score:file=$tmp/$i.scores" -f null -
  printf '%s\t%s\t%s\n' "$DIR/$media" "$DIR/$labels" "$tmp/$i.scores" >> "$tmp/list"
  i=$((i + 1))
done
/usr/bin/python3 - "$tmp/list" "$TOL" <<'PY'
import subprocess, sys

tol = int(sys.argv[2])
clips = []
for line in open(sys.argv[1]):
    media, labels, scores = line.rstrip("\n").split("\t")
    lab = [l.strip().split(",")[1] for l in open(labels).readlines()[1:]]
    sc, frame = [0.0] * len(lab), None
    for l in open(scores):
        if l.startswith("frame:"):
            frame = int(l.split()[0].split(":")[1])
        elif l.startswith("lavfi.scene_score=") and frame is not None and frame < len(sc):
            sc[frame] = float(l.split("=")[1])
    if frame is None or frame + 1 != len(lab):
        sys.exit(f"{media}: ffmpeg gave {0 if frame is None else frame + 1} frames, the labels {len(lab)}")
    clips.append((media, [i for i, l in enumerate(lab) if l == "cut"], sc))

def match(ref, pred):
    used, tp = set(), 0
    for r in ref:
        cands = [j for j, p in enumerate(pred) if abs(p - r) <= tol and j not in used]
        if cands:
            used.add(min(cands, key=lambda j: abs(pred[j] - r))); tp += 1
    return tp, len(pred) - tp, len(ref) - tp

def score(t):
    tp = fp = fn = 0
    for _, ref, sc in clips:
        a, b, c = match(ref, [i for i, s in enumerate(sc) if s > t])
        tp, fp, fn = tp + a, fp + b, fn + c
    return (2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0), tp, fp, fn

# Scores are printed with 6 decimals: thresholds halfway between distinct printed values select the same frames
# whatever the unprinted digits.
vals = sorted({s for _, _, sc in clips for s in sc})
cands = [0.0] + [round((a + b) / 2, 7) for a, b in zip(vals, vals[1:])]
best = max(((score(t), t) for t in cands), key=lambda x: (x[0][0], -x[1]))
(f1, tp, fp, fn), t = best
# The literal detector at the best threshold must select the same frames.
lit_tp = lit_fp = lit_fn = 0
for media, ref, sc in clips:
    out = subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-i", media, "-map", "0:v:0", "-fps_mode", "passthrough",
                          "-vf", f"select='gt(scene,{t!r})',showinfo", "-f", "null", "-"],
                         capture_output=True, text=True).stderr
    pts = []
    for l in out.splitlines():
        if "Parsed_showinfo" in l and " n:" in l and "pts_time:" in l:
            pts.append(float(l.split("pts_time:")[1].split()[0]))
    mine = [i for i, s in enumerate(sc) if s > t]
    if len(pts) != len(mine):
        sys.exit(f"{media}: select+showinfo at T={t} selected {len(pts)} frames, the score sweep {len(mine)}")
    a, b, c = match(ref, mine); lit_tp += a; lit_fp += b; lit_fn += c
p = tp / (tp + fp) if tp + fp else 1.0
r = tp / (tp + fn) if tp + fn else 1.0
print(f"ffmpeg scene detection on {len(clips)} clips, +-{tol} frames: best T={t:.4f}: F1 {f1:.4f} "
      f"(precision {p:.4f}, recall {r:.4f}; tp {tp}, fp {fp}, fn {fn}); select+showinfo check: same {len(clips)} files OK")
for tt in (0.1, 0.2, 0.3, 0.4, 0.5):
    g = score(tt)
    print(f"  T={tt:.1f}: F1 {g[0]:.4f} (tp {g[1]}, fp {g[2]}, fn {g[3]})")
print(f'{{"detector": "ffmpeg-scene", "threshold": {t:.4f}, "val_f1": {f1:.4f}, "val_precision": {p:.4f}, '
      f'"val_recall": {r:.4f}}}')
PY
