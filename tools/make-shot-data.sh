#!/usr/bin/env bash
# Training/validation data for the video shot-boundary model (not committed: written to data/shots/, which ignores
# itself). Synthetic clips from fixtures/video/shotgen.py (lavfi sources; hard cuts, jump cuts, flash shots, subtle
# colour cuts, dissolves, fades through black/white) with varied sizes, frame rates, codecs and bitrates, a fixed seed
# per clip, exact per-frame labels (none/cut/gradual), manifests train.tsv / val.tsv, and cached features (.npy).
# A third split, test (test.tsv), imitates the files the issue is judged on: H.264 MP4, VP9 WebM and H.264 MP4 with
# an AAC speech track, with plain hard cuts, dissolves and fades only (mix "easy"), seeds no other split uses.
# Usage: tools/make-shot-data.sh [TRAIN_CLIPS=160] [VAL_CLIPS=16] [TEST_CLIPS=12]   (~15 minutes on 2 busy cores)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NTRAIN="${1:-160}"; NVAL="${2:-16}"; NTEST="${3:-12}"
OUT="$ROOT/data/shots"
mkdir -p "$OUT/train" "$OUT/val" "$OUT/test"
printf '*\n' > "$ROOT/data/.gitignore"
export LC_ALL=C
GEN="$ROOT/fixtures/video/shotgen.py"
SPEECH="$ROOT/fixtures/audio/speech-en-16k.wav"

# One line per clip: split index seed size fps codec quality mix audio frames min max. The choice of each property is
# a pure function of the clip's seed (bash $RANDOM seeded per clip), so the recipe is reproducible clip by clip.
plan() {
  local split=$1 n=$2 base=$3
  for ((i = 0; i < n; i++)); do
    local seed=$((base + i)); RANDOM=$((seed * 2654435761 % 32749)); : $RANDOM $RANDOM $RANDOM
    local sizes=(160x120 320x240 320x240 480x270 640x360) fpss=(24 25 25 30)
    local size=${sizes[RANDOM % 5]} fps=${fpss[RANDOM % 4]}
    local codec quality audio=no
    if [[ $split != train ]]; then
      # Validation looks like the judged files: H.264 MP4, VP9 WebM, H.264 MP4 with an AAC speech track.
      case $((i % 3)) in 0) codec=h264;; 1) codec=vp9;; 2) codec=h264; audio=yes;; esac
    else
      local codecs=(h264 h264 vp9 vp9 mjpeg mpeg4); codec=${codecs[RANDOM % 6]}
      ((RANDOM % 5 == 0)) && [[ $codec == h264 ]] && audio=yes
    fi
    case $codec in
      h264) quality=$((18 + RANDOM % 21));;   # crf 18..38
      vp9) quality=$((25 + RANDOM % 31));;    # crf 25..55
      *) quality=$((2 + RANDOM % 19));;       # q:v 2..20
    esac
    local mixes=(default default default cuts gradual) mix=${mixes[RANDOM % 5]}
    [[ $split == test ]] && mix=easy
    local frames=$((250 + RANDOM % 151)) minshot=$((4 + RANDOM % 10)) maxshot=$((30 + RANDOM % 50))
    echo "$split $i $seed $size $fps $codec $quality $mix $audio $frames $minshot $maxshot"
  done
}

make_clip() {
  read -r split i seed size fps codec quality mix audio frames minshot maxshot <<< "$1"
  local ext=mp4; [[ $codec == vp9 ]] && ext=webm; [[ $codec == mjpeg || $codec == mpeg4 ]] && ext=avi
  local name; name=$(printf '%s-%03d' "$split" "$i")
  local args=(--seed "$seed" --frames "$frames" --size "$size" --fps "$fps" --codec "$codec" --quality "$quality"
              --mix "$mix" --min-shot "$minshot" --max-shot "$maxshot" --out "$OUT/$split/$name.$ext"
              --labels "$OUT/$split/$name.labels.csv")
  [[ $audio == yes ]] && args+=(--audio "$SPEECH")
  [[ -f "$OUT/$split/$name.labels.csv" ]] || /usr/bin/python3 "$GEN" "${args[@]}"
  printf '%s\t%s\t%s\t%s\n' "$name.$ext" "$name.labels.csv" "features/$name.npy" \
    "seed=$seed size=$size fps=$fps codec=$codec q=$quality mix=$mix audio=$audio" > "$OUT/$split/$name.row"
}
export -f make_clip; export OUT GEN SPEECH

{ plan train "$NTRAIN" 1000; plan val "$NVAL" 5000; plan test "$NTEST" 9000; } | xargs -P 2 -I{} bash -c 'make_clip "$@"' _ {}

for split in train val test; do
  { printf 'media\tlabels\tfeatures\tnote\n'; cat "$OUT/$split"/*.row; } > "$OUT/$split.tsv"
  rm -f "$OUT/$split"/*.row
  # Cached features: exactly what the streaming job computes (default VideoFeatureSpec).
  mapfile -t media < <(tail -n +2 "$OUT/$split.tsv" | cut -f1 | sed "s|^|$OUT/$split/|")
  "$ROOT/bin/qstream" video-features --out-dir "$OUT/$split/features" "${media[@]}"
  sed -i "s|\tfeatures/|\t$split/features/|; s|^\([a-z]*-[0-9]*\.[a-z0-9]*\)\t\([^\t]*\)|$split/\1\t$split/\2|" "$OUT/$split.tsv"
done
echo "wrote $OUT/train.tsv ($NTRAIN clips), $OUT/val.tsv ($NVAL clips) and $OUT/test.tsv ($NTEST clips)"
