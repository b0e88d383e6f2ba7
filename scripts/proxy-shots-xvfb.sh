#!/usr/bin/env bash
# Screenshot of File → Proxy settings on the real window: start
# bin/portside --demo under Xvfb, open the menu, fill in an office SOCKS5
# proxy with a login and take the window.
#
#   scripts/proxy-shots-xvfb.sh [OUT.png [MENU.png]]
#
# Default: docs/screenshots/proxy-settings.png (MENU.png: none).
set -euo pipefail

cd "$(dirname "$0")/.."
bin=${PORTSIDE_BIN:-bin/portside}
out=${1:-docs/screenshots/proxy-settings.png}
menu_png=${2:-}
fail() { echo "proxy-shots: FAIL: $*" >&2; exit 1; }
. scripts/lib/xvfb.sh # after the cd to the repository root
[ -x "$bin" ] || fail "$bin not found; run make build first"

tmp=$(mktemp -d /tmp/portside-proxyshots.XXXXXX)
xvfb_pid="" app_pid=""
stop_on_exit proxy-shots

mkdir -p "$tmp/site/css"
printf '<!doctype html><title>Portside</title>\n' >"$tmp/site/index.html"
printf 'body { font-family: sans-serif; }\n' >"$tmp/site/css/site.css"

start_xvfb 10
"$bin" --demo --local "$tmp/site" >"$tmp/app.log" 2>&1 &
app_pid=$!
wid=""
for _ in $(seq 150); do
  wid=$(xdotool search --onlyvisible --name 'Portside$' 2>/dev/null | head -1 || true)
  [ -n "$wid" ] && grep -q '^portside: remote listing / ' "$tmp/app.log" && break
  sleep 0.2
done
[ -n "$wid" ] || fail "no Portside window"
sleep 1
xdotool mousemove --window "$wid" 27 14 click 1 # File
sleep 0.7
[ -z "$menu_png" ] || import -window "$wid" "$menu_png"
xdotool mousemove --window "$wid" ${PROXY_ITEM_X:-90} ${PROXY_ITEM_Y:-200} click 1 # Proxy settings…
sleep 1
# The dialog is centred: Type at y=271, Host at 310 (1280x800 window).
xdotool mousemove --window "$wid" 683 271 click 1 # Type
sleep 0.5
[ -z "${SELECT_PNG:-}" ] || import -window "$wid" "$SELECT_PNG"
xdotool mousemove --window "$wid" ${SOCKS_X:-683} ${SOCKS_Y:-344} click 1 # SOCKS5
sleep 0.3
xdotool mousemove --window "$wid" 683 310 click 1 # Host
xdotool type --delay 30 'proxy.office.example'
xdotool key --window "$wid" Tab
xdotool type --delay 30 '1080'
xdotool key --window "$wid" Tab
xdotool type --delay 30 'ann'
xdotool key --window "$wid" Tab
xdotool type --delay 30 'secret'
xdotool mousemove 1439 899
sleep 0.5
import -window "$wid" "$out"
echo "proxy-shots: $out"
