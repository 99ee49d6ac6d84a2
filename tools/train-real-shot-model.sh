#!/usr/bin/env bash
# Trains the shipped video shot-boundary model on the real-photo clips (tools/make-real-shot-data.sh) plus the
# synthetic lavfi clips (tools/make-shot-data.sh), with flash-robust features: 6 frames of look-ahead and the
# return distances (frame t-1 to t+1..t+6). Caches those features next to each clip set (features-r6/), writes the
# combined manifests data/shots-combined/{train,val}.tsv and runs tools/TrainShotModel.java.
# Usage: tools/train-real-shot-model.sh [OUT=fixtures/models/video-shots] [MAX_MINUTES=10] [HIDDEN=32,32] [WINDOWS=4,2]
#        [REAL_TRAIN=50 REAL_VAL=6 LAVFI_TRAIN=40 LAVFI_VAL=8: clip counts passed to the data scripts]
# Env REAL_REPEAT (default 2): the real-photo training clips are listed this many times in the training manifest
# (they are fewer and harder than the lavfi clips; 2 gave fewer false cuts than 1, see MODEL.md).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/fixtures/models/video-shots}"
OPTS="lookahead=6,return-diffs=1"
[[ -f "$ROOT/data/real-shots/train.tsv" ]] || SHOT_NO_FEATURES=1 "$ROOT/tools/make-real-shot-data.sh" "${REAL_TRAIN:-50}" "${REAL_VAL:-6}"
[[ -f "$ROOT/data/shots/train.tsv" ]] || "$ROOT/tools/make-shot-data.sh" "${LAVFI_TRAIN:-40}" "${LAVFI_VAL:-8}" 0
"$ROOT/bin/qstream" --version > /dev/null
COMB="$ROOT/data/shots-combined"
mkdir -p "$COMB"
for split in train val; do
  printf 'media\tlabels\tfeatures\tnote\n' > "$COMB/$split.tsv"
  for set in real-shots shots; do
    man="$ROOT/data/$set/$split.tsv"
    [[ -f "$man" ]] || continue
    mapfile -t media < <(tail -n +2 "$man" | cut -f1)
    need=()
    for m in "${media[@]}"; do
      b=$(basename "$m"); b=${b%.*}
      [[ -f "$ROOT/data/$set/$split/features-r6/$b.npy" ]] || need+=("$ROOT/data/$set/$m")
    done
    if ((${#need[@]})); then
      args=(); IFS=',' read -ra kv <<< "$OPTS"; for o in "${kv[@]}"; do args+=(-O "$o"); done
      "$ROOT/bin/qstream" video-features "${args[@]}" --out-dir "$ROOT/data/$set/$split/features-r6" "${need[@]}"
    fi
    tail -n +2 "$man" | while IFS=$'\t' read -r m l _f note; do
      b=$(basename "$m"); b=${b%.*}
      printf '../%s/%s\t../%s/%s\t../%s/%s/features-r6/%s.npy\t%s\n' "$set" "$m" "$set" "$l" "$set" "$split" "$b" "$note"
    done > "$COMB/$split-$set.tsv"
    # the real-photo training clips REAL_REPEAT times in a row, then the lavfi clips (the order is part of the
    # recipe: it seeds the batches)
    reps=1; [[ $set == real-shots && $split == train ]] && reps="${REAL_REPEAT:-2}"
    for ((r = 0; r < reps; r++)); do cat "$COMB/$split-$set.tsv" >> "$COMB/$split.tsv"; done
  done
done
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
SHOT_FEATURE_OPTIONS="$OPTS" java -Dorg.bytedeco.javacpp.cachedir="${QSTREAM_NATIVE_CACHE:-$HOME/.javacpp/cache}" \
  -cp "$ROOT/target/qstream.jar:$ROOT/target/lib/*" "$ROOT/tools/TrainShotModel.java" \
  "$COMB/train.tsv" "$COMB/val.tsv" "$OUT" "${2:-10}" "${3:-32,32}" "${4:-4,2}"
