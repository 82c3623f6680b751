#!/usr/bin/env bash
# The main job: set up and build if needed, then open the workbench on the bundled demo data.
# Without a display, run it as: xvfb-run -a scripts/run-workbench.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
build="${ITOOL_BUILD_DIR:-$root/build}"
workspace="${ITOOL_DEMO_WORKSPACE:-$HOME/.local/share/itool/demo-workspace}"
exec "$build/app/itool-workbench" --workspace "$workspace" --demo-data "$root/datasets/demo.jsonl" "$@"
