#!/usr/bin/env bash
# Screenshots of the Settings window on the real window, in English and in
# Chinese: start bin/portside --demo under Xvfb with the system language set
# by LANG, press Ctrl+, (File → Settings…), show the Connection tab and
# take the window.
#
#   scripts/settings-shots-xvfb.sh [EN.png [ZH.png]]
#
# Default: docs/screenshots/settings-en.png and settings-zh.png. Chinese
# needs a CJK font (fonts-wqy-microhei, in scripts/deps.sh).
set -euo pipefail

cd "$(dirname "$0")/.."
bin=${PORTSIDE_BIN:-bin/portside}
en_png=${1:-docs/screenshots/settings-en.png}
zh_png=${2:-docs/screenshots/settings-zh.png}
fail() { echo "settings-shots: FAIL: $*" >&2; exit 1; }
. scripts/lib/xvfb.sh # after the cd to the repository root
[ -x "$bin" ] || fail "$bin not found; run make build first"
fc-list :lang=zh | grep -q . || fail "no CJK font: run scripts/deps.sh (fonts-wqy-microhei)"

tmp=$(mktemp -d /tmp/portside-settingsshots.XXXXXX)
xvfb_pid="" app_pid=""
stop_on_exit settings-shots

start_xvfb 10

# shot LANG PNG TAB_X: one run of the app in that language; TAB_X is where
# the Connection tab's title is (its width depends on the language).
shot() {
  LANG=$1 LANGUAGE= LC_ALL= "$bin" --demo >"$tmp/app.log" 2>&1 &
  app_pid=$!
  local wid=""
  for _ in $(seq 150); do
    wid=$(xdotool search --onlyvisible --name 'Portside' 2>/dev/null | head -1 || true)
    [ -n "$wid" ] && grep -q '^portside: remote listing / ' "$tmp/app.log" && break
    sleep 0.2
  done
  [ -n "$wid" ] || fail "no Portside window"
  sleep 1
  xdotool mousemove --window "$wid" 640 300 click 1
  xdotool key --window "$wid" ctrl+comma
  sleep 0.8
  # The Connection tab, the one with most settings.
  xdotool mousemove --window "$wid" "$3" "${TAB_Y:-221}" click 1
  sleep 0.5
  xdotool mousemove 1439 899
  sleep 0.3
  import -window "$wid" "$2"
  kill -TERM "$app_pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$app_pid" 2>/dev/null || true
  app_pid=""
}

shot en_US.UTF-8 "$en_png" 498
shot zh_CN.UTF-8 "$zh_png" 446
echo "settings-shots: $en_png $zh_png"
