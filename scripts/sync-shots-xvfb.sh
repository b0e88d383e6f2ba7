#!/usr/bin/env bash
# Screenshots of Synchronize… on the real window: start bin/portside --demo
# under Xvfb on a small local web site, open /public_html on the demo
# server, open Synchronize…, exclude *.tmp and compare. Coordinates are
# those of the 1280x800 window the app opens with (see drag-xvfb.sh).
#
#   scripts/sync-shots-xvfb.sh [OPTIONS.png [PREVIEW.png]]
#
# Default: docs/screenshots/sync-options.png and sync-dialog.png.
set -euo pipefail

cd "$(dirname "$0")/.."
bin=${PORTSIDE_BIN:-bin/portside}
opts_png=${1:-docs/screenshots/sync-options.png}
prev_png=${2:-docs/screenshots/sync-dialog.png}
fail() { echo "sync-shots: FAIL: $*" >&2; exit 1; }
. scripts/lib/xvfb.sh # after the cd to the repository root
[ -x "$bin" ] || fail "$bin not found; run make build first"

tmp=$(mktemp -d /tmp/portside-syncshots.XXXXXX)
xvfb_pid="" app_pid=""
stop_on_exit sync-shots

# The local site: one changed page, new pages and folders, a scratch file.
www=$tmp/www
mkdir -p "$www/css" "$www/img" "$www/js"
printf '<!doctype html><title>Portside demo</title><h1>It works, and it syncs</h1>\n' >"$www/index.html"
printf 'body { font-family: sans-serif; }\n' >"$www/css/site.css"
touch -d '2026-11-01 10:00' "$www/css/site.css"
printf 'h1 { color: #3060a0; }\n' >"$www/css/headings.css"
head -c 48000 /dev/urandom >"$www/img/photo.jpg"
printf 'console.log("hi")\n' >"$www/js/app.js"
printf '<!doctype html><title>About</title>\n' >"$www/about.html"
printf 'scratch\n' >"$www/notes.tmp"

start_xvfb 10

"$bin" --demo --local "$www" >"$tmp/app.log" 2>&1 &
app_pid=$!
wid=""
for _ in $(seq 150); do
  wid=$(xdotool search --onlyvisible --name 'Portside$' 2>/dev/null | head -1 || true)
  [ -n "$wid" ] && grep -q '^portside: remote listing / ' "$tmp/app.log" && break
  sleep 0.2
done
[ -n "$wid" ] || fail "no Portside window"
sleep 1

# public_html is the fourth remote row (first row at y=243, 29 px apart).
xdotool mousemove --window "$wid" 720 330 click --repeat 2 --delay 80 1
for _ in $(seq 50); do grep -q '^portside: remote listing /public_html ' "$tmp/app.log" && break; sleep 0.1; done
grep -q '^portside: remote listing /public_html ' "$tmp/app.log" || fail "public_html did not open"
xdotool mousemove --window "$wid" 265 49 click 1 # Synchronize…
sleep 1
xdotool mousemove --window "$wid" 690 490 click 1 # Exclude
xdotool type --delay 40 '*.tmp'
xdotool mousemove 1439 899
sleep 0.5
import -window "$wid" "$opts_png"
xdotool mousemove --window "$wid" 772 609 click 1 # Compare…
sleep 2
xdotool mousemove 1439 899
sleep 0.3
import -window "$wid" "$prev_png"
echo "sync-shots: $opts_png $prev_png"
