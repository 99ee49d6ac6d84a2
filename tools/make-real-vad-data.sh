#!/usr/bin/env bash
# Speech-activity data from real recordings in free Debian packages (recipe: tools/real_vad_data.py docstring;
# sources, versions and licences: tools/real-vad-sources.tsv).
# Usage: tools/make-real-vad-data.sh [TRAIN_CLIPS] [VAL_CLIPS] [SEED] [WORKERS]   -> data/vad-real/{train,val}.tsv
#        tools/make-real-vad-data.sh --negatives [TRAIN] [VAL] [SEED] [WORKERS]  -> data/vad-real3/{train,val}.tsv
#          (profile "negatives": half the clips music/effects/tones/noise only, sources incl. the extra packages)
#        tools/make-real-vad-data.sh --dev                                      -> fixtures/vad-dev (committed)
# Downloads the .deb files with apt-get download into data/debs (no install) and unpacks them with dpkg-deb -x into
# data/pkgs. Needs apt-get, dpkg-deb, ffmpeg/ffprobe (with libopus, libmp3lame, libgsm), sox and Debian's python3
# with numpy. data/ is gitignored. Never uses the packages reserved for independent evaluation (see
# the team guide, DEVELOPERS.md "Data": alsa-utils, pocketsphinx-testdata, asterisk-*, codec2-examples, linphone-common, ...).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export LC_ALL=C
for tool in apt-get dpkg-deb ffmpeg ffprobe sox; do
  command -v "$tool" >/dev/null || { echo "make-real-vad-data: $tool is missing" >&2; exit 1; }
done
/usr/bin/python3 -c 'import numpy' 2>/dev/null || { echo "make-real-vad-data: apt-get install python3-numpy" >&2; exit 1; }
# package=version, as listed in tools/real-vad-sources.tsv (a different version may move or change files)
packages=(ktuberling-data=4:22.12.3-1 hedgewars-data=1.0.2-6 warzone2100-music=4.3.3-3 gcompris-qt-data=3.1-2)
# more music and effects (real negatives) for --negatives
[ "${1:-}" = "--negatives" ] && packages+=(wesnoth-1.16-music=1:1.16.9-1 extremetuxracer-data=0.8.2-1
  lincity-ng-data=2.9~git20150314-5 pingus-data=0.7.6-5.1 frozen-bubble-data=2.212-11)
mkdir -p data/debs data/pkgs
for pv in "${packages[@]}"; do
  pkg="${pv%%=*}"
  if [ ! -d "data/pkgs/$pkg" ]; then
    (cd data/debs && apt-get download "$pv")
    dpkg-deb -x data/debs/"${pkg}"_*.deb "data/pkgs/$pkg"
  fi
done
py() { /usr/bin/python3 tools/real_vad_data.py "$@"; }
[ -f data/vad-real/sources.tsv ] || py sources --pkgs data/pkgs --out data/vad-real
if [ "${1:-}" = "--dev" ]; then
  py dev --out data/vad-real --dev-out fixtures/vad-dev --seed 20261202
  exit 0
fi
out=data/vad-real; profile=base
if [ "${1:-}" = "--negatives" ]; then
  shift
  out=data/vad-real3; profile=negatives
  [ -f "$out/sources.tsv" ] || py sources --pkgs data/pkgs --out "$out" --extra
  set -- "${1:-500}" "${2:-60}" "${3:-20261204}" "${4:-2}"
fi
train="${1:-1000}"; val="${2:-150}"; seed="${3:-20261201}"; workers="${4:-2}"
pids=()
for ((w = 0; w < workers; w++)); do
  py mix --out "$out" --profile "$profile" --split train --count "$train" --seed "$seed" --worker "$w" --workers "$workers" &
  pids+=($!)
done
py mix --out "$out" --profile "$profile" --split val --count "$val" --seed "$seed" & pids+=($!)
for p in "${pids[@]}"; do wait "$p"; done
py merge --out "$out" --split train
py merge --out "$out" --split val
