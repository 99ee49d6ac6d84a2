#!/usr/bin/env bash
# Synthesizes the speech-activity training and validation data (see tools/vad_data.py for the recipe).
# Usage: tools/make-vad-data.sh [OUT_DIR] [TRAIN_CLIPS] [VAL_CLIPS] [SEED] [WORKERS]
# Writes OUT_DIR/{train,val}/clipNNNN.{wav|flac|mp3,labels.csv,fbank40.npy} and manifests OUT_DIR/train.tsv,
# OUT_DIR/val.tsv. Needs espeak-ng, flite, festival (+ festvox-kallpc16k festvox-us-slt-hts festvox-kdlpc16k
# festvox-ca-ona-hts festvox-italp16k), sox, ffmpeg and Debian's python3 with numpy + torchaudio.
# Output is deterministic for a given seed whatever the number of workers (every clip has its own generator).
# data/ is gitignored: regenerate instead of committing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export LC_ALL=C
out="${1:-data/vad}"; train="${2:-400}"; val="${3:-120}"; seed="${4:-20261127}"; workers="${5:-3}"
# tool:Debian package
for need in espeak-ng:espeak-ng flite:flite text2wave:festival sox:sox ffmpeg:ffmpeg; do
  tool="${need%%:*}"; pkg="${need#*:}"
  command -v "$tool" >/dev/null || { echo "make-vad-data: $tool is missing (apt-get install $pkg)" >&2; exit 1; }
done
for voice in festvox-kallpc16k festvox-us-slt-hts festvox-kdlpc16k festvox-ca-ona-hts festvox-italp16k; do
  dpkg -s "$voice" >/dev/null 2>&1 || { echo "make-vad-data: festival voice $voice is missing (apt-get install $voice)" >&2; exit 1; }
done
gen() { /usr/bin/python3 tools/vad_data.py --out "$out" --train "$train" --val "$val" --seed "$seed" "$@"; }
pids=()
for ((w = 0; w < workers; w++)); do gen --split train --worker "$w" --workers "$workers" & pids+=($!); done
gen --split val --worker 0 --workers 1 & pids+=($!)
for p in "${pids[@]}"; do wait "$p"; done
gen --split train --merge
