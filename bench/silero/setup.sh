# Sourced by the Silero benchmarks (bench/vad-vs-silero.sh, bench/job-vs-silero.sh) from the repository root:
# builds target/qstream.jar when stale, fetches ONNX Runtime for Java into ~/.m2 (benchmark classpath only, never the
# product's pom) and Silero's .onnx files from the npm package @ricky0123/vad-web@0.0.31 (MIT) into data/silero.
# Sets ORT_JAR and SILERO_DIR.
ORT_VERSION=1.20.0
ORT_JAR="$HOME/.m2/repository/com/microsoft/onnxruntime/onnxruntime/$ORT_VERSION/onnxruntime-$ORT_VERSION.jar"
SILERO_DIR=data/silero/package/dist
if [[ ! -f target/qstream.jar || -n "$(find src/main pom.xml -newer target/qstream.jar -print -quit)" ]]; then
  echo "building target/qstream.jar ..." >&2
  mvn -q -B -DskipTests package >&2
fi
[[ -f "$ORT_JAR" ]] || mvn -q -B dependency:get -Dartifact=com.microsoft.onnxruntime:onnxruntime:$ORT_VERSION >&2
if [[ ! -f "$SILERO_DIR/silero_vad_v5.onnx" ]]; then
  mkdir -p data/silero
  (cd data/silero && npm pack @ricky0123/vad-web@0.0.31 >/dev/null && tar xzf ricky0123-vad-web-0.0.31.tgz)
fi
