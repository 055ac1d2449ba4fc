#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# KubeLab's one entry point for developers and CI.
#   scripts/dev.sh run    install what is missing, build, open the GUI on the demo lab
#   scripts/dev.sh test   install what is missing, build, and run every test: each suite once,
#                         in the tree where it tells most (tests/CMakeLists.txt):
#                         - the end-to-end suites (klab and lesson transcripts, crash safety,
#                           the real kubectl) and the checks of the sources in the main,
#                           optimised tree (CI then packages and installs it);
#                         - every other suite, and the fuzz targets, under AddressSanitizer and
#                           UndefinedBehaviorSanitizer (Clang);
#                         - the suites where the engine runs on a thread of its own (the GUI's
#                           engine worker, klab serve) under ThreadSanitizer (Clang).
#   scripts/dev.sh hardening  only the two sanitizer trees and their suites
#   scripts/dev.sh deps   only install what is missing
#   scripts/dev.sh build  only build (the main tree, with every test)
#   scripts/dev.sh package  build the .deb, install it, run the installed klab and kubelab
#                           (CI runs it after the tests)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${KUBELAB_BUILD_DIR:-$here/build}"
hardening_build="${KUBELAB_HARDENING_BUILD_DIR:-$here/build-hardening}"
tsan_build="${KUBELAB_TSAN_BUILD_DIR:-$here/build-tsan}"

packages=(
  build-essential cmake ninja-build ccache pkg-config
  qt6-base-dev qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libqt6sql6-sqlite libqt6opengl6-dev libgl1-mesa-dev
  libyaml-cpp-dev libsqlite3-dev nlohmann-json3-dev libssl-dev zlib1g-dev libbenchmark-dev libmimalloc-dev
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

# The main tree (GCC, optimised). $1: which tests it builds (KUBELAB_TESTS), all by default.
build() {
  local werror=OFF
  [ "${CI:-}" = "true" ] && werror=ON
  cmake -S "$here" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE="${KUBELAB_BUILD_TYPE:-RelWithDebInfo}" \
    -DKUBELAB_UNITY=ON -DKUBELAB_WERROR="$werror" -DKUBELAB_TESTS="${1:-all}" >/dev/null
  cmake --build "$build" -j "$(nproc)"
}

# Every suite but the end-to-end ones, built with Clang, ASan and UBSan (any report fails),
# plus the libFuzzer targets; each fuzz target runs as a test for KUBELAB_FUZZ_SECONDS (20 by
# default) from its kept corpus in tests/fuzz/corpus. Unoptimised (-O0): instrumented code
# compiles fastest there. The libraries are shared: one instrumented engine on disk, not one in
# each of the hundred test programs.
sanitized() {
  cmake -S "$here" -B "$hardening_build" -G Ninja \
    -DCMAKE_CXX_COMPILER=clang++-16 \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O0 -g1" \
    -DKUBELAB_FUZZ=ON -DKUBELAB_BUILD_BENCH=OFF -DKUBELAB_UNITY=ON -DKUBELAB_SHARED=ON -DKUBELAB_TESTS=unit \
    -DKUBELAB_FUZZ_SECONDS="${KUBELAB_FUZZ_SECONDS:-20}" >/dev/null
  cmake --build "$hardening_build" -j "$(nproc)"
  stage "sanitized tests"
  (cd "$hardening_build" &&
    ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-16/bin/llvm-symbolizer \
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
      ctest --output-on-failure -j "$(nproc)" --timeout 900)
}

# The suites where the engine runs on a thread of its own, built with Clang and
# ThreadSanitizer; any report fails. Unoptimised like the tree above: TSan's advice is -O1,
# which compiles in twice the time, and these suites run in well under a minute either way.
# Debian's Qt is not built with TSan, so the engine worker announces the hand-over of its
# queued calls to it (ui/engineworker.cpp).
threads() {
  cmake -S "$here" -B "$tsan_build" -G Ninja \
    -DCMAKE_CXX_COMPILER=clang++-16 \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O0 -g1" \
    -DKUBELAB_TSAN=ON -DKUBELAB_BUILD_BENCH=OFF -DKUBELAB_UNITY=ON -DKUBELAB_SHARED=ON -DKUBELAB_TESTS=threads >/dev/null
  cmake --build "$tsan_build" -j "$(nproc)"
  stage "thread-sanitized tests"
  (cd "$tsan_build" &&
    TSAN_OPTIONS="ignore_noninstrumented_modules=1 halt_on_error=1 second_deadlock_stack=1 suppressions=$here/tests/tsan-suppressions.txt external_symbolizer_path=/usr/lib/llvm-16/bin/llvm-symbolizer" \
      ctest --output-on-failure -j "$(nproc)" --timeout 900)
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
    stage build; build end-to-end
    stage "end-to-end tests"
    (cd "$build" && ctest --output-on-failure -j "$(nproc)" --timeout 600)
    if [ "${CI:-}" = "true" ]; then stage package; package; fi
    stage "sanitized build"; sanitized
    stage "thread-sanitized build"; threads
    stage done
    ;;
  hardening)
    deps
    stage "sanitized build"; sanitized
    stage "thread-sanitized build"; threads
    ;;
  package) deps; build; package ;;
  *)
    echo "usage: scripts/dev.sh run|test|hardening|deps|build|package" >&2
    exit 2
    ;;
esac
