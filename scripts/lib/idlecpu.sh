# Idle CPU from /proc, for bench-ui.sh and idle-cpu.sh (issue #12). Source it.
#
# idle_sample PID SECONDS [XVFB_PID]: one line
#   TOTAL MAIN WAKEUPS XVFB
# TOTAL: percent of one core PID's threads used over SECONDS (utime+stime
# of /proc/PID/task/*/stat, so a thread that ends meanwhile is left out);
# MAIN: the main thread's share (Fyne's event loop and drawing: the thread
# locked to main); WAKEUPS: context switches a second, all threads
# (voluntary and not: how often it woke); XVFB: the X server's CPU, which
# a frame drawn and sent to it costs ("-" without XVFB_PID). With
# IDLE_THREADS set, each thread that ran goes to standard error too.
idle_sample() {
  local pid=$1 s=$2 xp=${3:-} a b xa="" xb=""
  _idle_snap() { # TID UTIME STIME SWITCHES per thread
    local t st
    for t in /proc/"$pid"/task/*; do
      st=$(sed 's/.*) //' "$t/stat" 2>/dev/null) || continue
      # shellcheck disable=SC2086 # split the fields on purpose
      set -- $st
      echo "${t##*/} ${12} ${13} $(awk '/ctxt_switches/ { n += $2 } END { print n + 0 }' "$t/status" 2>/dev/null)"
    done | sort
  }
  a=$(_idle_snap)
  [ -n "$xp" ] && xa=$(awk '{ print $14 + $15 }' "/proc/$xp/stat")
  sleep "$s"
  b=$(_idle_snap)
  [ -n "$xp" ] && xb=$(awk '{ print $14 + $15 }' "/proc/$xp/stat")
  join <(echo "$a") <(echo "$b") | awk -v hz="$(getconf CLK_TCK)" -v s="$s" -v pid="$pid" \
    -v xa="$xa" -v xb="$xb" -v verbose="${IDLE_THREADS:-}" '
    { d = ($5 + $6) - ($2 + $3); c = $7 - $4; tot += d; sw += c
      if ($1 == pid) main = d
      if (verbose != "" && (d > 0 || c > 0))
        printf "  thread %s%s: %.2f %% of a core, %.1f wakeups/s\n", $1, ($1 == pid ? " (main)" : ""), 100 * d / hz / s, c / s > "/dev/stderr" }
    END { printf "%.2f %.2f %.0f %s\n", 100 * tot / hz / s, 100 * main / hz / s, sw / s,
      (xa == "" ? "-" : sprintf("%.2f", 100 * (xb - xa) / hz / s)) }'
}
