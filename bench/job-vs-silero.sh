#!/usr/bin/env bash
# The cost issue's comparison, in one run on one machine: the whole qstream job (decode + fbank + QRNN + labels +
# a counting sink, embedded MiniCluster, `qstream bench job`) against Silero VAD's own speed (ONNX Runtime, one
# thread, 16 streams batched per call, its STFT included, decode excluded; bench/silero/SileroEval.java), with Silero
# credited with both cores (2 x its one-thread rate, as if two such processes ran side by side).
# Usage: bench/job-vs-silero.sh [STREAMS] [SECONDS] [SILERO_VERSION]   (defaults 32 120 v6)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
STREAMS="${1:-32}"
SECONDS_EACH="${2:-120}"
VERSION="${3:-v6}"
source bench/silero/setup.sh
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
echo "== Silero $VERSION speed (fixtures/vad-dev, 1 thread)"
silero=$(OMP_NUM_THREADS=1 java -cp "target/qstream.jar:target/lib/*:$ORT_JAR" \
  -Dorg.bytedeco.javacpp.cachedir="${QSTREAM_NATIVE_CACHE:-$HOME/.javacpp/cache}" \
  bench/silero/SileroEval.java "$SILERO_DIR/silero_vad_$VERSION.onnx" fixtures/vad-dev/dev.tsv 2 0.5 16 \
  | tee /dev/stderr | sed -n 's/^silero speed, 1 thread, 16 streams batched per call: \([0-9.]*\) s of audio per s$/\1/p')
echo "== qstream whole job: $STREAMS streams x $SECONDS_EACH s, parallelism 2"
job=$(OMP_NUM_THREADS=1 bin/qstream bench job --streams "$STREAMS" --seconds "$SECONDS_EACH" --parallelism 2 2>/dev/null \
  | tee /dev/stderr | sed -n 's/^audio-s\/s \([0-9.]*\).*/\1/p')
awk -v j="$job" -v s="$silero" 'BEGIN { printf "qstream job %.0f audio-s/s; Silero batched x 2 cores %.0f audio-s/s; ratio %.2fx (goal 4x)\n", j, 2 * s, j / (2 * s) }'
