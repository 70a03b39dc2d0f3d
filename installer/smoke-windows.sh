#!/usr/bin/env bash
# Smoke-test the Windows installer under Wine: fresh prefix, silent install, selftest with the installed
# Python, shortcuts, the rendered window against its reference, upgrade over the install, uninstall,
# and nothing but the data left. Usage: installer/smoke-windows.sh dist/counter-app-VERSION-setup.exe
# Environment: SMOKE_KEEP=1 keeps the work folder; SMOKE_UPDATE_REFERENCE=1 rewrites the reference.
# Wine-only workarounds, all confined to the throw-away prefix: a stand-in icuuc.dll (Wine 8 has none,
# Qt6Core imports it; real Windows ships it), WINEDLLOVERRIDES=wbemprox=d (Python's platform module
# hits an unimplemented WMI call), and pipes for stdin/stdout (Wine's Python dies on files//dev/null).
set -euo pipefail
[ $# -eq 1 ] && [ -f "$1" ] || { echo "usage: $0 dist/counter-app-VERSION-setup.exe" >&2; exit 2; }
SETUP=$(realpath "$1")
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=${PYTHON:-$ROOT/.venv/bin/python}
bash scripts/system-packages.sh windows
WORK=$(mktemp -d /tmp/counter-app-smoke.XXXXXX)
export WINEPREFIX=$WORK/prefix WINEDEBUG=-all WINEARCH=win64
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d;wbemprox=d"
unset DISPLAY
cleanup() {
  wineserver -k 2>/dev/null || true
  if [ "${SMOKE_KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
T0=$SECONDS
step() { printf '== [%3ds] %s\n' $((SECONDS - T0)) "$*"; }
fail() { echo "SMOKE TEST FAILED: $*" >&2; exit 1; }
# Run a Windows program with pipes for stdio; its exit code is returned.
win() { local rc=0; : | wine "$@" 2>&1 | cat || rc=${PIPESTATUS[1]}; return "$rc"; }
C=$WINEPREFIX/drive_c
INSTDIR='C:\CounterApp'
INST=$C/CounterApp
DATA=$C/ProgramData/counter-app
MENU="$C/ProgramData/Microsoft/Windows/Start Menu/Programs/Phục vụ hành chính công"
DESKTOP=$C/users/Public/Desktop
declare -A ROLES=(["Kiosk lấy số"]=kiosk ["Quầy tiếp nhận"]=counter ["Màn hình hiển thị"]=display
                  ["Quản trị"]=admin)

step "fresh Wine prefix"
wine wineboot -i >/dev/null 2>&1 || true
wineserver -w
x86_64-w64-mingw32-gcc -shared -O2 -s -o "$C/windows/system32/icuuc.dll" installer/smoke/icuuc-standin.c
(cd "$C" && find . -path ./windows -prune -o -print | sort) > "$WORK/before.txt"

step "silent install to $INSTDIR"
win "$SETUP" /S "/D=$INSTDIR" >/dev/null || fail "setup.exe exited $?"
wineserver -w
[ -x "$INST/python/python.exe" ] && [ -f "$INST/uninstall.exe" ] || fail "program files missing"
[ -f "$DATA/counter-app.sqlite3" ] && [ -f "$DATA/counter-app.toml" ] \
  || fail "the installer did not create the store and config in ProgramData"
for role in "${!ROLES[@]}"; do
  [ -f "$MENU/$role.lnk" ] || fail "Start-menu shortcut missing: $role"
  [ -f "$DESKTOP/$role.lnk" ] || fail "desktop shortcut missing: $role"
  # .lnk strings are UTF-16: the target, the arguments (role command) and the icon.
  x86_64-w64-mingw32-strings -el "$MENU/$role.lnk" > "$WORK/lnk.txt"
  grep -qF -- "-m counter_app --data-dir \"C:\\ProgramData\\counter-app\" ${ROLES[$role]}" "$WORK/lnk.txt" \
    && grep -qF "icons\\${ROLES[$role]}.ico" "$WORK/lnk.txt" || fail "shortcut $role: $(tr '\n' ' ' < "$WORK/lnk.txt")"
done
[ -f "$MENU/Kiểm tra cài đặt.lnk" ] && [ -f "$MENU/Gỡ cài đặt.lnk" ] || fail "selftest/uninstall shortcut missing"
for ico in kiosk counter display admin selftest; do [ -f "$INST/icons/$ico.ico" ] || fail "icon $ico"; done
echo "installed: $(du -sm "$INST" | cut -f1) MB"

step "selftest with the installed Python"
started=$SECONDS
win "$INSTDIR\\python\\python.exe" -X utf8 -m counter_app selftest --out "Z:$WORK/selftest" \
  | tee "$WORK/selftest.log" || fail "selftest exited non-zero"
grep -q "^TẤT CẢ ĐẠT" "$WORK/selftest.log" || fail "selftest did not pass"
echo "selftest under Wine: $((SECONDS - started)) s (Python start included)"

step "rendered window against the reference"
REFERENCE=installer/smoke/reference-window.png
if [ "${SMOKE_UPDATE_REFERENCE:-0}" = 1 ]; then
  "$PY" installer/smoke/compare_image.py "$WORK/selftest/window.png" "$REFERENCE" --update
fi
mkdir -p build/windows && cp "$WORK/selftest/window.png" build/windows/smoke-window.png
"$PY" installer/smoke/compare_image.py "$WORK/selftest/window.png" "$REFERENCE" \
  || fail "window (see build/windows/smoke-window.png; after a deliberate change of the launcher \
rerun with SMOKE_UPDATE_REFERENCE=1 and commit $REFERENCE)"

step "command line, demo data, then upgrade over the install"
win cmd /c "$INSTDIR\\counter-app.cmd" init --demo | tee "$WORK/demo.log" >/dev/null
grep -q "canbo1" "$WORK/demo.log" || fail "init --demo in ProgramData"
echo "# giữ nguyên khi nâng cấp" >> "$DATA/counter-app.toml"
touch "$INST/app/counter_app/stale_from_old_version.py"
win "$SETUP" /S >/dev/null || fail "upgrade exited $?"
wineserver -w
[ ! -e "$INST/app/counter_app/stale_from_old_version.py" ] || fail "upgrade left old program files"
grep -q "giữ nguyên khi nâng cấp" "$DATA/counter-app.toml" || fail "upgrade lost the config"
officers() { "$PY" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(
  "SELECT count(*) FROM officers").fetchone()[0])' "$DATA/counter-app.sqlite3"; }
[ "$(officers)" -ge 3 ] || fail "upgrade lost the data"
head=$(grep -o "phiên bản [0-9a-z_]*" "$WORK/selftest.log" | cut -d' ' -f3)
store=$("$PY" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(
  "SELECT version_num FROM alembic_version").fetchone()[0])' "$DATA/counter-app.sqlite3")
[ -n "$head" ] && [ "$store" = "$head" ] || fail "store at migration '$store', the app's head is '$head'"

step "uninstall (keeps the data)"
win "$INSTDIR\\uninstall.exe" /S >/dev/null || fail "uninstall exited $?"
wineserver -w
(cd "$C" && find . -path ./windows -prune -o -print | sort) > "$WORK/after.txt"
left=$(comm -13 "$WORK/before.txt" "$WORK/after.txt" | grep -v '^\./ProgramData/counter-app' \
       | grep -v '^\./users/[^/]*/AppData/Local/Temp' | grep -v '^\./users/[^/]*/Temp' || true)
[ -z "$left" ] || { echo "$left" >&2; fail "uninstall left files behind"; }
! win reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\counter-app' >/dev/null \
  || fail "uninstall registry key left"
[ "$(officers)" -ge 3 ] && grep -q "giữ nguyên" "$DATA/counter-app.toml" || fail "uninstall removed the data"
step "PASSED: install, selftest, shortcuts, window, upgrade, uninstall"
