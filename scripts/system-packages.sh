#!/usr/bin/env bash
# Install the Debian/Ubuntu packages counter_app needs. Usage: system-packages.sh run|test|windows
# (windows: the tools of installer/build-windows.sh and smoke-windows.sh, also part of test.)
# Installs only what is missing; uses sudo when not root.
set -euo pipefail
RUNTIME=(python3 python3-venv python3-pip libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3
         libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
         libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxrender1
         libxi6 libpulse0 libasound2 libusb-1.0-0)
TEST=(postgresql poppler-utils util-linux chromium sox)
WINDOWS=(wine wine64 nsis osslsigncode gcc-mingw-w64-x86-64 unzip)
case "${1:-run}" in
  run) wanted=("${RUNTIME[@]}") ;;
  test) wanted=("${RUNTIME[@]}" "${TEST[@]}" "${WINDOWS[@]}") ;;
  windows) wanted=("${WINDOWS[@]}") ;;
  *) echo "usage: $0 run|test|windows" >&2; exit 2 ;;
esac
# one dpkg-query for all packages (a start of the demo should not wait for thirty)
installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${wanted[@]}" 2>/dev/null \
            | awk '/ install ok installed$/ {print $1}' || true)
missing=()
for pkg in "${wanted[@]}"; do
  grep -qx "$pkg" <<<"$installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing system packages: ${missing[*]}"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
