#!/usr/bin/env bash
# bench-sync.sh: times a 2,000-file sync, portside-cli against
# `lftp mirror --only-newer --parallel=4`, both ways and both again with
# nothing changed (the run that only compares: the planner's case).
#
# As a function for another bench script:
#   source scripts/bench-sync.sh
#   bench_sync HOST PORT USER PASSWORD WORKDIR    # prints one line per run
# On its own:
#   scripts/bench-sync.sh HOST PORT USER PASSWORD [WORKDIR]
#
# The server must let USER write in its login folder: the bench uses
# bench-portside/ and bench-lftp/ there (emptied first). PORTSIDE_CLI
# names the binary (default bin/portside-cli); BENCH_FILES the file count.
# Output lines: "sync <tool> <phase> <seconds> s", phases upload, upload-again,
# download, download-again.

bench_sync_tree() { # DIR COUNT: COUNT files of 1-64 KiB in 40 folders
  local dir=$1 count=$2 i
  mkdir -p "$dir"
  for ((i = 0; i < count; i++)); do
    local sub="$dir/d$((i % 40))"
    [ -d "$sub" ] || mkdir -p "$sub"
    head -c $(((i * 7919) % 65536 + 1024)) /dev/urandom >"$sub/f$i.bin"
  done
}

bench_sync_time() { # LABEL CMD...: runs CMD, prints "LABEL <seconds> s"
  local label=$1
  shift
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>"$BENCH_SYNC_WORK/last.err" || {
    echo "$label FAILED:" >&2
    cat "$BENCH_SYNC_WORK/last.err" >&2
    return 1
  }
  t1=$(date +%s.%N)
  printf '%s %.2f s\n' "$label" "$(echo "$t1 - $t0" | bc -l)"
}

bench_sync() { # HOST PORT USER PASSWORD WORKDIR
  local host=$1 port=$2 user=$3 pass=$4 work=$5
  local cli=${PORTSIDE_CLI:-bin/portside-cli} count=${BENCH_FILES:-2000}
  BENCH_SYNC_WORK=$work
  rm -rf "$work" && mkdir -p "$work"
  bench_sync_tree "$work/src" "$count"
  local url="ftp://$user@$host:$port"
  local ps=(env PORTSIDE_PASSWORD="$pass" "$cli" sync --parallel 4 --only-newer
    --manifest-dir "$work/manifests" --journal "$work/queue.db")
  local lf=(lftp -u "$user,$pass" -p "$port" -e)
  local lset="set ftp:ssl-allow no; set net:max-retries 2; set xfer:clobber on;"

  # Empty remote folders to start from.
  "${lf[@]}" "$lset rm -rf bench-portside bench-lftp; quit" "$host" >/dev/null 2>&1 || true

  bench_sync_time "sync portside upload" "${ps[@]}" "$url/bench-portside" "$work/src" || return 1
  bench_sync_time "sync lftp upload" "${lf[@]}" "$lset mirror -R --only-newer --parallel=4 $work/src bench-lftp; quit" "$host" || return 1
  bench_sync_time "sync portside upload-again" "${ps[@]}" "$url/bench-portside" "$work/src" || return 1
  bench_sync_time "sync lftp upload-again" "${lf[@]}" "$lset mirror -R --only-newer --parallel=4 $work/src bench-lftp; quit" "$host" || return 1
  bench_sync_time "sync portside download" "${ps[@]}" --direction download "$url/bench-portside" "$work/down-portside" || return 1
  bench_sync_time "sync lftp download" "${lf[@]}" "$lset mirror --only-newer --parallel=4 bench-lftp $work/down-lftp; quit" "$host" || return 1
  bench_sync_time "sync portside download-again" "${ps[@]}" --direction download "$url/bench-portside" "$work/down-portside" || return 1
  bench_sync_time "sync lftp download-again" "${lf[@]}" "$lset mirror --only-newer --parallel=4 bench-lftp $work/down-lftp; quit" "$host" || return 1

  # Both copies must be whole.
  if ! diff -r "$work/src" "$work/down-portside" >/dev/null; then
    echo "sync portside: the downloaded tree differs from the source" >&2
    return 1
  fi
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  if [ $# -lt 4 ]; then
    sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
  fi
  bench_sync "$1" "$2" "$3" "$4" "${5:-$(mktemp -d)/bench-sync}"
fi
