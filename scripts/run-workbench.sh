#!/usr/bin/env bash
# The main job: set up and build if needed, then open the workbench on the bundled demo data.
# Without a display (no DISPLAY or WAYLAND_DISPLAY) it runs the window under Xvfb, which the
# setup installs; prefixing `xvfb-run -a` by hand works too.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
build="${ITOOL_BUILD_DIR:-$root/build}"
workspace="${ITOOL_DEMO_WORKSPACE:-$HOME/.local/share/itool/demo-workspace}"
args=(--workspace "$workspace" --demo-data "$root/datasets/demo.jsonl" "$@")
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "run-workbench: no display; running the workbench under Xvfb"
  exec xvfb-run -a -s "-screen 0 1600x1000x24" "$build/app/itool-workbench" "${args[@]}"
fi
exec "$build/app/itool-workbench" "${args[@]}"
