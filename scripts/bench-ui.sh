#!/usr/bin/env bash
# bench-ui: the window's memory and speed at scale (issue #12), in the real
# window under Xvfb. Portside, then FileZilla (Debian's package, installed
# here when missing), on the same folders and the same loopback server:
#   start       local pane on a folder of 20,000 files
#   both        remote pane on a folder of 20,000 entries too
#   sort        a click on the local pane's Size title (the longest frame)
#   batch       after uploading 20,000 small files (one drag; the longest frame)
#   settled     30 and 60 s after the batch ended
#   enter       Enter on a folder of 20,000 entries (local list_1…, remote
#               A_list1…, that neither tool listed before) and Backspace
#               back, local and remote: time from the key to the
#               first frame that shows the new listing (scripts/lib/
#               framewatch.c watches a crop of the pane every 5 ms); for
#               remote also without the listing's data connection (from its
#               SYN to the server's FIN, seen by tcpdump on loopback), so the
#               server's own listing time is left out
# and the floor: a bare Fyne window (cmd/fyne-floor: one label, the same
# Fyne, driver and software GL), which is what the toolkit alone takes;
# for Enter → drawn, fyne-floor -list, whose key swaps 20,000 names made
# up front (no file system, no sort): what a key takes the toolkit alone.
# FileZilla gets the same server code on its own (cmd/bench-ftpd: the
# embedded demo server, explicit FTPS, same seeded folder), through its
# quick-connect bar, and uploads batch/ with its context menu's "Upload".
# Both use 2 connections: FileZilla's default "maximum simultaneous
# transfers" and Portside's default per site (which browsing shares).
# RSS from /proc (KiB → MB; anonymous and file-backed apart), idle CPU from
# /proc over BENCH_UI_IDLE_S (default 20) s, with the main thread's share,
# wakeups a second and the X server's CPU (measure_idle). Prints a table
# with ratios Portside/FileZilla, and Portside's own share (Portside − the
# bare window). BENCH_UI_ROUNDS (default 3) runs, medians; BENCH_UI_FILES
# (default 20000) files; PORTSIDE_BIN and FLOOR_BIN the binaries; PORTSIDE_ARGS more arguments for
# it (--pprof 127.0.0.1:6060); BENCH_UI_LOGS a folder that keeps each
# round's app output (with GODEBUG=gctrace=1, the GC's lines);
# BENCH_UI_ENTER (default 3) Enter/Backspace pairs per pane and round.
# To time one part quickly: BENCH_UI_FILEZILLA=0, BENCH_UI_FLOOR=0 and
# BENCH_UI_BATCH=0 leave out FileZilla, the bare window and the upload.
# Coordinates assume a 1440x900 screen, Portside's 1280x800 window at 0,0
# and FileZilla 3.63's default layout.
set -euo pipefail

cd "$(dirname "$0")/.."
bin=${PORTSIDE_BIN:-bin/portside}
floor_bin=${FLOOR_BIN:-bin/fyne-floor}
ftpd_bin=${BENCH_FTPD_BIN:-bin/bench-ftpd}
enter_reps=${BENCH_UI_ENTER:-3}
files=${BENCH_UI_FILES:-20000}
rounds=${BENCH_UI_ROUNDS:-3}
settle_s=${BENCH_UI_SETTLE:-60}
wait_s=${BENCH_UI_TIMEOUT:-600}
idle_s=${BENCH_UI_IDLE_S:-20}

fail() { echo "bench-ui: FAIL: $*" >&2; exit 1; }
. scripts/lib/xvfb.sh
. scripts/lib/idlecpu.sh

[ -x "$bin" ] || fail "$bin not found; run make build first"
[ -x "$floor_bin" ] || fail "$floor_bin not found; run make bench-ui (it builds it)"
for tool in Xvfb xdotool cc; do
  command -v "$tool" >/dev/null || fail "$tool is missing; run scripts/deps.sh"
done
have_tcpdump=""
[ "$(id -u)" = 0 ] && command -v tcpdump >/dev/null && have_tcpdump=1
[ -n "$have_tcpdump" ] || echo "bench-ui: no tcpdump (or not root): remote Enter times include the server's listing" >&2

tmp=$(mktemp -d /tmp/portside-bench-ui.XXXXXX)
xvfb_pid="" app_pid="" ftpd_pid=""
stop_on_exit bench-ui
trap 'rc=$?; stop_ftpd; (exit $rc); _xvfb_cleanup' EXIT
stop_ftpd() {
  [ -n "$ftpd_pid" ] || return 0
  kill "$ftpd_pid" 2>/dev/null || true
  wait "$ftpd_pid" 2>/dev/null || true
  ftpd_pid=""
}
fw=$tmp/framewatch
cc -O2 -o "$fw" scripts/lib/framewatch.c -lX11 || fail "cannot build scripts/lib/framewatch.c (libx11-dev)"

# The folders: local/ holds batch/ (the upload) and $files files; the
# server's root holds $files files. Names as a camera or a build makes them.
mk_files() { # DIR N PREFIX
  mkdir -p "$1"
  (cd "$1" && seq -f "$3%06g.dat" 1 "$2" | xargs -n 2000 touch)
}
# server_root DIR: $files files, and A_list1… (one per Enter, each $files
# files): a folder neither tool has listed before, so each remote Enter
# fetches its listing (FileZilla keeps listings it saw, batch/ among them:
# it lists a folder it uploads into). "A_" sorts them first in both tools.
server_root() {
  local i
  rm -rf "$1"; mk_files "$1" "$files" remote_
  for i in $(seq "$enter_reps"); do mk_files "$1/A_list$i" "$files" item_; done
}
# local/ also holds list_1… (one per Enter, $files files each): a folder
# neither tool has shown before, as on the server (Portside shows a folder
# it has shown from its cache at once; listing_cache.go). They sort after
# batch/, which stays the first folder for the drag.
local_dir=$tmp/local
mk_files "$local_dir" "$files" photo_
mk_files "$local_dir/batch" "$files" part_
for i in $(seq "$enter_reps"); do mk_files "$local_dir/list_$i" "$files" item_; done
for f in "$local_dir"/batch/part_00000{1..9}.dat; do echo small >"$f"; done

rss_mb() { awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo 0; }
# rss_part_mb PID FIELD: RssAnon (heaps: Go's, C's, the GL driver's) or
# RssFile (mapped code: Mesa's llvmpipe, GTK, the binary itself).
rss_part_mb() { awk -v f="$2:" '$1 == f { printf "%d", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo 0; }
record_rss() { # TOOL KEY PID: total, anonymous and file-backed
  record "$1" "$2" "$(rss_mb "$3")"
  record "$1" "${2}_anon" "$(rss_part_mb "$3" RssAnon)"
  record "$1" "${2}_file" "$(rss_part_mb "$3" RssFile)"
}
# measure_idle TOOL KEY PID: idle CPU over idle_s seconds (scripts/lib/
# idlecpu.sh): KEY the percent of a core all threads used, KEY_main the
# main thread's (Fyne's loop and drawing), KEY_wakeups context switches a
# second, KEY_xvfb the X server's (frames drawn cost it). Portside's frame
# probe is paused meanwhile ("probe off" on its input): its 100 hand-overs
# a second to the window's goroutine are the bench's, not the app's.
measure_idle() {
  local line
  [ "$1" = portside ] && { echo "probe off" >&7; sleep 1; }
  line=$(idle_sample "$3" "$idle_s" "$xvfb_pid")
  [ "$1" = portside ] && echo "probe on" >&7
  # shellcheck disable=SC2086 # the sample's four fields
  set -- "$1" "$2" $line
  record "$1" "$2" "$3"
  record "$1" "$2_main" "$4"
  record "$1" "$2_wakeups" "$5"
  record "$1" "$2_xvfb" "$6"
}
# The frame-time probe (portside --frame-probe): each second the longest
# the window could not draw. log_mark is where a moment starts in the
# app's output; probe_max MARK the longest since.
log_mark() { wc -l <"$tmp/app.log"; }
probe_max() {
  tail -n +"$(($1 + 1))" "$tmp/app.log" | awk '/^portside: frame probe max / { if ($5 > m) m = $5 } END { print m + 0 }'
}
wait_for() { # SECONDS COMMAND...: poll until COMMAND succeeds
  local s=$1; shift
  for _ in $(seq $((s * 10))); do "$@" && return 0; sleep 0.1; done
  return 1
}

find_window() { # NAME-REGEX
  local wid=""
  for _ in $(seq 300); do
    wid=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -1 || true)
    [ -n "$wid" ] && break
    sleep 0.2
  done
  echo "$wid"
}

# one_enter TOOL KEY PID SERVER-PORT KEYNAME CX CY CW CH: press KEYNAME
# and time the first frame in which the crop CX,CY,CW,CH (screen
# coordinates, the pane's names) shows what it settles on. SERVER-PORT 0:
# a local pane; else the data connection that carried the listing (its SYN
# to its FIN, on a port of PID's sockets that is not SERVER-PORT's) is the
# server's share and is taken out for KEY_net.
one_enter() {
  local w=$tmp/fw.out td=$tmp/td.out t0 tf fin tdpid="" fwpid rc=0
  : >"$td"
  if [ "$4" != 0 ] && [ -n "$have_tcpdump" ]; then
    tcpdump -i lo -n -tt -l -U '(tcp[tcpflags] & tcp-syn != 0 and tcp[tcpflags] & tcp-ack = 0) or tcp[tcpflags] & tcp-fin != 0' >"$td" 2>/dev/null &
    tdpid=$!
    sleep 1.5 # tcpdump takes a moment before it captures
  fi
  "$fw" "$6" "$7" "$8" "$9" 30000 3000 "$3" >"$w" &
  fwpid=$!
  wait_for 10 test -s "$w"
  t0=$(date +%s.%N)
  xdotool key "$5"
  wait "$fwpid" || rc=$?
  if [ -n "$tdpid" ]; then sleep 0.2; kill "$tdpid" 2>/dev/null; wait "$tdpid" 2>/dev/null || true; fi
  if [ -n "${BENCH_UI_LOGS:-}" ]; then mkdir -p "$BENCH_UI_LOGS" && cp "$w" "$BENCH_UI_LOGS/$1-$2-$(date +%s.%N).fw" && cp "$td" "$BENCH_UI_LOGS/$1-$2-$(date +%s.%N).td"; fi
  [ "$rc" = 0 ] || { echo "bench-ui: $1 $2: the pane did not change and settle within 30 s" >&2; return 0; }
  tf=$(awk '$2 == "frame" { n++; h[n] = $3; t[n] = $1 } END { for (i = 2; i <= n; i++) if (h[i] == h[n]) { print t[i]; exit } }' "$w")
  record "$1" "$2_s" "$(awk -v a="$t0" -v b="$tf" 'BEGIN { printf "%.3f", b - a }')"
  [ "$4" != 0 ] && [ -n "$have_tcpdump" ] || return 0
  # The first FIN after the key on a connection of PID's (not the control
  # connection): the listing's data connection; its SYN is where it began.
  fin=$(awk -v t0="$t0" -v tf="$tf" -v ctl="$4" '
    function port(x) { sub(/:$/, "", x); sub(/.*\./, "", x); return x }
    FNR == NR { if ($2 == "port") mine[$3] = 1; next }
    $1 + 0 <= t0 || $1 + 0 > tf || $2 != "IP" { next }
    { a = port($3); b = port($5); if (a == ctl || b == ctl || !(a in mine || b in mine)) next }
    $7 ~ /^\[S\]/ { syn[a " " b] = $1 }
    $7 ~ /F/ && ((a " " b) in syn || (b " " a) in syn) { s = (a " " b) in syn ? syn[a " " b] : syn[b " " a]; printf "%.6f %.6f\n", s, $1; exit }
  ' "$w" "$td")
  if [ -z "$fin" ]; then
    echo "bench-ui: $1 $2: no listing data connection seen (a cached listing?)" >&2
    return 0
  fi
  record "$1" "$2_data_s" "$(echo "$fin" | awk '{ printf "%.3f", $2 - $1 }')"
  record "$1" "$2_net_s" "$(echo "$fin" | awk -v a="$t0" -v b="$tf" '{ printf "%.3f", (b - a) - ($2 - $1) }')"
}

# measure_enter TOOL KEY PID SERVER-PORT ROWX ROWY CX CY CW CH [ROW-STEP]:
# click the row at ROWX,ROWY, Enter (a folder of $files), Backspace (back
# to the parent), enter_reps times; with ROW-STEP (remote: a row's height)
# the i-th time the row i-1 below, the folder A_list<i>, never listed yet.
measure_enter() {
  local i
  for i in $(seq "$enter_reps"); do
    xdotool mousemove "$5" $(($6 + (i - 1) * ${11:-0})) click 1
    sleep 1.5
    one_enter "$1" "${2}_in" "$3" "$4" Return "$7" "$8" "$9" "${10}"
    one_enter "$1" "${2}_up" "$3" "$4" BackSpace "$7" "$8" "$9" "${10}"
  done
}

results=$tmp/results
: >"$results"
record() { echo "$1 $2 $3" >>"$results"; echo "bench-ui: $1 $2 $3" >&2; }

# portside_batch: the drag of batch/ (20,000 files) onto the remote pane,
# and the memory during and after it (run_portside's locals: wid, mark).
portside_batch() {
  local peak x r ended
  record_rss portside before_batch_mb "$app_pid"
  mark=$(log_mark)
  # Drag local row 0 (the folder batch/) onto the remote pane. Row 0 sits
  # under the menu, the toolbar, the session tabs, the connect bar, the
  # path bar and the column titles: y 243 in a 1280x800 window.
  local y=${BENCH_UI_ROW0_Y:-243}
  xdotool mousemove --window "$wid" 80 "$y" click 1; sleep 0.4
  xdotool mousemove --window "$wid" 80 "$y" mousedown 1
  for x in 100 140 220 340 480 600 700 760 790 800; do xdotool mousemove --window "$wid" $x "$y"; sleep 0.05; done
  sleep 0.4; xdotool mouseup 1
  peak=0
  # (Lines counted wherever they start: with GODEBUG=gctrace=1 the GC's
  # lines cut into the app's.)
  for _ in $(seq $((wait_s * 2))); do
    r=$(rss_mb "$app_pid"); [ "$r" -gt "$peak" ] && peak=$r
    [ "$(grep -c 'portside: upload done .*/batch/part_' "$tmp/app.log")" -ge "$files" ] && break
    sleep 0.5
  done
  ended=$(grep -c 'portside: upload done .*/batch/part_' "$tmp/app.log" || true)
  record portside batch_done_count "$ended"
  [ "$ended" -gt 0 ] || fail "the drag started no upload (has the layout moved? BENCH_UI_ROW0_Y)"
  record portside batch_peak_mb "$peak"
  record portside batch_frame_ms "$(probe_max "$mark")"
  after_batch portside
}

# after_batch TOOL: its memory just after the batch, then settle_s/2 and
# settle_s later, and its idle CPU then.
after_batch() {
  sleep 2
  record "$1" batch_end_mb "$(rss_mb "$app_pid")"
  sleep $((settle_s / 2))
  record "$1" settled_half_mb "$(rss_mb "$app_pid")"
  sleep $((settle_s - settle_s / 2))
  record_rss "$1" settled_mb "$app_pid"
  measure_idle "$1" idle_cpu_after_pct "$app_pid"
}

# start_ftpd ROOT: cmd/bench-ftpd on ROOT, its port in $port. Both tools
# use it, in its own process: --demo would run the server inside
# Portside's, whose memory and collector would carry the server's too.
start_ftpd() {
  "$ftpd_bin" "$1" >"$tmp/ftpd.log" 2>&1 &
  ftpd_pid=$!
  wait_for 30 grep -q '^bench-ftpd: on ' "$tmp/ftpd.log" || fail "bench-ftpd did not start: $(cat "$tmp/ftpd.log")"
  port=$(sed -n 's/^bench-ftpd: on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$tmp/ftpd.log")
}

# place NAME: sets X Y to the middle of Portside's control NAME (its
# placements, printed on SIGUSR1: cmd/portside/placements_unix.go); fails
# when it is not on screen.
place_n=0
place() {
  local line
  place_n=$((place_n + 1))
  kill -USR1 "$app_pid" 2>/dev/null || return 1
  for _ in $(seq 100); do grep -qx "portside: at end $place_n" "$tmp/app.log" && break; sleep 0.05; done
  line=$(sed -n "/^portside: at begin $place_n\$/,/^portside: at end $place_n\$/p" "$tmp/app.log" | grep -m1 "^portside: at $1 " || true)
  [ -n "$line" ] || return 1
  read -r _ _ _ PX PY PW PH <<<"$line"
  X=$((PX + PW / 2)) Y=$((PY + PH / 2))
}

run_portside() { # ROUND
  local root=$tmp/server-$1 wid t0 t1 peak mark port X Y PX PY PW PH
  server_root "$root"
  [ -x "$ftpd_bin" ] || fail "$ftpd_bin not found; run make bench-ui (it builds it)"
  start_ftpd "$root"
  start_xvfb 30
  # A first start each round: no tabs kept from the last (the URL's tab is
  # saved at close, and would open beside the new one on the home folder).
  rm -rf "$tmp/config"; mkdir -p "$tmp/config"
  place_n=0
  # The probe's input: a FIFO held open here, for measure_idle's "probe off".
  rm -f "$tmp/probe.ctl"; mkfifo "$tmp/probe.ctl"
  exec 7<>"$tmp/probe.ctl"
  # shellcheck disable=SC2086 # PORTSIDE_ARGS is split on purpose
  PORTSIDE_PLACEMENTS=1 PORTSIDE_PASSWORD=demo "$bin" --local "$local_dir" --frame-probe ${PORTSIDE_ARGS:-} "ftpes://demo@127.0.0.1:$port/" <"$tmp/probe.ctl" >"$tmp/app.log" 2>&1 &
  app_pid=$!
  wid=$(find_window 'Portside$')
  [ -n "$wid" ] || fail "no Portside window"
  # The server's certificate is new: "Trust this time" (the question's
  # right button, 34 px over its bottom edge), as FileZilla's is accepted
  # once.
  for _ in $(seq 150); do place dlg.trust && break; sleep 0.2; done
  place dlg.trust && place overlay || fail "Portside showed no certificate question"
  t0=$(date +%s.%N)
  xdotool mousemove --window "$wid" $((X + 45)) $((PY + PH - 34)) click 1
  wait_for 120 grep -q '^portside: remote listing / ' "$tmp/app.log" || fail "no remote listing"
  t1=$(date +%s.%N)
  sleep 3
  record_rss portside start_both_mb "$app_pid"
  record portside start_to_listed_s "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')"
  measure_idle portside idle_cpu_pct "$app_pid"
  # A click on the local pane's Size title: 20,001 entries sorted.
  mark=$(log_mark)
  xdotool mousemove --window "$wid" 290 "${BENCH_UI_HEADER_Y:-214}" click 1
  sleep 3
  record portside sort_click_frame_ms "$(probe_max "$mark")"
  xdotool mousemove --window "$wid" 80 "${BENCH_UI_HEADER_Y:-214}" click 1 # back to by name
  sleep 3
  if [ "${BENCH_UI_BATCH:-1}" = 1 ]; then portside_batch; fi
  # Enter → drawn: list_1… are local rows 1… (under batch/), A_list1…
  # remote rows 0…; the crops are the Name columns' rows.
  measure_enter portside enter_local "$app_pid" 0 80 $((${BENCH_UI_ROW0_Y:-243} + 29)) 25 230 200 230 29
  measure_enter portside enter_remote "$app_pid" "${port:-0}" 700 "${BENCH_UI_ROW0_Y:-243}" 660 230 200 230 29
  if [ -n "${BENCH_UI_LOGS:-}" ]; then mkdir -p "$BENCH_UI_LOGS" && cp "$tmp/app.log" "$BENCH_UI_LOGS/portside-$1.log"; fi
  stop_app_and_xvfb; app_pid="" xvfb_pid=""
  exec 7>&-
  stop_ftpd
}

# filezilla_batch: FileZilla's upload of batch/ and its memory during and
# after it (run_filezilla's locals: fzx, fzy, root, peak, n).
filezilla_batch() {
  record_rss filezilla before_batch_mb "$app_pid"
  # Right click on batch/ (local row 1, under ".."), then "Upload", the
  # menu's first item.
  fz_click 42 469 3; sleep 1
  xdotool mousemove_relative 58 15 click 1
  peak=0 n=0
  for _ in $(seq $((wait_s * 2))); do
    r=$(rss_mb "$app_pid"); [ "$r" -gt "$peak" ] && peak=$r
    n=$( (ls -f "$root/batch" 2>/dev/null || true) | grep -c '^part_' || true)
    [ "$n" -ge "$files" ] && break
    sleep 0.5
  done
  record filezilla batch_done_count "$n"
  [ "$n" -gt 0 ] || { echo "bench-ui: FileZilla's upload did not start" >&2; return 1; }
  record filezilla batch_peak_mb "$peak"
  after_batch filezilla
}

# FileZilla (Debian's package) through the same moments: start with the
# local pane on the same folder, connect with the quick-connect bar to
# cmd/bench-ftpd (the demo server's code on its own, the same seeded
# folder of $files entries), upload batch/ with the local list's context
# menu, settle, then Enter/Backspace. Its window sits at 120,25 (no window
# manager); the offsets below are from its top-left corner. FileZilla has
# no frame probe: its frame rows stay empty.
fz_click() { xdotool mousemove $((fzx + $1)) $((fzy + $2)) click "${3:-1}"; }
# fz_ok NAME: click OK (62,25 from the bottom right) on FileZilla's dialog
# NAME if it is shown; false if not.
fz_ok() {
  local d x y w h
  d=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -1 || true)
  [ -n "$d" ] || return 1
  eval "$(xdotool getwindowgeometry --shell "$d")"
  x=$X y=$Y w=$WIDTH h=$HEIGHT
  xdotool mousemove $((x + w - 62)) $((y + h - 25)) click 1
  sleep 1
}
run_filezilla() { # ROUND
  local wid root=$tmp/server-fz-$1 port peak n mark
  if ! command -v filezilla >/dev/null; then
    [ "$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends filezilla >/dev/null 2>&1 || true
  fi
  command -v filezilla >/dev/null || { echo "bench-ui: filezilla not installed; no comparison" >&2; return 0; }
  [ -x "$ftpd_bin" ] || fail "$ftpd_bin not found; run make bench-ui (it builds it)"
  server_root "$root"
  start_ftpd "$root"
  start_xvfb 30
  rm -rf "$tmp/config/filezilla" "$tmp/fzhome" # a first start each round: same dialogs, no saved state
  mkdir -p "$tmp/fzhome"
  HOME=$tmp/fzhome filezilla --local="$local_dir" >"$tmp/fz.log" 2>&1 &
  app_pid=$!
  wid=$(find_window '^FileZilla$')
  [ -n "$wid" ] || { echo "bench-ui: no FileZilla window: $(xdotool search --name . getwindowname %@ 2>&1 | tr '\n' ' ') $(tail -3 "$tmp/fz.log")" >&2; stop_app_and_xvfb; stop_ftpd; return 0; }
  eval "$(xdotool getwindowgeometry --shell "$wid")"
  fzx=$X fzy=$Y
  wait_for 30 fz_ok 'Welcome to FileZilla' || true
  sleep 8
  record_rss filezilla start_local_mb "$app_pid"
  # Quick connect: host, user, password, port, Enter (the demo's
  # password; FileZilla is told not to save passwords).
  fz_click 108 89; xdotool type 127.0.0.1
  fz_click 308 89; xdotool type demo
  fz_click 487 89; xdotool type demo
  fz_click 612 89; xdotool type "$port"
  xdotool key Return
  # "Remember passwords?": "Do not save passwords" (18,107 in the dialog).
  if wait_for 30 xdotool search --onlyvisible --name 'Remember passwords' >/dev/null 2>&1; then
    eval "$(xdotool getwindowgeometry --shell "$(xdotool search --onlyvisible --name 'Remember passwords' | head -1)")"
    xdotool mousemove $((X + 18)) $((Y + 107)) click 1
    sleep 0.5
    fz_ok 'Remember passwords' || true
  fi
  wait_for 60 fz_ok 'Unknown certificate' || { echo "bench-ui: FileZilla showed no certificate prompt" >&2; stop_app_and_xvfb; stop_ftpd; return 0; }
  # Listed: the remote Name column changes, then stays the same 3 s.
  # (No change within 20 s: it was drawn before the watch began.)
  "$fw" $((fzx + 607)) $((fzy + 435)) 150 230 20000 3000 >/dev/null || true
  sleep 3
  record_rss filezilla start_both_mb "$app_pid"
  measure_idle filezilla idle_cpu_pct "$app_pid"
  if [ "${BENCH_UI_BATCH:-1}" = 1 ]; then
    filezilla_batch || { stop_app_and_xvfb; stop_ftpd; return 0; }
  fi
  # Enter → drawn: list_1… are local rows 2… (under ".." and batch/),
  # A_list1… remote rows 1… (under ".."); the crops are the Name columns'
  # first ten rows.
  measure_enter filezilla enter_local "$app_pid" 0 $((fzx + 42)) $((fzy + 469 + 23)) $((fzx + 2)) $((fzy + 435)) 180 230 23
  measure_enter filezilla enter_remote "$app_pid" "$port" $((fzx + 647)) $((fzy + 469)) $((fzx + 607)) $((fzy + 435)) 150 230 23
  stop_app_and_xvfb; app_pid="" xvfb_pid=""
  stop_ftpd
}

# The floor: a bare Fyne window with one label, same screen, same wait.
run_floor() {
  local wid
  start_xvfb 30
  "$floor_bin" >"$tmp/floor.log" 2>&1 &
  app_pid=$!
  wid=$(find_window '^fyne-floor$')
  [ -n "$wid" ] || fail "no fyne-floor window"
  sleep 8
  record_rss floor start_mb "$app_pid"
  measure_idle floor idle_cpu_pct "$app_pid"
  stop_app_and_xvfb; app_pid="" xvfb_pid=""
  # Enter → drawn for a Fyne window that has nothing to list or sort: a
  # list of 20,000 names that Return and BackSpace swap for others made
  # up front (fyne-floor -list). What a key costs the toolkit alone.
  start_xvfb 30
  "$floor_bin" -list >"$tmp/floor.log" 2>&1 &
  app_pid=$!
  wid=$(find_window '^fyne-floor$')
  [ -n "$wid" ] || fail "no fyne-floor -list window"
  sleep 5
  local i
  for i in $(seq "$enter_reps"); do
    one_enter floor enter_in "$app_pid" 0 Return 10 10 200 230
    one_enter floor enter_up "$app_pid" 0 BackSpace 10 10 200 230
  done
  stop_app_and_xvfb; app_pid="" xvfb_pid=""
}

for r in $(seq "$rounds"); do
  record load load1 "$(cut -d' ' -f1 /proc/loadavg)"
  if [ "${BENCH_UI_FLOOR:-1}" = 1 ]; then run_floor; fi
  if [ "${BENCH_UI_PORTSIDE:-1}" = 1 ]; then run_portside "$r"; fi
  record load load1_fz "$(cut -d' ' -f1 /proc/loadavg)"
  if [ "${BENCH_UI_FILEZILLA:-1}" = 1 ]; then run_filezilla "$r"; fi
done

# The table: medians over the rounds.
median() { # TOOL KEY
  awk -v t="$1" -v k="$2" '$1 == t && $2 == k { print $3 }' "$results" | sort -n |
    awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'
}
echo
printf '%-44s %9s %9s %6s %10s %9s\n' "Moment ($files files, median of $rounds)" Portside FileZilla ratio "bare Fyne" "own share"
row() { # LABEL PORTSIDE-KEY FILEZILLA-KEY [FLOOR-KEY]
  local p f b
  p=$(median portside "$2"); f=$([ -n "$3" ] && median filezilla "$3" || echo -)
  b=$([ -n "${4:-}" ] && median floor "$4" || echo -)
  printf '%-44s %9s %9s %6s %10s %9s\n' "$1" "$p" "$f" \
    "$(awk -v p="$p" -v f="$f" 'BEGIN { if (f + 0 > 0 && p != "-") printf "%.2f", p / f; else print "-" }')" "$b" \
    "$(awk -v p="$p" -v b="$b" 'BEGIN { if (b == "-" || p == "-") print "-"; else if (p ~ /\.[0-9][0-9][0-9]$/) printf "%.3f", p - b; else printf "%.1f", p - b }')"
}
row "RSS MB, start, both panes on $files" start_both_mb start_both_mb start_mb
row "  of which anonymous (heaps)" start_both_mb_anon start_both_mb_anon start_mb_anon
row "  of which file-backed (code)" start_both_mb_file start_both_mb_file start_mb_file
row "RSS MB, start, local pane only" - start_local_mb
row "Certificate trusted to listing drawn, s" start_to_listed_s ""
row "Idle CPU %, connected" idle_cpu_pct idle_cpu_pct idle_cpu_pct
row "  of which the main thread (loop, drawing)" idle_cpu_pct_main idle_cpu_pct_main idle_cpu_pct_main
row "  wakeups (context switches) a second" idle_cpu_pct_wakeups idle_cpu_pct_wakeups idle_cpu_pct_wakeups
row "  the X server's CPU meanwhile, %" idle_cpu_pct_xvfb idle_cpu_pct_xvfb idle_cpu_pct_xvfb
row "Longest frame, click on Size (20,001), ms" sort_click_frame_ms ""
row "Uploads done" batch_done_count batch_done_count
row "Longest frame during the upload, ms" batch_frame_ms ""
row "RSS MB, peak during the upload" batch_peak_mb batch_peak_mb
row "RSS MB, batch just ended" batch_end_mb batch_end_mb
row "RSS MB, $((settle_s / 2)) s after the batch" settled_half_mb settled_half_mb
row "RSS MB, ${settle_s} s after the batch" settled_mb settled_mb
row "  of which anonymous (heaps)" settled_mb_anon settled_mb_anon
# The goal: back within 50 MB of what it was just before the drag, per round.
grown() { # TOOL
  awk -v t="$1" '$1 == t && $2 == "before_batch_mb" { b[++nb] = $3 } $1 == t && $2 == "settled_mb" { s[++ns] = $3 }
    END { for (i = 1; i <= ns; i++) print s[i] - b[i] }' "$results" | sort -n |
    awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : "-" }'
}
printf '%-44s %9s %9s\n' "  settled − before the batch (goal ≤ 50)" "$(grown portside)" "$(grown filezilla)"
row "Idle CPU % after the batch" idle_cpu_after_pct idle_cpu_after_pct
row "Enter → drawn, local list_N/ ($files), s" enter_local_in_s enter_local_in_s enter_in_s
row "Backspace → drawn, local (parent), s" enter_local_up_s enter_local_up_s enter_up_s
row "Enter → drawn, remote A_listN ($files), s" enter_remote_in_s enter_remote_in_s
row "  without the listing's data connection, s" enter_remote_in_net_s enter_remote_in_net_s enter_in_s
row "  the data connection (server's share), s" enter_remote_in_data_s enter_remote_in_data_s
row "Backspace → drawn, remote (parent), s" enter_remote_up_s enter_remote_up_s
row "  without the listing's data connection, s" enter_remote_up_net_s enter_remote_up_net_s enter_up_s
row "  the data connection (server's share), s" enter_remote_up_data_s enter_remote_up_data_s
# Ranges of what varies most (each round's value, or each Enter's).
span() { # TOOL KEY
  awk -v t="$1" -v k="$2" '$1 == t && $2 == k { print $3 }' "$results" | sort -n |
    awk '{ v[NR] = $1 } END { if (NR) printf "%s–%s (%d)", v[1], v[NR], NR; else print "-" }'
}
echo
echo "Ranges (min–max (count)):"
for k in start_both_mb batch_peak_mb settled_mb enter_local_in_s enter_local_up_s enter_remote_in_s enter_remote_in_net_s enter_remote_up_s enter_remote_up_net_s; do
  printf '  %-24s Portside %-22s FileZilla %s\n' "$k" "$(span portside "$k")" "$(span filezilla "$k")"
done
echo "(FileZilla 3.63: the same server code (cmd/bench-ftpd, explicit FTPS), quick connect, upload by its"
echo " context menu, 2 connections each (FileZilla's default transfers, Portside's default per site)."
echo " Enter → drawn: key to the first frame showing the listing the pane settles on (crop every 5 ms);"
echo " \"without the data connection\": minus the listing's data connection, SYN to FIN (tcpdump)."
echo " bare Fyne: cmd/fyne-floor, one label in a 1280x800 window; own share = Portside − bare Fyne."
echo " 0.8 × FileZilla's RSS with both panes = $(awk -v f="$(median filezilla start_both_mb)" 'BEGIN { if (f + 0 > 0) printf "%d", 0.8 * f; else print "-" }') MB; the bare window alone takes $(median floor start_mb) MB."
echo " load average (1 min) at each round's start and before FileZilla: $(awk '$1 == "load" { printf "%s ", $3 }' "$results"))"
