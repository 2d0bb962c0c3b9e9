#!/usr/bin/env bash
# Installs the Debian packages conv1d-bench needs (only those missing), fetches a newer oneDNN from
# PyPI into build/deps/ (never into a site-packages), configures with CMake and builds. Idempotent: a
# second run installs and downloads nothing and rebuilds only what changed.
#   ./build.sh                      Release build in build/
#   ./build.sh --sanitize           ASan + UBSan build in build-sanitize/
#   CONV1D_CMAKE_ARGS="-DCONV1D_NATIVE=OFF" ./build.sh    extra CMake options
#   CONV1D_ONEDNN_PREFIXES="/opt/onednn-3.5;/opt/onednn-3.7" ./build.sh   your cluster's oneDNN builds
#                                   (install prefixes), each a plugin backend `onednn-<major.minor>`
set -euo pipefail
cd "$(dirname "$0")"

packages=(cmake make g++ git pkg-config libxsmm-dev libdnnl-dev libtorch-dev libbenchmark-dev libgtest-dev
          nlohmann-json3-dev libcli11-dev python3-matplotlib python3-numpy python3-scipy python3-pip
          python3-torch python3-h5py python3-sklearn)
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

# The newest oneDNN on PyPI that runs without a SYCL runtime: the `onednn` wheels (2024 on) link
# libsycl, libtbb and Intel's compiler runtime; `onednn-cpu-gomp` 2023.2.0 is oneDNN 3.2 on GNU OpenMP.
# Of its two wheels only libdnnl.so.3 and the headers are kept.
onednn_wheel=2023.2.0
onednn_prefix=build/deps/onednn-3.2
onednn_missing=""
if [ ! -e "$onednn_prefix/lib/libdnnl.so.3" ]; then
  wheels=build/deps/wheels
  echo "build.sh: fetching oneDNN 3.2 (onednn-cpu-gomp $onednn_wheel) from PyPI into $onednn_prefix" >&2
  if /usr/bin/python3 -m pip download --quiet --no-deps --disable-pip-version-check --dest "$wheels" \
       "onednn-cpu-gomp==$onednn_wheel" "onednn-devel-cpu-gomp==$onednn_wheel" >&2; then
    /usr/bin/python3 -c '
import pathlib, sys, zipfile
wheels, prefix = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for wheel in sorted(wheels.glob("onednn_*cpu_gomp-" + sys.argv[3] + "-*.whl")):
    with zipfile.ZipFile(wheel) as z:
        for member in z.namelist():
            inside = member.split(".data/data/", 1)[-1]
            if inside.startswith("include/") or inside == "lib/libdnnl.so.3":
                (prefix / inside).parent.mkdir(parents=True, exist_ok=True)
                (prefix / inside).write_bytes(z.read(member))
' "$wheels" "$onednn_prefix.partial" "$onednn_wheel"
    # Renamed only when complete, so an interrupted unpack is redone rather than half used.
    rm -rf "$onednn_prefix" && mv "$onednn_prefix.partial" "$onednn_prefix" && rm -rf "$wheels"
  fi
  if [ ! -e "$onednn_prefix/lib/libdnnl.so.3" ]; then
    onednn_missing="onednn-3.2 (PyPI could not be reached by build.sh)"
    rm -rf "$wheels" "$onednn_prefix.partial"
    echo "build.sh: warning: PyPI could not be reached: building without the onednn-3.2 baseline" >&2
  fi
fi
onednn_prefixes=${CONV1D_ONEDNN_PREFIXES:-}
[ -z "$onednn_missing" ] && onednn_prefixes="$PWD/$onednn_prefix${onednn_prefixes:+;$onednn_prefixes}"

dir=build
args=(-DCMAKE_BUILD_TYPE=Release)
if [ "${1:-}" = "--sanitize" ]; then
  dir=build-sanitize
  args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DCONV1D_SANITIZE=ON)
fi
args+=("-DCONV1D_ONEDNN_PREFIXES=$onednn_prefixes" "-DCONV1D_ONEDNN_MISSING=$onednn_missing")
# shellcheck disable=SC2206
args+=(${CONV1D_CMAKE_ARGS:-})
cmake -S . -B "$dir" "${args[@]}" >/dev/null
cmake --build "$dir" -j "$(nproc)" >/dev/null
echo "build.sh: built $dir/harness/conv1d-bench" >&2
