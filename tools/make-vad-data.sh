#!/usr/bin/env bash
# Synthesizes the speech-activity training and validation data (see tools/vad_data.py for the recipe).
# Usage: tools/make-vad-data.sh [OUT_DIR] [TRAIN_CLIPS] [VAL_CLIPS] [SEED]
# Writes OUT_DIR/{train,val}/clipNNNN.{wav|flac|mp3,labels.csv,fbank40.npy} and manifests OUT_DIR/train.tsv,
# OUT_DIR/val.tsv. Needs espeak-ng, flite, festival (+ festvox-kallpc16k festvox-us-slt-hts festvox-kdlpc16k
# festvox-ca-ona-hts festvox-italp16k), sox, ffmpeg and Debian's python3 with numpy + torchaudio.
# Output is deterministic for a given seed. data/ is gitignored: regenerate instead of committing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export LC_ALL=C
out="${1:-data/vad}"; train="${2:-500}"; val="${3:-100}"; seed="${4:-20261127}"
for tool in espeak-ng flite text2wave sox ffmpeg; do
  command -v "$tool" >/dev/null || { echo "make-vad-data: $tool is missing (apt-get install $tool)" >&2; exit 1; }
done
# The two splits have their own seeds, so they can be made in parallel with the same result.
/usr/bin/python3 tools/vad_data.py --out "$out" --train "$train" --val "$val" --seed "$seed" --split train & t=$!
/usr/bin/python3 tools/vad_data.py --out "$out" --train "$train" --val "$val" --seed "$seed" --split val & v=$!
wait "$t"; wait "$v"
