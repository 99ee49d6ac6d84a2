#!/usr/bin/env bash
# How far the -Pcuda build gets on this machine. Builds the CUDA variant into target/ (run `mvn -B clean package`
# afterwards to go back to the CPU build), then loads ND4J's CUDA natives and prints the device count.
#   tools/cuda-check/check.sh            on a GPU node: uses the host's driver and CUDA 11.6 / cuDNN 8 if installed,
#                                        else the CUDA libraries of the redist jar
#   tools/cuda-check/check.sh --no-gpu   on a machine without a driver: adds a stub libcuda.so.1 (every call
#                                        answers "no device"), so that everything up to the driver is exercised
# The redist jar (org.bytedeco:cuda:11.6-8.3-1.5.7:linux-x86_64-redist, 1.8 GB) is fetched into ~/.m2 once.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
stub=false
[[ "${1:-}" == "--no-gpu" ]] && stub=true

mvn -B -q -Pcuda -DskipTests clean package
redist_version=11.6-8.3-1.5.7
mvn -B -q dependency:get -Dartifact=org.bytedeco:cuda:${redist_version}:jar:linux-x86_64-redist -Dtransitive=false
redist=~/.m2/repository/org/bytedeco/cuda/${redist_version}/cuda-${redist_version}-linux-x86_64-redist.jar

if $stub; then
  out=$(mktemp -d)
  gcc -shared -fPIC -Wl,-soname,libcuda.so.1 -o "$out/libcuda.so.1" tools/cuda-check/libcuda_stub.c
  export LD_LIBRARY_PATH="$out${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
java -cp "target/lib/*:$redist" tools/cuda-check/CudaLibsCheck.java
