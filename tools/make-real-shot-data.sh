#!/usr/bin/env bash
# Training/validation videos for the shot-boundary model made from real photographs (not committed: written to
# data/real-shots/, which git ignores). Steps:
#   1. `apt-get download` palapeli-data, stellarium-data, tuxpaint-stamps-default (free packages, Debian main) and
#      `dpkg-deb -x` them into data/real-shots/pkgs/ (nothing is installed);
#   2. tools/realshot_photos.py picks the photographs (see its docstring), splits them by photograph into train / val /
#      dev (no photograph in two splits) and writes data/real-shots/photos.tsv, which must equal the committed
#      tools/real-shot-photos.tsv (package, version, path, licence of every file used);
#   3. tools/realshots.py renders the clips (virtual pans/zooms, shake, whip pans, grain, flicker, flashes, entering
#      objects, letterbox/pillarbox; cuts, jump cuts, dissolves, fades through black), 25 and 29.97 fps, 640x360 and
#      1280x720, H.264 MP4 / VP9 WebM / MPEG-2 AVI, with labels (.labels.csv) and events (.events.csv);
#   4. manifests train.tsv / val.tsv and cached features (.npy) for the feature options in SHOT_FEATURE_OPTIONS.
# The dev set (fixtures/shots-dev, committed) is made from the dev photographs by fixtures/shots-dev/make-shots-dev.sh.
# Usage: tools/make-real-shot-data.sh [TRAIN_CLIPS=32] [VAL_CLIPS=6]     (~10 minutes on 2 busy cores)
# Env SHOT_FEATURE_OPTIONS="k=v,..." (e.g. lookahead=6,return-diffs=1): the features to cache.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NTRAIN="${1:-32}"; NVAL="${2:-6}"
OUT="$ROOT/data/real-shots"
mkdir -p "$OUT/pkgs" "$OUT/train" "$OUT/val"
printf '*\n' > "$ROOT/data/.gitignore"
export LC_ALL=C
PKGS=(palapeli-data stellarium-data tuxpaint-stamps-default)
cd "$OUT/pkgs"
for p in "${PKGS[@]}"; do
  if [[ ! -f "$p.version" ]]; then
    rm -f "${p}"_*.deb
    apt-get download "$p" > /dev/null
    deb=$(ls "${p}"_*.deb)
    rm -rf "$p"; mkdir -p "$p"; dpkg-deb -x "$deb" "$p"
    dpkg-deb -f "$deb" Version > "$p.version"
    rm -f "$deb"
  fi
done
cd "$ROOT"
if [[ ! -f "$OUT/photos.tsv" ]]; then
  rm -rf "$OUT/photos"
  /usr/bin/python3 "$ROOT/tools/realshot_photos.py" "$OUT/pkgs" "$OUT/photos" "$OUT/photos.tsv"
fi
if ! cmp -s "$OUT/photos.tsv" "$ROOT/tools/real-shot-photos.tsv"; then
  echo "warning: data/real-shots/photos.tsv differs from the committed tools/real-shot-photos.tsv (package versions?)" >&2
  diff <(cut -f1-5 "$ROOT/tools/real-shot-photos.tsv") <(cut -f1-5 "$OUT/photos.tsv") | head -5 >&2 || true
fi

# One line per clip: split index seed size fps codec quality frames; a pure function of the seed.
plan() {
  local split=$1 n=$2 base=$3
  for ((i = 0; i < n; i++)); do
    local seed=$((base + i)); RANDOM=$((seed * 2654435761 % 32749)); : $RANDOM $RANDOM $RANDOM
    local sizes=(640x360 640x360 640x360 640x360 640x360 640x360 640x360 1280x720) fpss=(25 29.97) codecs=(h264 h264 vp9 mpeg2)
    local size=${sizes[RANDOM % 8]} fps=${fpss[RANDOM % 2]} codec=${codecs[RANDOM % 4]} quality
    case $codec in
      h264) quality=$((20 + RANDOM % 13));;   # crf 20..32
      vp9) quality=$((28 + RANDOM % 20));;    # crf 28..47
      *) quality=$((3 + RANDOM % 8));;        # q:v 3..10
    esac
    echo "$split $i $seed $size $fps $codec $quality $((250 + RANDOM % 151))"
  done
}

make_clip() {
  read -r split i seed size fps codec quality frames <<< "$1"
  local ext; case $codec in h264) ext=mp4;; vp9) ext=webm;; *) ext=avi;; esac
  local name; name=$(printf 'real-%s-%03d' "$split" "$i")
  [[ -f "$OUT/$split/$name.events.csv" ]] || /usr/bin/python3 "$ROOT/tools/realshots.py" --photos "$OUT/photos/$split" \
    --seed "$seed" --frames "$frames" --size "$size" --fps "$fps" --codec "$codec" --quality "$quality" \
    --out "$OUT/$split/$name.$ext" --labels "$OUT/$split/$name.labels.csv" --events "$OUT/$split/$name.events.csv"
  printf '%s\t%s\t%s\t%s\n' "$name.$ext" "$name.labels.csv" "features/$name.npy" \
    "seed=$seed size=$size fps=$fps codec=$codec q=$quality" > "$OUT/$split/$name.row"
}
export -f make_clip; export OUT ROOT

{ plan train "$NTRAIN" 20000; plan val "$NVAL" 30000; } | xargs -P 2 -I{} bash -c 'make_clip "$@"' _ {}

for split in train val; do
  { printf 'media\tlabels\tfeatures\tnote\n'; cat "$OUT/$split"/*.row 2>/dev/null || true; } > "$OUT/$split.tsv"
  rm -f "$OUT/$split"/*.row
  sed -i "s|\tfeatures/|\t$split/features/|; s|^\(real-[a-z]*-[0-9]*\.[a-z0-9]*\)\t\([^\t]*\)|$split/\1\t$split/\2|" "$OUT/$split.tsv"
done
[[ -n "${SHOT_NO_FEATURES:-}" ]] && { echo "wrote $OUT/train.tsv and val.tsv; features skipped (SHOT_NO_FEATURES)"; exit 0; }
OPTS=()
IFS=',' read -ra kv <<< "${SHOT_FEATURE_OPTIONS:-}"
for o in "${kv[@]}"; do [[ -n "$o" ]] && OPTS+=(-O "$o"); done
for split in train val; do
  mapfile -t media < <(tail -n +2 "$OUT/$split.tsv" | cut -f1 | sed "s|^|$OUT/|")
  rm -rf "$OUT/$split/features"
  ((${#media[@]})) && "$ROOT/bin/qstream" video-features "${OPTS[@]}" --out-dir "$OUT/$split/features" "${media[@]}"
done
echo "wrote $OUT/train.tsv ($NTRAIN clips) and $OUT/val.tsv ($NVAL clips)"
