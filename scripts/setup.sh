#!/usr/bin/env bash
# Installs the Debian packages iTool Workbench needs (only those missing), then configures
# and builds the project (Release) into build/. A no-op when everything is present and
# the build is up to date. Used by run-workbench.sh and test.sh; safe to run by hand.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${ITOOL_BUILD_DIR:-$root/build}"

packages=(build-essential cmake qt6-base-dev qt6-svg-dev libqt6sql6-sqlite libtorch-dev libopenblas0
          libgloo-dev libqcustomplot-dev nlohmann-json3-dev libsqlite3-dev
          xvfb xauth fonts-dejavu-core python3-torch)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${#missing[@]} missing Debian package(s): ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install packages" >&2; exit 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

jobs="${ITOOL_BUILD_JOBS:-$(nproc)}"
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$build" -j "$jobs"
