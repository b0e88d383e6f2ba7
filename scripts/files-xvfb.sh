#!/usr/bin/env bash
# Real-window check of the work-on-files features: start bin/portside --demo
# under Xvfb with a fake editor command (cp of a known file), then with
# xdotool: File permissions… on README.txt (tick boxes, OK: the mode on the
# server's disk must change), View/Edit on README.txt (the fake editor
# writes the copy; answer Yes: the server's bytes must be the editor's),
# and Find files… (Ctrl+F, "css"). Screenshots of the permissions dialog,
# the upload question and the find results.
#
#   scripts/files-xvfb.sh [CHMOD.png [EDIT.png [FIND.png]]]
#
# Exits non-zero on any failure; Xvfb and the app are always stopped.
# PORTSIDE_BIN overrides the binary, SMOKE_TIMEOUT the waits (s).
set -euo pipefail

cd "$(dirname "$0")/.."
bin=${PORTSIDE_BIN:-bin/portside}
wait_s=${SMOKE_TIMEOUT:-30}

fail() { echo "files: FAIL: $*" >&2; exit 1; }
. scripts/lib/xvfb.sh # after the cd to the repository root

[ -x "$bin" ] || fail "$bin not found; run make build first"
for tool in Xvfb xdotool import; do
  command -v "$tool" >/dev/null || fail "$tool is missing; run scripts/deps.sh"
done

tmp=$(mktemp -d /tmp/portside-files.XXXXXX)
chmod_png=${1:-$tmp/chmod.png}
edit_png=${2:-$tmp/edit.png}
find_png=${3:-$tmp/find.png}
xvfb_pid="" app_pid=""
stop_on_exit files "$chmod_png"

local_dir=$tmp/local root=$tmp/server
mkdir -p "$local_dir" "$root"
printf 'Edited by the fake editor.\n' >"$tmp/edited.txt"

start_xvfb "$wait_s"
# The fake editor, in the app's own preferences (XDG_CONFIG_HOME is under
# $tmp); the copies go to a cache folder under $tmp too.
prefs=$XDG_CONFIG_HOME/fyne/app.portside.Portside
mkdir -p "$prefs" "$tmp/cache"
printf '{"edit.commands":"txt=cp %s {}"}\n' "$tmp/edited.txt" >"$prefs/preferences.json"
export XDG_CACHE_HOME=$tmp/cache

XDG_CACHE_HOME=$tmp/cache "$bin" --demo --demo-root "$root" --local "$local_dir" >"$tmp/app.log" 2>&1 &
app_pid=$!

wid=""
for _ in $(seq $((wait_s * 5))); do
  kill -0 "$app_pid" 2>/dev/null || fail "portside exited before its window appeared"
  wid=$(xdotool search --onlyvisible --name '^Portside$' 2>/dev/null | head -1 || true)
  [ -n "$wid" ] && break
  sleep 0.2
done
[ -n "$wid" ] || fail "no Portside window within ${wait_s}s"
for _ in $(seq $((wait_s * 10))); do
  grep -q '^portside: remote listing / ' "$tmp/app.log" && break
  sleep 0.1
done
grep -q '^portside: remote listing / ' "$tmp/app.log" || fail "no remote listing within ${wait_s}s"
sleep 1

# Window coordinates at the 1280x800 the app opens with (see drag-xvfb.sh):
# rows from y=243, 29 px apart; README.txt is the remote pane's 7th row.
readme_y=$((243 + 29 * 6)) remote_x=800
# Menu lines and dialog controls, read off a screenshot of this layout (the
# context menu is moved up to fit in the window, so its lines stay put).
menu_edit_y=342 menu_perms_y=459 menu_x=866
box_x=506 owner_y=367 group_y=406 public_y=446 write_x=656
ok_xy="684 525" yes_xy="418 444"

wait_for() { # wait_for WHAT CMD...: poll CMD until it succeeds
  local what=$1; shift
  for _ in $(seq $((wait_s * 10))); do "$@" && return 0; sleep 0.1; done
  fail "$what within ${wait_s}s"
}

# 1. File permissions…: from no known mode, tick owner rw, group r, public r.
xdotool mousemove --window "$wid" $remote_x $readme_y click 1
sleep 0.4
xdotool mousemove --window "$wid" $remote_x $readme_y click 3
sleep 0.6
xdotool mousemove $menu_x $menu_perms_y click 1
sleep 0.8
for xy in "$box_x $owner_y" "$write_x $owner_y" "$box_x $group_y"; do
  xdotool mousemove $xy click 1
  sleep 0.3
done
import -window root "$chmod_png"
xdotool mousemove $ok_xy click 1
wait_for "README.txt to become 640" sh -c "[ \"\$(stat -c %a '$root/README.txt')\" = 640 ]"

# 2. View/Edit: the fake editor writes the copy at once; Yes uploads it.
xdotool mousemove --window "$wid" $remote_x $readme_y click 3
sleep 0.6
xdotool mousemove $menu_x $menu_edit_y click 1
sleep 2.5
import -window root "$edit_png"
xdotool mousemove $yes_xy click 1
wait_for "the edited README.txt on the server" cmp -s "$tmp/edited.txt" "$root/README.txt"

# 3. Find files…: Ctrl+F, "css", Enter.
xdotool mousemove --window "$wid" $remote_x 450 click 1
sleep 0.3
xdotool key ctrl+f
sleep 1
xdotool type --delay 50 css
xdotool key Return
sleep 2
import -window root "$find_png"
echo "files: OK (screenshots: $chmod_png $edit_png $find_png)"
