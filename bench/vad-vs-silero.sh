#!/usr/bin/env bash
# Speech F1 and false-speech rate per condition, and speed: qstream's speech model vs Silero VAD (ONNX), on the same
# files, scored by the same code (io.qstream.train.FrameMetrics, collar 2 frames, pooled over files; see
# bench/silero/SileroEval.java for how Silero's 32 ms windows map to 10 ms frames), in one run.
# Usage: bench/vad-vs-silero.sh [MANIFEST] [MODEL_DIR] [SILERO_VERSIONS]
#   defaults: fixtures/vad-dev/dev.tsv fixtures/models/speech-vad "v5 v6"
# Silero's .onnx files come from the npm package @ricky0123/vad-web@0.0.31 (MIT), unpacked into data/silero (not
# committed; the package does not say which v6 minor release silero_vad_v6.onnx is: md5 302cb198a7bb0400c62b73db2942737f;
# silero_vad_v5.onnx md5 ad78afa8b67a4f24c1201d7dd2f65bb1). ONNX Runtime for Java (com.microsoft.onnxruntime:onnxruntime:1.20.0, fetched into ~/.m2 with
# mvn dependency:get) is on this benchmark's classpath only, never in the product's pom.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MANIFEST="${1:-fixtures/vad-dev/dev.tsv}"
MODEL="${2:-fixtures/models/speech-vad}"
VERSIONS="${3:-v5 v6}"
source bench/silero/setup.sh
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
(cd "$SILERO_DIR" && md5sum silero_vad_*.onnx)
for v in $VERSIONS; do
  echo; echo "== Silero $v ($SILERO_DIR/silero_vad_$v.onnx), threshold 0.5, collar 2"
  OMP_NUM_THREADS=1 java -cp "target/qstream.jar:target/lib/*:$ORT_JAR" \
    -Dorg.bytedeco.javacpp.cachedir="${QSTREAM_NATIVE_CACHE:-$HOME/.javacpp/cache}" \
    bench/silero/SileroEval.java "$SILERO_DIR/silero_vad_$v.onnx" "$MANIFEST" 2 0.5 16
done
echo; echo "== qstream $MODEL (argmax), collar 2"
OMP_NUM_THREADS=1 bin/qstream eval --model "$MODEL" --data "$MANIFEST" --collar 2 --breakdown
