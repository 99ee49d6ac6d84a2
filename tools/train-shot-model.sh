#!/usr/bin/env bash
# Trains a video shot-boundary model on the lavfi data of tools/make-shot-data.sh only (the recipe of the model
# shipped before issue 11; the shipped model now comes from tools/train-real-shot-model.sh, real photos + lavfi).
# Usage: tools/train-shot-model.sh [OUT=fixtures/models/video-shots] [MAX_MINUTES=10] [HIDDEN=32,32] [WINDOWS=4,2]
#        tools/train-shot-model.sh --eval MODEL_DIR MANIFEST.tsv...     (hard-cut F1 of a trained model; manifest
#        columns media, labels[, features]: without cached features the media is decoded with the model's spec)
# Env SHOT_CLASS_WEIGHT_POWER (default 0.5, as for the shipped model): class weights (mean count / count)^p.
# Env SHOT_FEATURE_OPTIONS="k=v,..." (default none): the VideoFeatureSpec options the cached features were made with.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/fixtures/models/video-shots}"
[[ "${1:-}" == --eval || -f "$ROOT/data/shots/train.tsv" ]] || "$ROOT/tools/make-shot-data.sh"
"$ROOT/bin/qstream" --version > /dev/null      # builds target/qstream.jar + target/lib when needed
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
JAVA=(java -Dorg.bytedeco.javacpp.cachedir="${QSTREAM_NATIVE_CACHE:-$HOME/.javacpp/cache}"
      -cp "$ROOT/target/qstream.jar:$ROOT/target/lib/*" "$ROOT/tools/TrainShotModel.java")
if [[ "${1:-}" == --eval ]]; then exec "${JAVA[@]}" "$@"; fi
java -Dorg.bytedeco.javacpp.cachedir="${QSTREAM_NATIVE_CACHE:-$HOME/.javacpp/cache}" \
  -cp "$ROOT/target/qstream.jar:$ROOT/target/lib/*" "$ROOT/tools/TrainShotModel.java" \
  "$ROOT/data/shots/train.tsv" "$ROOT/data/shots/val.tsv" "$OUT" "${2:-10}" "${3:-32,32}" "${4:-4,2}"
