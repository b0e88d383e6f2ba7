#!/usr/bin/env bash
# Screenshot of View → Directory comparison on the real window: start
# bin/portside --demo under Xvfb with a local folder and a served folder
# that share some names (one edited locally, one of another size, some on
# one side only), press Ctrl+O (the menu item's key, as in FileZilla) and
# take the window.
#
#   scripts/compare-shots-xvfb.sh [OUT.png]
#
# Default: docs/screenshots/compare.png.
set -euo pipefail

cd "$(dirname "$0")/.."
bin=${PORTSIDE_BIN:-bin/portside}
out=${1:-docs/screenshots/compare.png}
fail() { echo "compare-shots: FAIL: $*" >&2; exit 1; }
. scripts/lib/xvfb.sh # after the cd to the repository root
[ -x "$bin" ] || fail "$bin not found; run make build first"

tmp=$(mktemp -d /tmp/portside-compareshots.XXXXXX)
xvfb_pid="" app_pid=""
stop_on_exit compare-shots

loc=$tmp/site srv=$tmp/served
mkdir -p "$loc/css" "$loc/img" "$srv/css" "$srv/img" "$srv/old"
for d in "$loc" "$srv"; do
  printf '<!doctype html><title>Portside</title>\n' >"$d/index.html"
  printf 'body { font-family: sans-serif; }\n' >"$d/site.css"
  touch -d '2026-11-01 10:00' "$d/index.html" "$d/site.css"
done
printf '<!doctype html><title>Portside, edited</title>\n' >"$loc/about.html"
printf '<!doctype html><title>Portside, edite</title>\n' >"$srv/about.html"
touch -d '2026-11-20 16:30' "$loc/about.html"
touch -d '2026-11-02 09:00' "$srv/about.html"
head -c 48000 /dev/zero >"$loc/photo.jpg"
head -c 51000 /dev/zero >"$srv/photo.jpg"
touch -d '2026-11-01 10:00' "$loc/photo.jpg" "$srv/photo.jpg"
printf 'new page\n' >"$loc/contact.html"
printf 'draft\n' >"$loc/notes.txt"
printf 'gone locally\n' >"$srv/robots.txt"

start_xvfb 10

"$bin" --demo --demo-root "$srv" --local "$loc" >"$tmp/app.log" 2>&1 &
app_pid=$!
wid=""
for _ in $(seq 150); do
  wid=$(xdotool search --onlyvisible --name 'Portside$' 2>/dev/null | head -1 || true)
  [ -n "$wid" ] && grep -q '^portside: remote listing / ' "$tmp/app.log" && break
  sleep 0.2
done
[ -n "$wid" ] || fail "no Portside window"
sleep 1
xdotool mousemove --window "$wid" 300 300 click 1 # focus the local list
xdotool key --window "$wid" ctrl+o
sleep 1.5
xdotool mousemove 1439 899
sleep 0.3
import -window "$wid" "$out"
echo "compare-shots: $out"
