#!/usr/bin/env bash
# Screenshot of two tabs on the real window: bin/portside under Xvfb,
# quick-connected to one demo server in the first tab and, in a second tab
# (Ctrl+T, its quick-connect bar), to another (explicit TLS; each
# certificate trusted this time). One upload from each
# tab, then the queue's Done tab: both servers' transfers in the one
# queue, told apart by the site column.
#
#   scripts/tabs-shots-xvfb.sh [OUT.png]
#
# Default: docs/screenshots/tabs.png.
set -euo pipefail

cd "$(dirname "$0")/.."
bin=${PORTSIDE_BIN:-bin/portside}
out=${1:-docs/screenshots/tabs.png}
wait_s=${SMOKE_TIMEOUT:-30}
fail() {
  echo "tabs-shots: FAIL: $*" >&2
  # TABS_DEBUG=DIR keeps the window at the failure there.
  if [ -n "${TABS_DEBUG:-}" ] && [ -n "${wid:-}" ]; then
    mkdir -p "$TABS_DEBUG" && import -window "$wid" "$TABS_DEBUG/at-failure.png" 2>/dev/null || true
  fi
  exit 1
}
. scripts/lib/xvfb.sh # after the cd to the repository root
[ -x "$bin" ] || fail "$bin not found; run make build first"

tmp=$(mktemp -d /tmp/portside-tabsshots.XXXXXX)
xvfb_pid="" app_pid="" second_pid="" second_xvfb=""
stop_on_exit tabs-shots
stop_second() {
  [ -n "$second_pid" ] && kill $second_pid 2>/dev/null
  [ -n "$second_xvfb" ] && kill "$second_xvfb" 2>/dev/null
  return 0
}
trap 'rc=$?; stop_second; (exit $rc); _xvfb_cleanup' EXIT
start_xvfb "$wait_s"
export FYNE_SCALE=1 PORTSIDE_PLACEMENTS=1

loc=$tmp/local
mkdir -p "$loc/site" "$tmp/srv1" "$tmp/srv2"
printf '<!doctype html><title>Shop</title>\n' >"$loc/index.html"
head -c 180000 /dev/urandom >"$loc/banner.jpg"
printf 'body { margin: 0; }\n' >"$loc/site/site.css"

applog=$tmp/app.log seq_n=0
where() { # where NAME: X Y, the middle of a named control (placements)
  local name=$1 line block
  seq_n=$((seq_n + 1))
  kill -USR1 "$app_pid" 2>/dev/null || fail "portside is gone (looking for $name)"
  for _ in $(seq $((wait_s * 20))); do
    grep -qx "portside: at end $seq_n" "$applog" && break
    sleep 0.05
  done
  block=$(sed -n "/^portside: at begin $seq_n\$/,/^portside: at end $seq_n\$/p" "$applog")
  line=$(grep -m1 "^portside: at $name " <<<"$block" || true)
  [ -n "$line" ] || return 1
  read -r _ _ _ PX PY PW PH <<<"$line"
  X=$((PX + PW / 2)) Y=$((PY + PH / 2))
}
need() { where "$1" || fail "$1 is not on screen"; }
click() { need "$1"; xdotool mousemove --window "$wid" "$X" "$Y" click 1; sleep 0.4; }
wait_log() { # wait_log FILE REGEX [COUNT]
  for _ in $(seq $((wait_s * 10))); do
    local n
    n=$(grep -c "$2" "$1" 2>/dev/null || true)
    [ "${n:-0}" -ge "${3:-1}" ] && return 0
    sleep 0.1
  done
  fail "no \"$2\" in $(basename "$1") within ${wait_s}s"
}

# Two demo servers, each in a bin/portside --demo whose window goes to a
# screen of its own (only their servers are used). The window shot is a
# plain Portside that quick-connects to both: a demo window trusts only
# its own server's certificate.
Xvfb -displayfd 4 -screen 0 800x600x24 -nolisten tcp 4>"$tmp/display2" 2>/dev/null &
second_xvfb=$!
for _ in $(seq $((wait_s * 10))); do [ -s "$tmp/display2" ] && break; sleep 0.1; done
[ -s "$tmp/display2" ] || fail "the second Xvfb did not start"
for n in 1 2; do
  DISPLAY=":$(cat "$tmp/display2")" "$bin" --demo --demo-root "$tmp/srv$n" >"$tmp/demo$n.log" 2>&1 &
  second_pid="$second_pid $!"
  wait_log "$tmp/demo$n.log" '^portside: demo server on 127.0.0.1:'
done
port1=$(sed -n 's/^portside: demo server on 127.0.0.1:\([0-9]*\) .*/\1/p' "$tmp/demo1.log" | head -1)
port2=$(sed -n 's/^portside: demo server on 127.0.0.1:\([0-9]*\) .*/\1/p' "$tmp/demo2.log" | head -1)

# trust: "Trust this time" on the certificate question, the dialog's
# confirm button (right of the middle, at the bottom).
trust() {
  for _ in $(seq $((wait_s * 2))); do
    if where dlg.trust; then
      need overlay
      xdotool mousemove --window "$wid" $((X + 45)) $((PY + PH - 34)) click 1
      sleep 0.5
      return 0
    fi
    sleep 0.5
  done
  fail "no certificate question"
}

PORTSIDE_PASSWORD=demo "$bin" --local "$loc" "ftpes://demo@127.0.0.1:$port1/" >"$applog" 2>&1 &
app_pid=$!
wid=""
for _ in $(seq $((wait_s * 5))); do
  wid=$(xdotool search --onlyvisible --name 'Portside' 2>/dev/null | head -1 || true)
  [ -n "$wid" ] && break
  sleep 0.2
done
[ -n "$wid" ] || fail "no Portside window"
trust
wait_log "$applog" '^portside: remote listing / '
sleep 1

# Upload banner.jpg from the first tab (row 1 of the local pane: site/ is 0).
upload_row() {
  need pane.local
  xdotool mousemove --window "$wid" $((PX + 60)) $((PY + 14 + 29 * $1)) click 1
  sleep 0.3
  xdotool key Return
  sleep 0.5
}
upload_row 1
wait_log "$applog" '^portside: upload done ' 1
sleep 1 # the pane's listing again, after the upload

# The second tab, connected to the second demo server.
xdotool key ctrl+t
sleep 0.8
click bar.host
xdotool type --delay 20 127.0.0.1
click bar.port
xdotool type --delay 20 "$port2"
click bar.user
xdotool type --delay 20 demo
click bar.password
xdotool type --delay 20 demo
click bar.tls
xdotool key --delay 80 Down Down space # Explicit
sleep 0.4
listed=$(grep -c '^portside: remote listing / ' "$applog" || true)
click bar.connect
trust
wait_log "$applog" '^portside: remote listing / ' $((listed + 1))
sleep 0.5
upload_row 2 # index.html
wait_log "$applog" '^portside: upload done ' 2

# The queue's Done tab: both transfers, one per server.
click queue.tab.2
xdotool mousemove 1439 899
sleep 1
import -window "$wid" "$out"
echo "tabs-shots: $out"
