#!/usr/bin/env bash
# Runs a Windows program under Wine, for `GOOS=windows go test -exec` and
# the Windows checks of make test. One Wine prefix under ~/.cache is made
# once (wineboot, about 20 s) and reused; Mono and Gecko are not wanted
# (no .NET, no HTML), so Wine does not ask to install them. Wine 8 lacks
# bcryptprimitives.dll, which every Go program since Go 1.22 loads at
# start; the prefix gets the stand-in in scripts/wine/ (see its comment).
set -euo pipefail
export WINEPREFIX=${WINEPREFIX:-$HOME/.cache/portside-wine}
export WINEDEBUG=${WINEDEBUG:--all}
export WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-mscoree,mshtml=}
wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
# go test -exec runs several test binaries at once: one sets the prefix up,
# the others wait for it.
mkdir -p "$(dirname "$WINEPREFIX")"
exec 9>"$WINEPREFIX.lock"
flock 9
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  mkdir -p "$WINEPREFIX"
  "$wine" wineboot --init >/dev/null 2>&1 || true
  "$(dirname "$(realpath "$wine")")/wineserver" -w 2>/dev/null || true
fi
shim=$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll
if [ ! -f "$shim" ] || ! grep -q ProcessPrng "$shim"; then
  src=$(dirname "$0")/wine
  x86_64-w64-mingw32-gcc -O2 -shared -o "$shim" "$src/bcryptprimitives.c" "$src/bcryptprimitives.def" -lbcrypt
fi
# The first Windows program starts Wine's own services (services.exe,
# winedevice, rpcss…), which inherit its standard error and live until
# the last program ends; go test waits for a test's output to close, and
# with packages run back to back the services never ended: a package hung
# 90 s, then failed. So a keeper with nothing of ours open starts them:
# a ping of ten minutes, started again when it has ended.
services_up() {
  local pid
  for pid in $(pgrep -f 'system32.services\.exe'); do
    tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qxF "WINEPREFIX=$WINEPREFIX" && return 0
  done
  return 1
}
if ! services_up; then
  setsid "$wine" ping -n 600 127.0.0.1 </dev/null >/dev/null 2>&1 9>&- &
  for _ in $(seq 100); do
    services_up && break
    sleep 0.2
  done
fi
flock -u 9
exec 9>&-
exec "$wine" "$@"
