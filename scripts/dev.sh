#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# KubeLab's one entry point for developers and CI.
#   scripts/dev.sh run    install what is missing, build, open the GUI on the demo lab
#   scripts/dev.sh test   install what is missing, build, run every test
#   scripts/dev.sh deps   only install what is missing
#   scripts/dev.sh build  only build
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${KUBELAB_BUILD_DIR:-$here/build}"

packages=(
  build-essential cmake ninja-build ccache pkg-config
  qt6-base-dev qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libqt6sql6-sqlite libqt6opengl6-dev libgl1-mesa-dev
  libyaml-cpp-dev libsqlite3-dev nlohmann-json3-dev libbenchmark-dev
  xvfb xauth imagemagick fonts-noto-cjk
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

deps() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

build() {
  local werror=OFF
  [ "${CI:-}" = "true" ] && werror=ON
  cmake -S "$here" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE="${KUBELAB_BUILD_TYPE:-RelWithDebInfo}" \
    -DKUBELAB_WERROR="$werror" >/dev/null
  cmake --build "$build" -j "$(nproc)"
}

case "${1:-}" in
  deps) deps ;;
  build) deps; build ;;
  run)
    deps; build
    lab="${KUBELAB_DEMO_LAB:-$build/demo.klab}"
    [ -f "$lab" ] || "$build/core/klab" --lab "$lab" scenario load demo
    exec "$build/ui/kubelab" --lab "$lab"
    ;;
  test)
    deps; build
    cd "$build"
    ctest --output-on-failure -j "$(nproc)" --timeout 600
    ;;
  *)
    echo "usage: scripts/dev.sh run|test|deps|build" >&2
    exit 2
    ;;
esac
