#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite (CTest; GUI tests run offscreen).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
build="${ITOOL_BUILD_DIR:-$root/build}"
cd "$build"
ctest --output-on-failure -j "${ITOOL_TEST_JOBS:-2}" "$@"
