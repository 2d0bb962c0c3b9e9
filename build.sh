#!/usr/bin/env bash
# Installs the Debian packages conv1d-bench needs (only those missing), configures with CMake
# and builds. Idempotent: a second run installs nothing and rebuilds only what changed.
#   ./build.sh                      Release build in build/
#   ./build.sh --sanitize           ASan + UBSan build in build-sanitize/
#   CONV1D_CMAKE_ARGS="-DCONV1D_NATIVE=OFF" ./build.sh    extra CMake options
set -euo pipefail
cd "$(dirname "$0")"

packages=(cmake make g++ git pkg-config libxsmm-dev libdnnl-dev libtorch-dev libbenchmark-dev libgtest-dev
          nlohmann-json3-dev libcli11-dev python3-matplotlib python3-numpy python3-scipy)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "build.sh: installing ${missing[*]}" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
    echo "build.sh: error: missing packages (${missing[*]}) and not root; install them with apt-get as root" >&2
    exit 2
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

dir=build
args=(-DCMAKE_BUILD_TYPE=Release)
if [ "${1:-}" = "--sanitize" ]; then
  dir=build-sanitize
  args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DCONV1D_SANITIZE=ON)
fi
# shellcheck disable=SC2206
args+=(${CONV1D_CMAKE_ARGS:-})
cmake -S . -B "$dir" "${args[@]}" >/dev/null
cmake --build "$dir" -j "$(nproc)" >/dev/null
echo "build.sh: built $dir/harness/conv1d-bench" >&2
