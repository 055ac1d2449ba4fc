#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# KubeLab's one entry point for developers and CI.
#   scripts/dev.sh run    install what is missing, build, open the GUI on the demo lab
#   scripts/dev.sh test   install what is missing, build, run every test, then the hardening
#                         stage (below)
#   scripts/dev.sh hardening  a second build with Clang, AddressSanitizer and
#                         UndefinedBehaviorSanitizer: the engine's tests run under the
#                         sanitizers and every libFuzzer target fuzzes for a bounded time
#   scripts/dev.sh deps   only install what is missing
#   scripts/dev.sh build  only build
#   scripts/dev.sh package  build the .deb, install it, run the installed klab and kubelab
#                           (CI runs it after the tests)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${KUBELAB_BUILD_DIR:-$here/build}"
hardening_build="${KUBELAB_HARDENING_BUILD_DIR:-$here/build-hardening}"

packages=(
  build-essential cmake ninja-build ccache pkg-config
  qt6-base-dev qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libqt6sql6-sqlite libqt6opengl6-dev libgl1-mesa-dev
  libyaml-cpp-dev libsqlite3-dev nlohmann-json3-dev libssl-dev libbenchmark-dev
  xvfb xauth imagemagick fonts-noto-cjk appstream
  clang-16 libclang-rt-16-dev llvm-16 lld-16
)

# Prints how long each stage took, so a slow CI run shows where its time went.
stage_start=$SECONDS
stage() {
  echo "== $1 (after $((SECONDS - stage_start)) s)"
}

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
    -DKUBELAB_UNITY=ON -DKUBELAB_WERROR="$werror" >/dev/null
  cmake --build "$build" -j "$(nproc)"
}

# Everything (engine, klab, the GUI and every test) built with Clang, ASan and UBSan (any
# report fails), plus the libFuzzer targets; each fuzz target runs as a test for
# KUBELAB_FUZZ_SECONDS (20 by default) from its kept corpus in tests/fuzz/corpus. Unoptimised
# (-O0): instrumented code compiles fastest there. The suites that mostly start the klab binary
# hundreds of times (crash safety, the klab and lesson transcripts, the real kubectl) take ten
# minutes there and run in the main build only, as does the check that docs/klab.md is current.
hardening() {
  cmake -S "$here" -B "$hardening_build" -G Ninja \
    -DCMAKE_CXX_COMPILER=clang++-16 \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O0 -g1" \
    -DKUBELAB_FUZZ=ON -DKUBELAB_BUILD_BENCH=OFF -DKUBELAB_UNITY=ON \
    -DKUBELAB_FUZZ_SECONDS="${KUBELAB_FUZZ_SECONDS:-20}" >/dev/null
  cmake --build "$hardening_build" -j "$(nproc)"
  stage "hardening tests"
  (cd "$hardening_build" &&
    ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-16/bin/llvm-symbolizer \
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
      ctest --output-on-failure -j "$(nproc)" --timeout 900 \
        -E '^(core_sim_crashsafety|cli_klab|cli_lessons|core_server_kubectl|kubectl_download|docs_klab_reference)$')
}

# The Debian package, installed on this machine and run from its installed paths.
package() {
  (cd "$build" && cpack -G DEB >/dev/null)
  local deb
  deb="$(ls -t "$build"/kubelab_*.deb | head -1)"
  echo "Package: $deb"
  dpkg-deb --info "$deb" | sed -n 's/^ \(Depends\|Installed-Size\):/  \1:/p'
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$deb" >/dev/null
  appstreamcli validate --no-net /usr/share/metainfo/io.kubelab.KubeLab.metainfo.xml
  local tmp
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' RETURN
  (cd "$tmp" && /usr/bin/klab scenario load demo >/dev/null && /usr/bin/klab get nodes)
  QT_QPA_PLATFORM=offscreen /usr/bin/kubelab --lab "$tmp/lab.klab" --screenshot "$tmp/shot.png"
  test -s "$tmp/shot.png"
  man -w klab >/dev/null 2>&1 || test -f /usr/share/man/man1/klab.1.gz || test -f /usr/share/man/man1/klab.1
  echo "Installed package runs: klab and kubelab --screenshot from /usr/bin"
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
    stage deps; deps
    stage build; build
    stage tests
    (cd "$build" && ctest --output-on-failure -j "$(nproc)" --timeout 600)
    if [ "${CI:-}" = "true" ]; then stage package; package; fi
    stage "hardening build"; hardening
    stage done
    ;;
  hardening) deps; hardening ;;
  package) deps; build; package ;;
  *)
    echo "usage: scripts/dev.sh run|test|hardening|deps|build|package" >&2
    exit 2
    ;;
esac
