#!/usr/bin/env bash
# CI: the ISA isolation users' nodes rely on. (1) A portable build (-DCONV1D_NATIVE=OFF, what a cluster's
# build node produces for mixed nodes) builds and passes every test. (2) The native build, made to behave
# as a Cascade Lake node (no AVX512-BF16, no AMX) and as an AVX2-only node through CONV1D_DISABLE_ISA,
# runs the conformance suite and the smoke sweep: what the node lacks is SKIPPED with the reason, the
# rest PASSES bit-exactly and is judged against the ISA the node has; never a crash, never a wrong number.
# Needs ./build.sh to have run (build/).
set -euo pipefail
cd "$(dirname "$0")/.."
work=${CONV1D_ISA_WORK:-build/isa_isolation}
mkdir -p "$work"

echo "isa_isolation: portable build (CONV1D_NATIVE=OFF) in build-portable/"
cmake -S . -B build-portable -DCMAKE_BUILD_TYPE=Release -DCONV1D_NATIVE=OFF >/dev/null
cmake --build build-portable -j "$(nproc)" >/dev/null
ctest --test-dir build-portable --output-on-failure -j "$(nproc)" --timeout 600 | tail -n 3

# profile name, CONV1D_DISABLE_ISA value
for profile in "cascade_lake avx512_bf16,amx_bf16" "avx2_only avx512f"; do
  set -- $profile
  echo "isa_isolation: as a $1 node (CONV1D_DISABLE_ISA=$2)"
  CONV1D_DISABLE_ISA=$2 ctest --test-dir build --output-on-failure -j "$(nproc)" --timeout 600 -L conformance | tail -n 3
  rc=0
  CONV1D_DISABLE_ISA=$2 build/harness/conv1d-bench run --sweep sweeps/smoke.json --backend xsmm,amx,onednn,pytorch,ref \
    --mode C --threads 2 --out "$work/$1.json" > "$work/$1.log" 2>&1 || rc=$?
  [ "$rc" -eq 0 ] || { cat "$work/$1.log" >&2; echo "isa_isolation: the smoke sweep exited $rc as a $1 node" >&2; exit 1; }
  /usr/bin/python3 ci/check_isa_isolation.py "$work/$1.json" --disabled "$2"
done
echo "isa_isolation: PASSED"
