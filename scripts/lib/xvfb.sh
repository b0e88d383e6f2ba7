# Shared by the scripts that drive the real window under Xvfb
# (smoke-xvfb.sh, drag-xvfb.sh, sync-shots-xvfb.sh). Source it; the caller
# sets $tmp (a private temp folder) and defines fail(). The caller's
# app_pid and xvfb_pid are what stop_app_and_xvfb (and stop_on_exit) stop.

# start_xvfb [WAIT_S]: a virtual screen (XVFB_SCREEN, default 1440x900) on a free display, and a private
# config and runtime folder under $tmp, so nothing touches the user's own.
# -displayfd makes Xvfb pick the display and tell us which: no races with
# other Xvfb instances or stale lock files.
start_xvfb() {
  local wait_s=${1:-30}
  # A second start in one script (bench-ui.sh: the floor, then the app)
  # must not read the last Xvfb's display before this one truncates it.
  rm -f "$tmp/display"
  Xvfb -displayfd 3 -screen 0 "${XVFB_SCREEN:-1440x900}x24" -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.log" &
  xvfb_pid=$!
  for _ in $(seq $((wait_s * 10))); do [ -s "$tmp/display" ] && break; sleep 0.1; done
  [ -s "$tmp/display" ] || fail "Xvfb did not start: $(cat "$tmp/xvfb.log")"
  export DISPLAY=":$(cat "$tmp/display")"
  mkdir -p "$tmp/config" "$tmp/runtime"
  chmod 700 "$tmp/runtime"
  export XDG_CONFIG_HOME="$tmp/config" XDG_RUNTIME_DIR="$tmp/runtime"
}

# stop_app_and_xvfb: the app gets TERM and five seconds to close its window
# (the demo removes its temp folder then), then KILL; then Xvfb.
stop_app_and_xvfb() {
  if [ -n "${app_pid:-}" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill -TERM "$app_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$app_pid" 2>/dev/null || true
  fi
  if [ -n "${xvfb_pid:-}" ]; then
    kill -TERM "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
}

# stop_on_exit NAME [KEEP]: on exit, stop the app and Xvfb; when the script
# failed, show the app's output under NAME; remove $tmp, unless KEEP (a
# screenshot) was written into it by a run that passed.
stop_on_exit() {
  _xvfb_name=$1 _xvfb_keep=${2:-}
  trap _xvfb_cleanup EXIT
  trap 'exit 130' INT TERM
}

_xvfb_cleanup() {
  local rc=$?
  stop_app_and_xvfb
  if [ $rc -ne 0 ] && [ -s "$tmp/app.log" ]; then
    echo "$_xvfb_name: app output:" >&2
    sed 's/^/  | /' "$tmp/app.log" >&2
  fi
  case "$_xvfb_keep" in "$tmp"/*) [ $rc -eq 0 ] || rm -rf "$tmp" ;; *) rm -rf "$tmp" ;; esac
  exit $rc
}
