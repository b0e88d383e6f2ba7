#!/usr/bin/env bash
# Screenshots of the real window in Simplified Chinese (issue #14): start
# bin/portside --demo under Xvfb with LANG=zh_CN.UTF-8, take the main
# window connected to the demo server, then open the Site Manager (Ctrl+S)
# and take it.
#
#   scripts/zh-shots-xvfb.sh [MAIN.png [SITES.png]]
#
# Default: docs/screenshots/main-window-zh.png and site-manager-zh.png.
# Needs a CJK font (fonts-wqy-microhei, in scripts/deps.sh).
set -euo pipefail

cd "$(dirname "$0")/.."
bin=${PORTSIDE_BIN:-bin/portside}
main_png=${1:-docs/screenshots/main-window-zh.png}
sites_png=${2:-docs/screenshots/site-manager-zh.png}
fail() { echo "zh-shots: FAIL: $*" >&2; exit 1; }
. scripts/lib/xvfb.sh # after the cd to the repository root
[ -x "$bin" ] || fail "$bin not found; run make build first"
fc-list :lang=zh | grep -q . || fail "no CJK font: run scripts/deps.sh (fonts-wqy-microhei)"

tmp=$(mktemp -d /tmp/portside-zhshots.XXXXXX)
xvfb_pid="" app_pid=""
stop_on_exit zh-shots

start_xvfb 10
# A home of its own: the local pane shows these, not the user's files.
mkdir -p "$tmp/home/文档" "$tmp/home/照片"
printf '你好\n' >"$tmp/home/说明.txt"
head -c 300000 /dev/zero >"$tmp/home/backup.tar"
HOME="$tmp/home" LANG=zh_CN.UTF-8 LANGUAGE= LC_ALL= "$bin" --demo >"$tmp/app.log" 2>&1 &
app_pid=$!
wid=""
for _ in $(seq 150); do
  wid=$(xdotool search --onlyvisible --name 'Portside$' 2>/dev/null | head -1 || true)
  [ -n "$wid" ] && grep -q '^portside: remote listing / ' "$tmp/app.log" && break
  sleep 0.2
done
[ -n "$wid" ] || fail "no Portside window"
sleep "${WAIT_S:-2}"
xdotool mousemove 1439 899
sleep 0.3
import -window "$wid" "$main_png"
xdotool windowfocus --sync "$wid" key --window "$wid" ctrl+s
sleep "${WAIT_S:-2}"
import -window "$wid" "$sites_png"
echo "zh-shots: $main_png $sites_png"
