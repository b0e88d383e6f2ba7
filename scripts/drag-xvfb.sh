#!/usr/bin/env bash
# Drag-and-drop test of the real window: start bin/portside --demo under
# Xvfb on a local folder with known files, select four rows of the local
# pane with a click and a Shift-click, drag them with xdotool onto the
# "incoming" folder row of the remote pane, and check that they arrived on
# the demo server byte for byte. Screenshots: one mid-drag (the drop target
# highlighted, the drag label at the pointer) and one of the queue panel
# while the transfers run (under --speed-limit, so there is progress to see).
#
#   scripts/drag-xvfb.sh [DRAG.png [QUEUE.png]]
#
# Screenshots go to $1 and $2 (default: a temporary folder, whose path is
# printed). Exits non-zero on any failure; Xvfb and the app are always
# stopped. PORTSIDE_BIN overrides the binary, SMOKE_TIMEOUT the waits (s).
set -euo pipefail

cd "$(dirname "$0")/.."
bin=${PORTSIDE_BIN:-bin/portside}
wait_s=${SMOKE_TIMEOUT:-30}

fail() { echo "drag: FAIL: $*" >&2; exit 1; }
. scripts/lib/xvfb.sh # after the cd to the repository root

[ -x "$bin" ] || fail "$bin not found; run make build first"
for tool in Xvfb xdotool import cmp; do
  command -v "$tool" >/dev/null || fail "$tool is missing; run scripts/deps.sh"
done

tmp=$(mktemp -d /tmp/portside-drag.XXXXXX)
drag_png=${1:-$tmp/drag.png}
queue_png=${2:-$tmp/queue.png}
xvfb_pid="" app_pid=""

stop_on_exit drag "$drag_png"

# The local folder: one folder and three files, so the pane lists, top to
# bottom, photos/, notes.txt, portside-drag-test.bin, report.pdf.
local_dir=$tmp/local root=$tmp/server
mkdir -p "$local_dir/photos" "$root"
head -c 1500000 /dev/urandom >"$local_dir/portside-drag-test.bin"
head -c 400000 /dev/urandom >"$local_dir/report.pdf"
printf 'Drag me to the server.\n' >"$local_dir/notes.txt"
for i in 1 2 3; do head -c 200000 /dev/urandom >"$local_dir/photos/img_000$i.jpg"; done

start_xvfb "$wait_s"

start=$(date +%s.%N)
# 600 KiB/s for all transfers together: the 2.5 MB take about four
# seconds, long enough to see them run.
"$bin" --demo --demo-root "$root" --local "$local_dir" --speed-limit 600 >"$tmp/app.log" 2>&1 &
app_pid=$!

wid=""
for _ in $(seq $((wait_s * 5))); do
  kill -0 "$app_pid" 2>/dev/null || fail "portside exited before its window appeared"
  wid=$(xdotool search --onlyvisible --name 'Portside$' 2>/dev/null | head -1 || true)
  [ -n "$wid" ] && break
  sleep 0.2
done
[ -n "$wid" ] || fail "no Portside window within ${wait_s}s"
for _ in $(seq $((wait_s * 10))); do
  grep -q '^portside: remote listing / ' "$tmp/app.log" && break
  kill -0 "$app_pid" 2>/dev/null || fail "portside exited early"
  sleep 0.1
done
grep -q '^portside: remote listing / ' "$tmp/app.log" || fail "no remote listing within ${wait_s}s"
sleep 1 # let the listings paint

# Where the rows are, in window coordinates, at the 1280x800 the app opens
# with: the first row of either list is at y=243 (under the menu bar, the
# toolbar and the quick-connect bar) and rows are 29 px apart
# (docs/screenshots/main-window.png). The local pane spans x 0-638, the
# remote pane x 642-1280. Remote rows: backups, camera, incoming, …
row_y() { echo $((243 + 29 * $1)); }
local_x=80 remote_x=800

# Select photos/ through report.pdf: a click, then a Shift-click.
xdotool mousemove --window "$wid" $local_x "$(row_y 0)" click 1
sleep 0.4
xdotool mousemove --window "$wid" $local_x "$(row_y 3)" keydown shift click 1 keyup shift
sleep 0.4

# Drag the known file's row (inside the selection) onto "incoming", in
# steps as a hand would, and hold it there for the screenshot.
xdotool mousemove --window "$wid" $local_x "$(row_y 2)" mousedown 1
y0=$(row_y 2) y1=$(row_y 2)
for x in 100 140 220 340 480 600 700 760 790 $remote_x; do
  xdotool mousemove --window "$wid" $x $(((y0 + y1) / 2))
  sleep 0.05
done
sleep 0.4
import -window "$wid" "$drag_png" || fail "screenshot failed"
xdotool mouseup 1
dropped=$(date +%s.%N)

# Let the queue panel show the transfers running, with the pointer parked
# where it highlights nothing.
xdotool mousemove 1439 899
sleep 1.5
import -window "$wid" "$queue_png" || fail "screenshot failed"

want="portside: upload done $local_dir/portside-drag-test.bin -> /incoming/portside-drag-test.bin"
for _ in $(seq $((wait_s * 10))); do
  grep -qxF "$want" "$tmp/app.log" && break
  # (not the line wanted: it may have arrived since the grep above)
  if grep "portside-drag-test.bin -> " "$tmp/app.log" | grep -qvxF "$want"; then
    fail "the file went elsewhere (has the layout moved the rows?): $(grep 'portside-drag-test.bin -> ' "$tmp/app.log")"
  fi
  kill -0 "$app_pid" 2>/dev/null || fail "portside exited during the transfer"
  sleep 0.1
done
grep -qxF "$want" "$tmp/app.log" || fail "the dragged file did not arrive within ${wait_s}s"
done_at=$(date +%s.%N)
cmp "$local_dir/portside-drag-test.bin" "$root/incoming/portside-drag-test.bin" ||
  fail "the file on the server differs from the one dragged"

# The rest of the selection went along: a folder of three and two files.
for _ in $(seq $((wait_s * 10))); do
  [ "$(grep -c '^portside: upload done .* -> /incoming/' "$tmp/app.log")" -ge 7 ] && break
  sleep 0.1
done
for f in notes.txt report.pdf photos/img_0001.jpg photos/img_0002.jpg photos/img_0003.jpg; do
  cmp "$local_dir/$f" "$root/incoming/$f" || fail "$f did not arrive whole"
done
grep -q 'upload failed' "$tmp/app.log" && fail "a transfer failed: $(grep 'upload failed' "$tmp/app.log")"

echo "drag: screenshots $drag_png $queue_png"
awk -v a="$start" -v b="$dropped" -v c="$done_at" \
  'BEGIN { printf "drag: OK, start to drop %.1fs, drop to the file on the server %.1fs (at 600 KiB/s)\n", b - a, c - b }'
