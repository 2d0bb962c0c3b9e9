#!/usr/bin/env bash
# The test command: installs what is missing, builds, runs every test through ctest.
#   ./test.sh               Release build, all tests
#   ./test.sh --sanitize    ASan + UBSan build, unit tests
set -euo pipefail
cd "$(dirname "$0")"
./build.sh "$@"
dir=build
[ "${1:-}" = "--sanitize" ] && dir=build-sanitize
ctest --test-dir "$dir" --output-on-failure -j "$(nproc)" --timeout 600
