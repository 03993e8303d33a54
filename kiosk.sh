#!/usr/bin/env bash
# kiosk.sh — the developer script behind the README's two quick-start commands.
#
#   ./kiosk.sh run    install what is needed, build, start the kiosk in simulator mode
#   ./kiosk.sh test   install what is needed, build, run every test suite under
#                     ASan+UBSan, then every libFuzzer target briefly
#                     (arguments go to `meson test`, and skip the fuzzing);
#                     KIOSK_IMAGE_TEST=1 also builds and boots the appliance
#                     image (suite 'image', skipped otherwise; docs/image.md)
#   ./kiosk.sh bench  install what is needed, build, run every benchmark beside
#                     its reference; the table (Markdown) and JSON land in
#                     _build/run/bench/ (docs/performance.md)
#   ./kiosk.sh deps   only install the Debian packages
#
# Works on a fresh Debian 12 machine as root (or with sudo).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Two build trees: the program as shipped, and the tests under ASan + UBSan.
run_builddir="${BUILDDIR:-$here/_build/run}"
test_builddir="${TEST_BUILDDIR:-$here/_build/test}"
fuzz_builddir="${FUZZ_BUILDDIR:-$here/_build/fuzz}"

# Build and run dependencies, plus what the tests start for real (pcscd + vpcd,
# ippeveprinter/cupsd, Xvfb, GStreamer sources, clang for fuzzing).
packages=(
  meson ninja-build pkg-config gcc libc6-dev clang-format
  libglib2.0-dev libgtk-4-dev libgtk-4-bin libqrencode-dev libpcsclite-dev libsqlite3-dev
  libcups2-dev libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libturbojpeg0-dev
  libcairo2-dev libpango1.0-dev libcrypt-dev
  g++ libpng-dev libopencv-objdetect-dev libopencv-imgproc-dev libopencv-core-dev opencv-data libvips-tools python3-skimage
  fonts-noto-cjk python3-fonttools librsvg2-bin
  pcscd vsmartcard-vpcd pcsc-tools
  cups cups-ipp-utils cups-client cups-filters dbus
  gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  xvfb xauth xdotool imagemagick x11-utils dbus-x11 at-spi2-core python3-pyatspi libglib2.0-bin
  clang libclang-rt-14-dev
  socat sqlite3 nftables
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_deps() {
  local missing=()
  local p
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    return 0
  fi
  echo "kiosk.sh: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get -o DPkg::Lock::Timeout=300 update -q
  as_root apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "${missing[@]}"
}

build() {
  local dir="$1"
  shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$here" "$@"
  fi
  meson compile -C "$dir"
}

run_kiosk() {
  local app="$run_builddir/ui/sskiosk"
  export KIOSK_DATA_DIR="$here/data"
  export KIOSK_DEVICES_SIMDIR="$run_builddir/devices/idreader/sim:$run_builddir/devices/chip/vcard"
  export KIOSK_PHOTO_MODULE_DIR="$run_builddir/kiosk/photo"
  # The shipped configuration: simulator mode on the embedded center.
  set -- --config "${KIOSK_CONFIG:-$here/data/kiosk.conf}" "$@"
  if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    exec "$app" --windowed "$@"
  fi
  # No display: serve the window through GTK's Broadway backend.
  local port="${BROADWAY_PORT:-8080}"
  local display=$((port - 8080))
  gtk4-broadwayd --port "$port" ":$display" &
  local broadwayd=$!
  trap 'kill $broadwayd 2>/dev/null; wait $broadwayd 2>/dev/null' EXIT
  sleep 0.5
  echo
  echo "  The kiosk is running. Open http://localhost:$port/ in a browser."
  echo "  (Ctrl+C stops it.)"
  echo
  GDK_BACKEND=broadway BROADWAY_DISPLAY=":$display" "$app" "$@"
}

case "${1:-}" in
  run)
    shift
    install_deps
    build "$run_builddir"
    run_kiosk "$@"
    ;;
  test)
    shift
    install_deps
    build "$test_builddir" -Db_sanitize=address,undefined -Db_lundef=false
    # Every suite, the reliability one (issue 7) included: its CI subset
    # (docs/reliability.md, "Time"); KIOSK_RELIABILITY_FULL=1 runs all of it.
    meson test -C "$test_builddir" --print-errorlogs --num-processes 2 "$@"
    # Then every libFuzzer target for a short while (clang; docs/fuzzing.md).
    if [ "$#" -eq 0 ]; then
      # The privacy scan once more, over the complete test log (docs/reliability.md).
      "$here/tests/reliability/check-privacy.py" --build-root "$test_builddir" --data "$here/data" \
        --tests "$here/tests" --out "$test_builddir/tests/reliability" \
        --scan-dir "$test_builddir/tests/privacy-scan"
      CC=clang CXX=clang++ build "$fuzz_builddir" -Dfuzzing=true -Dui=disabled
      meson test -C "$fuzz_builddir" --print-errorlogs --num-processes 2 --suite fuzz
    fi
    ;;
  bench)
    shift
    install_deps
    build "$run_builddir"
    python3 "$here/bench/run-bench.py" --build "$run_builddir" "$@"
    ;;
  deps)
    install_deps
    ;;
  *)
    echo "usage: $0 run|test|bench|deps" >&2
    exit 2
    ;;
esac
