#!/usr/bin/env bash
# idle-cpu: what an idle window costs (issue #12: "nothing redraws or
# polls when nothing changes"), under Xvfb, against the floor: a bare Fyne
# window (cmd/fyne-floor), which is what the toolkit alone takes. Per round:
#   floor      the bare window, 8 s after it opened
#   probe      Portside --demo, connected and listed, with --frame-probe
#              ticking (what bench-ui.sh measured before it paused the probe)
#   connected  the same window, the probe paused ("probe off" on its input)
#   text field the same, after Ctrl+T (a new tab: the host field focused,
#              its text cursor showing)
# Each: CPU of all threads over IDLE_S seconds (default 20) from /proc, the
# main thread's share (Fyne's loop and drawing), wakeups a second (context
# switches), and the X server's CPU (a frame drawn costs it). Medians of
# IDLE_ROUNDS (default 3), ranges, and each round's per-thread breakdown
# with IDLE_THREADS=1. PORTSIDE_BIN and FLOOR_BIN: the binaries.
set -euo pipefail

cd "$(dirname "$0")/.."
bin=${PORTSIDE_BIN:-bin/portside}
floor_bin=${FLOOR_BIN:-bin/fyne-floor}
secs=${IDLE_S:-20}
rounds=${IDLE_ROUNDS:-3}

fail() { echo "idle-cpu: FAIL: $*" >&2; exit 1; }
. scripts/lib/xvfb.sh
. scripts/lib/idlecpu.sh
[ -x "$bin" ] || fail "$bin not found; run make build first"
[ -x "$floor_bin" ] || fail "$floor_bin not found: go build -o bin/fyne-floor ./cmd/fyne-floor"
for tool in Xvfb xdotool; do command -v "$tool" >/dev/null || fail "$tool is missing; run scripts/deps.sh"; done

tmp=$(mktemp -d /tmp/portside-idle-cpu.XXXXXX)
xvfb_pid="" app_pid=""
stop_on_exit idle-cpu
results=$tmp/results
: >"$results"
alive() { # app_pid runs (an ended child stays a zombie until waited for)
  local st
  st=$(sed 's/.*) //' "/proc/$app_pid/stat" 2>/dev/null) || return 1
  [ "${st%% *}" != Z ]
}
# sample STATE: one sample of app_pid into this attempt's results; false,
# saying why, when the app or its X server went away meanwhile.
sample() {
  local line
  alive || { echo "idle-cpu: round $r, $1: the app is not running: $(tail -n 5 "$tmp"/*.log)" >&2; return 1; }
  [ -n "${IDLE_THREADS:-}" ] && echo "idle-cpu: round $r, $1:" >&2
  line=$(idle_sample "$app_pid" "$secs" "$xvfb_pid" 2>/dev/null) || true
  alive && kill -0 "$xvfb_pid" 2>/dev/null && [ -n "$line" ] ||
    { echo "idle-cpu: round $r, $1: the app or Xvfb ended while measured: $(tail -n 5 "$tmp"/*.log)" >&2; return 1; }
  echo "$1 $line" >>"$tmp/attempt"
  echo "idle-cpu: round $r, $1: $line (total %, main thread %, wakeups/s, Xvfb %)" >&2
}

# round: the floor, then Portside in its three states; false when a window
# did not open or went away (on this shared machine another program's
# clean-up can take an X server down), so that the round is run again.
round() {
  : >"$tmp/attempt"
  start_xvfb 30
  "$floor_bin" >"$tmp/floor.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 300); do xdotool search --onlyvisible --name '^fyne-floor$' >/dev/null 2>&1 && break; sleep 0.2; done
  xdotool search --onlyvisible --name '^fyne-floor$' >/dev/null 2>&1 || { echo "idle-cpu: no fyne-floor window: $(tail -n 5 "$tmp/floor.log")" >&2; return 1; }
  sleep 8
  sample floor || return 1
  stop_app_and_xvfb; app_pid="" xvfb_pid=""

  start_xvfb 30
  rm -f "$tmp/probe.ctl"; mkfifo "$tmp/probe.ctl"
  exec 7<>"$tmp/probe.ctl" # held open: the app's input does not end
  mkdir -p "$tmp/local"
  "$bin" --demo --local "$tmp/local" --frame-probe <"$tmp/probe.ctl" >"$tmp/app.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 600); do grep -q '^portside: remote listing / ' "$tmp/app.log" && break; sleep 0.1; done
  grep -q '^portside: remote listing / ' "$tmp/app.log" || { echo "idle-cpu: no remote listing: $(tail -n 5 "$tmp/app.log")" >&2; return 1; }
  sleep 5
  sample probe || return 1
  echo "probe off" >&7
  sleep 1
  sample connected || return 1
  xdotool key ctrl+t
  sleep 2
  sample text-field || return 1
  exec 7>&-
  stop_app_and_xvfb; app_pid="" xvfb_pid=""
}

for r in $(seq "$rounds"); do
  for attempt in 1 2 3; do
    if round; then cat "$tmp/attempt" >>"$results"; continue 2; fi
    exec 7>&-
    stop_app_and_xvfb; app_pid="" xvfb_pid=""
    echo "idle-cpu: round $r, attempt $attempt failed; again" >&2
  done
  fail "round $r failed 3 times"
done

echo
printf '%-12s %10s %10s %10s %8s   %s\n' "Idle state" "CPU %" "main %" "wakeups/s" "Xvfb %" "(median of $rounds × $secs s; CPU range)"
for state in floor probe connected text-field; do
  awk -v s="$state" '$1 == s' "$results" | awk -v s="$state" '
    { for (i = 2; i <= 5; i++) v[i, NR] = $i; n = NR }
    function med(i,   a, j, k, t) { for (j = 1; j <= n; j++) a[j] = v[i, j]
      for (j = 1; j <= n; j++) for (k = j + 1; k <= n; k++) if (a[k] + 0 < a[j] + 0) { t = a[j]; a[j] = a[k]; a[k] = t }
      return a[int((n + 1) / 2)] }
    function lo(i,   j, m) { m = v[i, 1]; for (j = 2; j <= n; j++) if (v[i, j] + 0 < m + 0) m = v[i, j]; return m }
    function hi(i,   j, m) { m = v[i, 1]; for (j = 2; j <= n; j++) if (v[i, j] + 0 > m + 0) m = v[i, j]; return m }
    END { if (n) printf "%-12s %10s %10s %10s %8s   %s–%s\n", s, med(2), med(3), med(4), med(5), lo(2), hi(2) }'
done
echo "load average (1 min) at the end: $(cut -d' ' -f1 /proc/loadavg)"
