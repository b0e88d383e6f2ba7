#!/usr/bin/env bash
# portside.exe under Wine on Xvfb: start it on its demo server, wait for
# its window and for the first remote listing, take a screenshot and check
# that the window drew something (not one flat colour).
#
#   scripts/wine-window-xvfb.sh PORTSIDE.EXE [SCREENSHOT.png]
#
# Wine turns the program's OpenGL (WGL) calls into GLX on the X server,
# which Xvfb serves with Mesa's software renderer: the same path the
# Linux smoke test's window takes.
set -euo pipefail
cd "$(dirname "$0")/.."
exe=$(realpath "$1")
wait_s=${SMOKE_TIMEOUT:-90}

fail() { echo "wine-window: FAIL: $*" >&2; exit 1; }
. scripts/lib/xvfb.sh

tmp=$(mktemp -d /tmp/portside-wine.XXXXXX)
out=${2:-$tmp/windows-wine.png}
xvfb_pid="" app_pid=""
stop_on_exit wine-window "$out"
start_xvfb 30

# A prefix of its own: a prefix's wineserver keeps the display its first
# program found, and one started without a display by the other tests
# (they run headless) makes GLFW fail with "Failed to create helper
# window". Its wineserver from an earlier run is stopped first, as that
# run's Xvfb is gone.
export WINEPREFIX=${PORTSIDE_WINE_GUI_PREFIX:-$HOME/.cache/portside-wine-gui}
wineserver=$(dirname "$(realpath "$(command -v wine64 || echo /usr/lib/wine/wine64)")")/wineserver
"$wineserver" -k 2>/dev/null || true
"$wineserver" -w 2>/dev/null || true
WINEDEBUG=-all ./scripts/wine-exec.sh "$exe" --demo >"$tmp/app.log" 2>&1 &
app_pid=$!

wid=""
for _ in $(seq $((wait_s * 5))); do
  kill -0 "$app_pid" 2>/dev/null || fail "portside.exe exited before its window appeared"
  wid=$(xdotool search --onlyvisible --name '^Portside$' 2>/dev/null | head -1 || true)
  [ -n "$wid" ] && break
  sleep 0.2
done
[ -n "$wid" ] || fail "no Portside window within ${wait_s}s"

listing=""
for _ in $(seq $((wait_s * 10))); do
  listing=$(grep -m1 'remote listing ' "$tmp/app.log" || true)
  [ -n "$listing" ] && break
  kill -0 "$app_pid" 2>/dev/null || fail "portside.exe exited early"
  sleep 0.1
done
[ -n "$listing" ] || fail "no remote listing within ${wait_s}s"
echo "wine-window: ${listing//$'\r'/}"
sleep 2 # let the listing draw
xdotool mousemove 1439 899
import -window "$wid" "$out"
colours=$(convert "$out" -format %k info:)
size=$(identify -format %wx%h "$out")
echo "wine-window: screenshot $out ($size, $colours colours)"
[ "$colours" -gt 50 ] || fail "the window is (nearly) one colour: $colours colours; OpenGL did not draw"
