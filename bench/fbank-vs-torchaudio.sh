#!/usr/bin/env bash
# Fbank (80 mel bins, Kaldi defaults) real-time factor: qstream (JMH io.qstream.bench.FbankBenchmark.offline) and
# torchaudio.compliance.kaldi.fbank, on the same 10 s of audio, one thread each, one after the other in one run.
# Prints both real-time factors (audio seconds / compute seconds) and their ratio. Decode is excluded on both sides.
# Usage: bench/fbank-vs-torchaudio.sh      env: JMH_ARGS (default "-wi 3 -i 5 -w 2s -r 2s -f 1"), THREADS (torch, 1)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
THREADS="${THREADS:-1}"
JMH_ARGS="${JMH_ARGS:--wi 3 -i 5 -w 2s -r 2s -f 1}"
if [[ ! -f target/qstream.jar || -n "$(find src/main pom.xml -newer target/qstream.jar -print -quit)" ]]; then
  echo "building target/qstream.jar ..." >&2
  mvn -o -q -B -DskipTests package >&2
fi
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

echo "== qstream FbankBenchmark.offline (JMH: $JMH_ARGS)"
OMP_NUM_THREADS=1 java -cp "target/qstream.jar:target/lib/*" org.openjdk.jmh.Main 'FbankBenchmark.offline' \
  $JMH_ARGS -rf json -rff "$tmp/jmh.json" | grep -E '^(Benchmark|FbankBenchmark)' || true
java_ms="$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["primaryMetric"]["score"])' "$tmp/jmh.json")"

echo "== torchaudio.compliance.kaldi.fbank ($THREADS thread(s))"
/usr/bin/python3 tools/bench_torchaudio_fbank.py --threads "$THREADS" | tee "$tmp/torch.txt" | grep -v '^ms_per_op='
torch_ms="$(sed -n 's/^ms_per_op=//p' "$tmp/torch.txt")"

/usr/bin/python3 - "$java_ms" "$torch_ms" <<'PY'
import sys
java_ms, torch_ms = float(sys.argv[1]), float(sys.argv[2])
audio_ms = 10_000.0
print(f"== fbank 80 bins, 10 s of audio")
print(f"qstream    {java_ms:8.3f} ms  real-time factor {audio_ms / java_ms:8.0f}x")
print(f"torchaudio {torch_ms:8.3f} ms  real-time factor {audio_ms / torch_ms:8.0f}x")
print(f"qstream / torchaudio speed ratio: {torch_ms / java_ms:.1f}x")
PY
