#!/usr/bin/env bash
# qstream image entrypoint.
#   jobmanager | taskmanager   one Flink session-cluster role in the foreground (bin/flink-session <role>)
#   anything else              the qstream CLI, e.g. `submit pipelines/speech-vad.yaml --jobmanager jobmanager:8081`
set -euo pipefail
cd "${QSTREAM_HOME:-/opt/qstream}"
case "${1:-jobmanager}" in
  jobmanager|taskmanager) exec bin/flink-session "${1:-jobmanager}" ;;
  *) exec java ${QSTREAM_JAVA_OPTS:-} -Dorg.bytedeco.javacpp.cachedir="$QSTREAM_NATIVE_CACHE" \
       -Dlog4j2.configurationFile=log4j2.xml --add-opens=java.base/java.util=ALL-UNNAMED \
       -jar target/qstream.jar "$@" ;;
esac
