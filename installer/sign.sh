#!/usr/bin/env bash
# Sign a Windows executable in place with osslsigncode (makensis calls it on uninstall.exe and setup.exe
# when build-windows.sh sees COUNTER_APP_SIGN_PKCS12). Usage: sign.sh FILE
# Environment: COUNTER_APP_SIGN_PKCS12 (.pfx/.p12), COUNTER_APP_SIGN_PASSWORD_FILE (its password),
#              COUNTER_APP_SIGN_TIMESTAMP (optional RFC 3161 time-stamping URL).
set -euo pipefail
file=$1
args=(sign -pkcs12 "$COUNTER_APP_SIGN_PKCS12" -h sha256 -n "Phục vụ hành chính công")
[ -n "${COUNTER_APP_SIGN_PASSWORD_FILE:-}" ] && args+=(-readpass "$COUNTER_APP_SIGN_PASSWORD_FILE")
[ -n "${COUNTER_APP_SIGN_TIMESTAMP:-}" ] && args+=(-ts "$COUNTER_APP_SIGN_TIMESTAMP")
osslsigncode "${args[@]}" -in "$file" -out "$file.signed" >/dev/null
mv -f "$file.signed" "$file"
echo "signed $(basename "$file")"
